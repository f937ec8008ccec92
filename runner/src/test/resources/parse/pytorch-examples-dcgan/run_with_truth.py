#!/usr/bin/python3
"""Runs pytorch/examples dcgan/main.py UNMODIFIED (via runpy, same argv) and records ground truth from the loss tensors
themselves: nn.BCELoss.forward is wrapped so every call's loss tensor is kept (no printing). The script calls the criterion
three times per iteration, in this order: D on real images (errD_real), D on G's fakes (errD_fake), D on the fakes again for
G's step (errG). The epoch and i of each call are read from the script's own module globals (its loop variables), so the
grouping does not depend on counting. Per iteration: Loss_D = (errD_real + errD_fake).item() (the same float32 tensor add
the script does), Loss_G = errG.item(); D(x), D(G(z)) = output.mean() of the same tensors the criterion was given.
Writes TRUTH_JSON at exit (atexit). Usage: run_with_truth.py TRUTH_JSON main.py [main.py args...]"""
import atexit, json, os, runpy, shlex, sys
import torch, torch.nn as nn, torchvision

truth_path, script, args = sys.argv[1], sys.argv[2], sys.argv[3:]
calls = []  # (epoch, i, grad_enabled, loss tensor, input mean, batch_len)
g = {}      # the script's module globals, once seen
_orig = nn.BCELoss.forward
def _fwd(self, input, target):
    out = _orig(self, input, target)
    f = sys._getframe(1)
    while f is not None and f.f_code.co_filename != script:
        f = f.f_back
    if f is not None:
        g.update(loop=f.f_globals)
        calls.append((f.f_globals["epoch"], f.f_globals["i"], torch.is_grad_enabled(), out.detach().clone(),
                      input.detach().mean().item(), int(input.shape[0])))
    return out
nn.BCELoss.forward = _fwd

def _write():
    glb = g.get("loop", {})
    opt, loader = glb.get("opt"), glb.get("dataloader")
    iters, order = {}, []
    for ep, i, grad, t, m, n in calls:
        if (ep, i) not in iters:
            iters[(ep, i)] = []; order.append((ep, i))
        iters[(ep, i)].append((grad, t, m, n))
    steps = []
    for k, (ep, i) in enumerate(order):
        c = iters[(ep, i)]
        assert len(c) == 3 and all(x[0] for x in c), (ep, i, len(c))
        real, fake, gen = c
        steps.append({"step": k + 1, "epoch": ep, "i": i, "loss_d": (real[1] + fake[1]).item(), "loss_g": gen[1].item(),
                      "errD_real": real[1].item(), "errD_fake": fake[1].item(),
                      "d_x": real[2], "d_g_z1": fake[2], "d_g_z2": gen[2], "batch_len": real[3]})
    lg = [s["loss_g"] for s in steps]; ld = [s["loss_d"] for s in steps]
    niter = opt.niter if opt is not None else None
    truth = {
        "framework": "torch " + torch.__version__ + ", torchvision " + torchvision.__version__,
        "upstream": {"repo": "pytorch/examples", "path": "dcgan/main.py",
                     "commit": "77f55b912142e11fcfdf5b530231fb9c52f181e8",
                     "file_last_changed_in": "cc8e404cbcbf3a3c326789260deed89ee04b3408"},
        "command": "python main.py " + shlex.join(args),
        "steps": len(steps),
        "steps_unit": "training iterations = optimizerG.step() calls (each also one optimizerD.step()), over all epochs",
        "steps_per_epoch": len(loader) if loader is not None else None,
        "epochs": niter,
        "batch_size": opt.batchSize if opt is not None else None,
        "dataset_size": len(loader.dataset) if loader is not None else None,
        "log_interval": 1,
        "console_precision": "every number '%.4f' (4 decimals): Loss_D, Loss_G, D(x), D(G(z)) before / after D's update",
        "loss": {"d": {"initial": ld[0], "final": ld[-1], "best": min(ld)},
                 "g": {"initial": lg[0], "final": lg[-1], "best": min(lg)}, "count": len(steps)},
        "printed": [[s["epoch"], s["i"], s["loss_d"], s["loss_g"]] for s in steps],
        "printed_format": "[epoch (0-based, as printed), i (0-based batch index, as printed), Loss_D, Loss_G] for every iteration, in order",
        "printed_detail": steps,
        "notes": ("Truth recorded by wrapping nn.BCELoss.forward (loss tensors, not parsed from console). One line per iteration: "
                  "'[epoch/niter][i/len(dataloader)] Loss_D: .. Loss_G: .. D(x): .. D(G(z)): a / b'; epoch and i are 0-BASED "
                  "(the last line of a run is [niter-1/niter][N-1/N]). Loss_D = errD_real + errD_fake (a sum of two BCE means, "
                  "so it starts near 2*ln2 = 1.386), Loss_G = BCE of D(G(z)) against 'real' labels. Two losses per line."),
    }
    with open(truth_path, "w") as fh:
        json.dump(truth, fh, indent=1)
atexit.register(_write)

sys.argv = [script] + args
sys.path[0] = os.path.dirname(os.path.abspath(script))  # as `python main.py` would: the script's folder first on sys.path
runpy.run_path(script, run_name="__main__")
