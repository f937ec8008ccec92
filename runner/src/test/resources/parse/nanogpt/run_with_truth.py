#!/usr/bin/python3
"""Runs karpathy/nanoGPT train.py UNMODIFIED (runpy, same argv, cwd = the folder holding train.py/model.py/configurator.py/data)
and records truth by wrapping model.GPT.forward: every call with targets records loss.item(); grad-enabled calls are training
micro-steps, no-grad calls are estimate_loss() batches (eval_iters 'train' then eval_iters 'val' per evaluation).
Prints nothing. Usage: run_with_truth.py TRUTH_JSON train.py [train.py args...]"""
import json, runpy, sys, os
sys.path.insert(0, os.getcwd())
import torch, model as nanogpt_model
truth_path, script, args = sys.argv[1], sys.argv[2], sys.argv[3:]
events = []
_orig = nanogpt_model.GPT.forward
def _fwd(self, idx, targets=None):
    logits, loss = _orig(self, idx, targets)
    if loss is not None:
        events.append((torch.is_grad_enabled(), loss.item()))
    return logits, loss
nanogpt_model.GPT.forward = _fwd
sys.argv = [script] + args
g = runpy.run_path(script, run_name="__main__")
gas, eval_iters, eval_interval, log_interval = g["gradient_accumulation_steps"], g["eval_iters"], g["eval_interval"], g["log_interval"]
micro = [v for tr, v in events if tr]
evals_raw = [v for tr, v in events if not tr]
iters = [micro[i:i + gas] for i in range(0, len(micro), gas)]
losses = [[i, m[-1]] for i, m in enumerate(iters)]  # printed quantity: last micro-step's loss (loss/gas*gas)
evals = []
for k in range(0, len(evals_raw), 2 * eval_iters):
    tr = torch.tensor(evals_raw[k:k + eval_iters], dtype=torch.float32).mean().item()
    va = torch.tensor(evals_raw[k + eval_iters:k + 2 * eval_iters], dtype=torch.float32).mean().item()
    evals.append({"iter": (k // (2 * eval_iters)) * eval_interval, "train_loss": tr, "val_loss": va})
vals = [l for _, l in losses]
json.dump({
    "framework": "nanoGPT (karpathy/nanoGPT train.py) on torch " + torch.__version__,
    "loss": {"initial": vals[0], "final": vals[-1], "best": min(vals), "count": len(vals)},
    "steps": len(iters),
    "steps_unit": "optimizer steps = iterations iter_num 0..max_iters INCLUSIVE (the loop breaks when iter_num > max_iters, so max_iters+1 steps); console 'iter N' is 0-based and printed when N % log_interval == 0",
    "gradient_accumulation_steps": gas,
    "batch_size": g["batch_size"], "block_size": g["block_size"],
    "tokens_per_iter": g["tokens_per_iter"],
    "log_interval": log_interval, "eval_interval": eval_interval, "eval_iters": eval_iters,
    "console_precision": "iter lines 'loss {:.4f}' (4 decimals), time '{:.2f}ms', mfu '{:.2f}%' (-100.00% until local_iter_num>=5, CPU mfu is ~0.00-0.01%); eval lines 'train loss {:.4f}, val loss {:.4f}'",
    "losses": losses,
    "printed_losses": [[i, l] for i, l in losses if i % log_interval == 0],
    "evals": evals,
    "micro_step_losses": iters if gas > 1 else None,
    "notes": ("Truth = loss tensors recorded by wrapping GPT.forward at runtime (not parsed from console). Per-iteration loss = the LAST "
              "micro-step's loss, which is what train.py prints (lossf = loss.item()*gas). Eval values recomputed exactly like "
              "estimate_loss() (float32 tensor mean of eval_iters batch losses). Note the 'step N:' eval line for iter N is printed "
              "BEFORE the 'iter N:' line of the same N."),
}, open(truth_path, "w"), indent=1)
