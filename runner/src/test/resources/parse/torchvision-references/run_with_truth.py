#!/usr/bin/python3
"""Runs torchvision v0.14.1 references/classification/train.py UNMODIFIED (runpy, same argv; cwd = this folder so
'import utils, presets, transforms, sampler' resolve to the v0.14.1 reference files copied here) and records truth by wrapping
nn.CrossEntropyLoss.forward: grad-enabled calls = training steps; inference-mode calls = evaluation batches. The console's
'loss: A (B)' meter is SmoothedValue(window_size=20): A = MEDIAN of the last <=20 step losses, B = global average; these are
recomputed here with the reference's own utils.SmoothedValue class from the recorded per-step values.
Usage: run_with_truth.py TRUTH_JSON train.py [args...]"""
import json, runpy, sys, os
sys.path.insert(0, os.getcwd())
import torch, torch.nn as nn
truth_path, script, args = sys.argv[1], sys.argv[2], sys.argv[3:]
events = []
_orig = nn.CrossEntropyLoss.forward
def _fwd(self, input, target):
    out = _orig(self, input, target)
    events.append((torch.is_grad_enabled(), out.item(), int(target.shape[0])))
    return out
nn.CrossEntropyLoss.forward = _fwd
sys.argv = [script] + args
runpy.run_path(script, run_name="__main__")
import utils
train = [(v, n) for g, v, n in events if g]
vals = [v for v, _ in train]
bs = int(args[args.index("-b") + 1]); pf = int(args[args.index("--print-freq") + 1]); epochs = int(args[args.index("--epochs") + 1])
spe = len(train) // epochs
printed = []
for e in range(epochs):
    sv = utils.SmoothedValue()  # same meter MetricLogger creates for 'loss' (window 20, fmt '{median:.4f} ({global_avg:.4f})')
    for i in range(spe):
        sv.update(vals[e * spe + i])
        if i % pf == 0:
            printed.append([e, i, vals[e * spe + i], sv.median, sv.global_avg, str(sv)])
json.dump({
    "framework": "torchvision 0.14.1 references/classification/train.py on torch " + torch.__version__,
    "loss": {"initial": vals[0], "final": vals[-1], "best": min(vals), "count": len(vals)},
    "steps": len(vals),
    "steps_unit": "optimizer steps (SGD) = training batches over all epochs; console '[ i/N]' is the 0-based batch index within the epoch, 'Epoch: [e]' 0-based",
    "steps_per_epoch": spe, "epochs": epochs,
    "batch_size": bs,
    "console_precision": "'loss: {median:.4f} ({global_avg:.4f})' (4 decimals, median over a 20-step window - NOT the current step's loss); lr '{value}' (repr); img/s '{value}' = full float repr of the LAST step's batch_size/step_time (window 10, but fmt shows current value); acc1/acc5 median(global avg) 4 decimals",
    "losses": [[i + 1, v] for i, v in enumerate(vals)],
    "printed_losses": printed,
    "printed_losses_format": "[epoch, batch_index, that step's loss, window-20 median shown first, global avg shown in parentheses, exact printed meter string]",
    "eval_losses": [[v, n] for g, v, n in events if not g],
    "notes": ("Truth from wrapping nn.CrossEntropyLoss.forward (values of the loss tensors, not the console). NB the first loss value "
              "on a progress line is a running MEDIAN, so a parser reading it as 'the current loss' gets the median. With print-freq 1 "
              "every step is printed. The eval loop only prints '[0/N]' (its print_freq is hard-coded 100) then ' * Acc@1 ... Acc@5 ...' "
              "(no loss in the summary). eta/time/data are 'H:MM:SS' and seconds with 4 decimals."),
}, open(truth_path, "w"), indent=1)
