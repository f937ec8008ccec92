#!/usr/bin/python3
"""NOT a capture: the console of a HuggingFace Trainer run, produced by driving the real tqdm library the way
transformers' ProgressCallback drives it (trainer_callback.py: tqdm(total=max_steps) on train begin, update() on
step end, a second tqdm(total=len(eval_dataloader), leave=False) during evaluation, training_bar.write(str(logs))
on log, close() on train end), with values formatted as strings as Trainer 5.x prints them.
Losses come from a toy model (numpy logistic regression); truth.json holds what trainer_state.json would:
global_step, train_batch_size, log_history, plus every step's loss.
Usage: PYTHONUNBUFFERED=1 generate.py truth.json 2>&1 | cat > output.log"""
import json, sys, time
import numpy as np
from tqdm import tqdm

truth_path = sys.argv[1] if len(sys.argv) > 1 else "truth.json"
MAX_STEPS, STEPS_PER_EPOCH, BATCH, LOGGING_STEPS, EVAL_STEPS, EVAL_BATCHES = 60, 20, 8, 10, 30, 8
rng = np.random.default_rng(0)
X = rng.normal(size=(STEPS_PER_EPOCH * BATCH, 16)); y = (X[:, 0] + 0.5 * rng.normal(size=len(X)) > 0).astype(float)
Xv = rng.normal(size=(EVAL_BATCHES * BATCH, 16)); yv = (Xv[:, 0] > 0).astype(float)
w = np.zeros(16); lr0 = 5e-2

def loss_of(xb, yb):
    p = 1 / (1 + np.exp(-xb @ w)); return p, float(np.mean(-(yb * np.log(p + 1e-12) + (1 - yb) * np.log(1 - p + 1e-12))))

def fmt(v):
    return f"{v:.4g}"

log_history, step_losses, window = [], [], []
start = time.time()
bar = tqdm(total=MAX_STEPS)
for step in range(1, MAX_STEPS + 1):
    i = (step - 1) % STEPS_PER_EPOCH
    xb, yb = X[i * BATCH:(i + 1) * BATCH], y[i * BATCH:(i + 1) * BATCH]
    p, loss = loss_of(xb, yb)
    lr = lr0 * (1 - (step - 1) / MAX_STEPS)
    grad = xb.T @ (p - yb) / BATCH
    w -= lr * grad
    step_losses.append([step, loss]); window.append(loss)
    time.sleep(0.02)
    bar.update(1)
    epoch = step / STEPS_PER_EPOCH
    if step % LOGGING_STEPS == 0:
        logs = {"loss": round(float(np.mean(window)), 4), "grad_norm": float(np.linalg.norm(grad)),
                "learning_rate": lr, "epoch": round(epoch, 2)}
        window = []
        log_history.append(dict(logs, step=step))
        bar.write(str({k: fmt(v) for k, v in logs.items()}))
    if step % EVAL_STEPS == 0:
        eval_start = time.time()
        eval_bar = tqdm(total=EVAL_BATCHES, leave=False)
        losses = []
        for b in range(EVAL_BATCHES):
            losses.append(loss_of(Xv[b * BATCH:(b + 1) * BATCH], yv[b * BATCH:(b + 1) * BATCH])[1])
            time.sleep(0.01)
            eval_bar.update(1)
        eval_bar.close()
        runtime = time.time() - eval_start
        logs = {"eval_loss": float(np.mean(losses)), "eval_runtime": runtime,
                "eval_samples_per_second": EVAL_BATCHES * BATCH / runtime,
                "eval_steps_per_second": EVAL_BATCHES / runtime, "epoch": round(epoch, 2)}
        log_history.append(dict(logs, step=step))
        bar.write(str({k: fmt(v) for k, v in logs.items()}))
runtime = time.time() - start
summary = {"train_runtime": runtime, "train_samples_per_second": MAX_STEPS * BATCH / runtime,
           "train_steps_per_second": MAX_STEPS / runtime, "train_loss": float(np.mean([l for _, l in step_losses])),
           "epoch": float(MAX_STEPS / STEPS_PER_EPOCH)}
log_history.append(dict(summary, step=MAX_STEPS))
bar.write(str({k: fmt(v) for k, v in summary.items()}))
bar.close()
json.dump({"framework": "NOT CAPTURED - HF Trainer console reproduced with tqdm " + __import__("tqdm").__version__,
           "global_step": MAX_STEPS, "max_steps": MAX_STEPS, "train_batch_size": BATCH,
           "num_train_epochs": MAX_STEPS // STEPS_PER_EPOCH, "logging_steps": LOGGING_STEPS,
           "log_history": log_history, "step_losses": step_losses,
           "total_samples": MAX_STEPS * BATCH,
           "console_precision": "every value printed as a string with 4 significant digits ('{:.4g}')"},
          open(truth_path, "w"), indent=1)
