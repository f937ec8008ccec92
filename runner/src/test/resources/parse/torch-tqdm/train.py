#!/usr/bin/python3
"""Typical user PyTorch loop with tqdm progress bar and pbar.set_postfix(loss=...).
Console (tqdm writes to stderr) -> captured by the caller; ground truth -> truth.json written by this script (not the console).
Usage: train.py [SEED] [TRUTH_JSON]"""
import json, sys, time
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm
import tqdm as tqdm_mod

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
truth_path = sys.argv[2] if len(sys.argv) > 2 else "truth.json"
torch.manual_seed(seed)
EPOCHS, BATCH_SIZE, N = 3, 32, 1280
X = torch.randn(N, 64)
w = torch.randn(64, 5)
y = (X @ w + 0.5 * torch.randn(N, 5)).argmax(1)
loader = DataLoader(TensorDataset(X, y), batch_size=BATCH_SIZE, shuffle=True)
model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 5))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

losses, step, t0 = [], 0, time.time()
for epoch in range(EPOCHS):
    model.train()
    pbar = tqdm(loader, desc=f"Epoch {epoch + 1}/{EPOCHS}")
    for xb, yb in pbar:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        step += 1
        losses.append([step, loss.item()])
        pbar.set_postfix(loss=loss.item())
        time.sleep(0.02)  # stand-in for real per-step work so tqdm draws intermediate frames
elapsed = time.time() - t0
vals = [l for _, l in losses]
json.dump({
    "framework": "torch " + torch.__version__ + ", tqdm " + tqdm_mod.__version__,
    "loss": {"initial": vals[0], "final": vals[-1], "best": min(vals), "count": len(vals)},
    "steps": step,
    "steps_unit": "optimizer steps (batches) over all epochs; tqdm's n/total counter is per epoch (resets: a new bar per epoch, total=len(loader))",
    "steps_per_epoch": len(loader), "epochs": EPOCHS,
    "batch_size": BATCH_SIZE, "n_samples": N,
    "console_precision": "tqdm set_postfix formats floats with 3 significant digits ('{:.3g}', or str() if shorter), e.g. loss=1.23 / loss=0.0456",
    "losses": losses,
    "wall_time_s": elapsed,
    "notes": ("Losses recorded by the script itself (loss.item() per step) into this file. tqdm writes to STDERR; frames are separated "
              "by '\\r' (no newline) and each epoch's bar ends with one '\\n' (leave=True). set_postfix(refresh=True, the default) "
              "forces a redraw on EVERY call, and that redraw happens BEFORE tqdm increments n, so the frame showing loss of step k "
              "of an epoch shows counter k-1 (the loss belongs to the batch about to be counted). Frames are also drawn by the "
              "iterator itself (throttled, mininterval=0.1s). it/s in the frames is batches/s, not samples/s."),
}, open(truth_path, "w"), indent=1)
