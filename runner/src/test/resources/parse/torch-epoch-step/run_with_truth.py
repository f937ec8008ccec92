#!/usr/bin/python3
"""Runs yunjey/pytorch-tutorial tutorials/01-basics/feedforward_neural_network/main.py UNMODIFIED (runpy) and records the
value of every nn.CrossEntropyLoss call made with grad enabled (= every training step) into TRUTH_JSON. Prints nothing itself.
Usage: run_with_truth.py TRUTH_JSON path/to/main.py"""
import json, runpy, sys
import torch, torch.nn as nn
truth_path, script = sys.argv[1], sys.argv[2]
train = []
_orig = nn.CrossEntropyLoss.forward
def _fwd(self, input, target):
    out = _orig(self, input, target)
    if torch.is_grad_enabled():
        train.append(out.item())
    return out
nn.CrossEntropyLoss.forward = _fwd
sys.argv = [script]
g = runpy.run_path(script, run_name="__main__")
total_step, num_epochs, bs = g["total_step"], g["num_epochs"], g["batch_size"]
losses = [[i + 1, v] for i, v in enumerate(train)]
printed = [[i // total_step + 1, i % total_step + 1, v] for i, v in enumerate(train) if (i % total_step + 1) % 100 == 0]
json.dump({
    "framework": "torch " + torch.__version__,
    "loss": {"initial": train[0], "final": train[-1], "best": min(train), "count": len(train)},
    "steps": len(train),
    "steps_unit": "optimizer steps (Adam) = batches over all epochs; console 'Step [i/total_step]' is the 1-based batch index within the epoch (resets each epoch), 'Epoch [e/num_epochs]' 1-based",
    "steps_per_epoch": total_step, "epochs": num_epochs,
    "batch_size": bs,
    "console_precision": "Loss: {:.4f} (4 decimals)",
    "losses": losses,
    "printed_losses": printed,
    "printed_losses_format": "[epoch, step_in_epoch, loss] for the steps the script prints ((i+1) % 100 == 0)",
    "notes": "Truth = value of every training CrossEntropyLoss (recorded by wrapping nn.CrossEntropyLoss.forward at runtime, not parsed from console). The final 'Accuracy of the network on the 10000 test images' text is hard-coded by the script: the synthetic test set here has 1000 images.",
}, open(truth_path, "w"), indent=1)
