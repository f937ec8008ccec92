#!/usr/bin/python3
"""Variant-2: step-based loop (no epochs shown) with a manual tqdm(total=...) bar, pbar.update(1),
set_postfix with a dict of pre-formatted strings and refresh=False (so frames are throttled and not every step is visible),
and periodic tqdm.write() eval lines. Truth -> truth.json written by the script.
Usage: train.py [SEED] [TRUTH_JSON]"""
import json, sys, time
import torch, torch.nn as nn
from tqdm import tqdm
import tqdm as tqdm_mod

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 5
truth_path = sys.argv[2] if len(sys.argv) > 2 else "truth.json"
torch.manual_seed(seed)
MAX_STEPS, BATCH_SIZE, EVAL_EVERY = 150, 16, 50
w_true = torch.randn(20, 1)
model = nn.Sequential(nn.Linear(20, 64), nn.Tanh(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=MAX_STEPS)
Xv = torch.randn(256, 20); yv = Xv @ w_true + 0.1 * torch.randn(256, 1)
losses, evals = [], []
pbar = tqdm(total=MAX_STEPS, desc="training", unit="step")
for step in range(1, MAX_STEPS + 1):
    xb = torch.randn(BATCH_SIZE, 20); yb = xb @ w_true + 0.1 * torch.randn(BATCH_SIZE, 1)
    loss = nn.functional.mse_loss(model(xb), yb)
    opt.zero_grad(); loss.backward(); opt.step()
    lr = sched.get_last_lr()[0]; sched.step()
    losses.append([step, loss.item()])
    pbar.set_postfix({"loss": f"{loss.item():.4f}", "lr": f"{lr:.2e}"}, refresh=False)
    pbar.update(1)
    if step % EVAL_EVERY == 0:
        with torch.no_grad():
            v = nn.functional.mse_loss(model(Xv), yv).item()
        evals.append([step, v])
        tqdm.write(f"step {step}: val_loss={v:.4f}")
    time.sleep(0.01)
pbar.close()
vals = [l for _, l in losses]
json.dump({
    "framework": "torch " + torch.__version__ + ", tqdm " + tqdm_mod.__version__,
    "loss": {"initial": vals[0], "final": vals[-1], "best": min(vals), "count": len(vals)},
    "steps": MAX_STEPS, "steps_unit": "optimizer steps (Adam); tqdm counter n = steps completed (update(1) after the step)",
    "batch_size": BATCH_SIZE,
    "console_precision": "postfix loss pre-formatted '{:.4f}' (4 decimals); lr '{:.2e}'; tqdm.write eval lines val_loss 4 decimals",
    "losses": losses, "eval_losses": evals,
    "notes": ("Script-recorded truth. tqdm writes to STDERR with '\\r' frames, refresh=False so frames are throttled "
              "(mininterval 0.1s): only some steps' losses appear. tqdm.write() clears the bar line ('\\r' + spaces + '\\r'), "
              "prints the message with '\\n', then redraws the bar. Loss is MSE (regression)."),
}, open(truth_path, "w"), indent=1)
