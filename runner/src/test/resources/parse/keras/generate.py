#!/usr/bin/python3
"""NOT A REAL KERAS CAPTURE. Keras cannot be installed on this machine.
Drives the UPSTREAM keras/src/utils/progbar.py (copied unmodified into _stub/, commit in _stub/UPSTREAM_COMMIT) the way
keras/src/callbacks/progbar_logger.py does during Model.fit(epochs=3, validation_data=...):
  on_epoch_begin -> print_msg(f"Epoch {epoch+1}/{epochs}") (only when epochs > 1); new Progbar(target=steps, verbose, unit_name="step", stateless_metrics=set())
  on_train_batch_end(batch, logs) -> progbar.update(batch+1, list(logs.items()), finalize=False)   (verbose == 1 only)
  on_epoch_end(epoch, logs) -> progbar.update(target, list(logs.items()), finalize=True)            (logs include val_*)
The 'model' is a numpy logistic regression trained with minibatch SGD; logs are running epoch averages as Keras 3 reports them
(metric names sorted like Keras 3's output: accuracy, loss, val_accuracy, val_loss). Time is a FAKE deterministic clock
(first step 0.4 s 'compile', then ~6 ms/step) patched into the progbar module, so the bytes are reproducible.
Usage: generate.py MODE OUT_LOG TRUTH_JSON   MODE in {tty, verbose2, nondynamic}"""
import json, sys, os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_stub"))
import numpy as np
from keras.src.utils import progbar as progbar_mod, io_utils

mode, out_log, truth_path = sys.argv[1], sys.argv[2], sys.argv[3]

class FakeTime:
    t = 1000.0
    def time(self): return self.t
clock = FakeTime(); progbar_mod.time = clock

rng = np.random.default_rng(0)
N, D, BS, EPOCHS = 1024, 10, 32, 3
X = rng.normal(size=(N, D)); w_true = rng.normal(size=D); y = (X @ w_true + rng.normal(scale=1.0, size=N) > 0).astype(float)
Xv = rng.normal(size=(256, D)); yv = (Xv @ w_true + rng.normal(scale=1.0, size=256) > 0).astype(float)
w = np.zeros(D); b = 0.0; lr = 0.05
steps = N // BS

def fwd(Xb, yb):
    p = 1 / (1 + np.exp(-(Xb @ w + b))); p = np.clip(p, 1e-7, 1 - 1e-7)
    return p, float(np.mean(-(yb * np.log(p) + (1 - yb) * np.log(1 - p)))), float(np.mean((p > 0.5) == yb))

out = open(out_log, "w", encoding="utf-8", newline="")
sys.stdout = out
verbose = 2 if mode == "verbose2" else 1
batch_losses, epoch_logs = [], []
for epoch in range(EPOCHS):
    pb = progbar_mod.Progbar(target=steps, verbose=verbose, unit_name="step", stateless_metrics=set())
    if mode == "nondynamic":
        pb._dynamic_display = False   # what a non-posix (e.g. Windows) pipe gets; on Linux/macOS 'posix' in sys.modules forces True
    io_utils.print_msg(f"Epoch {epoch + 1}/{EPOCHS}")
    perm = rng.permutation(N); s_loss = s_acc = 0.0
    for i in range(steps):
        idx = perm[i * BS:(i + 1) * BS]; Xb, yb = X[idx], y[idx]
        p, loss, acc = fwd(Xb, yb)
        g = p - yb; w -= lr * Xb.T @ g / BS; b -= lr * g.mean()
        clock.t += 0.4 if (epoch == 0 and i == 0) else 0.006 + 0.001 * rng.random()
        s_loss += loss; s_acc += acc
        batch_losses.append([epoch * steps + i + 1, loss])
        pb.update(i + 1, [("accuracy", s_acc / (i + 1)), ("loss", s_loss / (i + 1))], finalize=False) if verbose == 1 else None
    _, vl, va = fwd(Xv, yv)
    clock.t += 0.02
    logs = {"accuracy": s_acc / steps, "loss": s_loss / steps, "val_accuracy": va, "val_loss": vl}
    epoch_logs.append(logs)
    pb.update(steps, list(logs.items()), finalize=True)
out.close(); sys.stdout = sys.__stdout__
el = [l["loss"] for l in epoch_logs]
json.dump({
    "framework": "NOT CAPTURED - keras Progbar (upstream keras/src/utils/progbar.py, commit " + open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_stub", "UPSTREAM_COMMIT")).read().strip() + ") driven by a simulated fit()",
    "mode": mode,
    "loss": {"initial": el[0], "final": el[-1], "best": min(el), "count": len(el)},
    "losses": [[i + 1, v] for i, v in enumerate(el)],
    "losses_unit": "[epoch (1-based), epoch-average train loss] = the 'loss' on each epoch's final (finalize) line",
    "steps": EPOCHS * steps, "steps_per_epoch": steps, "epochs": EPOCHS,
    "steps_unit": "optimizer steps (batches); the progbar counter 'k/steps' is 1-based per epoch and shows STEPS, not samples",
    "batch_size": BS,
    "epoch_logs": epoch_logs,
    "batch_losses": batch_losses,
    "console_precision": "metrics '{:.4f}' when |v| > 1e-3 else '{:.4e}'; intermediate frames show RUNNING epoch averages (Keras 3 logs), not per-batch losses",
    "notes": "Synthetic: values from a numpy logistic regression, clock faked. Bytes produced by the real upstream Progbar code.",
}, open(truth_path, "w"), indent=1)
