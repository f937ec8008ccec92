#!/usr/bin/python3
"""Runs pytorch/examples mnist/main.py UNMODIFIED (via runpy, same argv) and records ground truth from the loss tensors
themselves: torch.nn.functional.nll_loss is wrapped so every call's value is recorded (no printing). Train calls are those with
grad enabled; test calls (inside torch.no_grad, reduction='sum') are grouped per epoch. Writes truth.json next to cwd's parent.
Usage: run_with_truth.py TRUTH_JSON main.py [main.py args...]"""
import json, math, runpy, sys
import torch, torch.nn.functional as F

truth_path, script, args = sys.argv[1], sys.argv[2], sys.argv[3:]
events = []
_orig = F.nll_loss
def _nll(*a, **k):
    out = _orig(*a, **k)
    events.append(("train" if torch.is_grad_enabled() else "test", out.item(), int(a[1].shape[0])))
    return out
F.nll_loss = _nll
sys.argv = [script] + args
runpy.run_path(script, run_name="__main__")

def argval(name, default):
    return type(default)(args[args.index(name) + 1]) if name in args else default
bs, log_interval = argval("--batch-size", 64), argval("--log-interval", 10)
train, tests, epoch, batch_idx, in_test = [], [], 1, 0, False
for kind, v, n in events:
    if kind == "train":
        if in_test:
            epoch, batch_idx, in_test = epoch + 1, 0, False
        train.append({"step": len(train) + 1, "epoch": epoch, "batch_idx": batch_idx, "loss": v, "batch_len": n,
                      "printed": batch_idx % log_interval == 0})
        batch_idx += 1
    else:
        if not in_test:
            tests.append({"epoch": epoch, "sum": 0.0, "n": 0}); in_test = True
        tests[-1]["sum"] += v; tests[-1]["n"] += n
losses = [t["loss"] for t in train]
truth = {
    "framework": "torch " + torch.__version__,
    "loss": {"initial": losses[0], "final": losses[-1], "best": min(losses), "count": len(losses)},
    "steps": len(losses),
    "steps_unit": "optimizer steps (= training batches, one Adadelta.step each) over all epochs",
    "epochs": epoch,
    "batch_size": bs,
    "log_interval": log_interval,
    "console_precision": "train loss 6 decimals ('Loss: {:.6f}'), test average loss 4 decimals, percent '{:.0f}%'",
    "losses": [[t["step"], t["loss"]] for t in train],
    "losses_detail": train,
    "printed_losses": [[t["epoch"], t["batch_idx"], t["loss"]] for t in train if t["printed"]],
    "test": [{"epoch": t["epoch"], "average_loss": t["sum"] / t["n"], "n": t["n"]} for t in tests],
    "notes": ("Truth recorded by wrapping F.nll_loss (values of the loss tensors, not parsed from console). Console prints only batches "
              "with batch_idx % log_interval == 0: 'Train Epoch: E [batch_idx*len(data)/N (pct%)]' - the bracket count is SAMPLES "
              "seen before this batch, 0-based (first line is [0/N (0%)]); epoch is 1-based. 'loss' here = every step's batch-mean NLL."),
}
json.dump(truth, open(truth_path, "w"), indent=1)
