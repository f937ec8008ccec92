#!/usr/bin/python3
"""skorch NeuralNetClassifier(...).fit with the default PrintLog table. Truth from net.history (structured), written to TRUTH_JSON.
Usage: run.py [TRUTH_JSON]"""
import json, sys
import numpy as np, torch, torch.nn as nn, skorch
from sklearn.datasets import make_classification
from skorch import NeuralNetClassifier

truth_path = sys.argv[1] if len(sys.argv) > 1 else "truth.json"
torch.manual_seed(0)
X, y = make_classification(n_samples=1000, n_features=20, n_informative=10, n_classes=2, random_state=0)
X = X.astype(np.float32); y = y.astype(np.int64)

class MyModule(nn.Module):
    def __init__(self, num_units=32):
        super().__init__()
        self.dense0 = nn.Linear(20, num_units); self.nonlin = nn.ReLU()
        self.dropout = nn.Dropout(0.2); self.dense1 = nn.Linear(num_units, 16); self.output = nn.Linear(16, 2)
    def forward(self, X):
        X = self.nonlin(self.dense0(X)); X = self.dropout(X); X = self.nonlin(self.dense1(X))
        return self.output(X)  # logits

net = NeuralNetClassifier(MyModule, criterion=nn.CrossEntropyLoss, max_epochs=12, lr=0.1, batch_size=64,
                          optimizer=torch.optim.SGD, optimizer__momentum=0.9, iterator_train__shuffle=True)
net.fit(X, y)
h = net.history
tl = [float(v) for v in h[:, "train_loss"]]
vl = [float(v) for v in h[:, "valid_loss"]]
va = [float(v) for v in h[:, "valid_acc"]]
batches = [[(b["train_loss"], b["train_batch_size"]) for b in e["batches"] if "train_loss" in b] for e in h]
json.dump({
    "framework": "skorch " + skorch.__version__ + ", torch " + torch.__version__,
    "loss": {"initial": tl[0], "final": tl[-1], "best": min(tl), "count": len(tl)},
    "steps": sum(len(b) for b in batches),
    "steps_unit": "optimizer steps (training batches) over all epochs; the console shows one row per EPOCH (1-based 'epoch' column); epochs = " + str(len(h)),
    "epochs": len(h),
    "steps_per_epoch": [len(b) for b in batches],
    "batch_size": 64,
    "train_samples_per_epoch": sum(bs for _, bs in batches[0]),
    "console_precision": "train_loss/valid_loss/valid_acc printed with 4 decimals, dur 4 decimals (seconds)",
    "losses": [[i + 1, v] for i, v in enumerate(tl)],
    "losses_unit": "[epoch, train_loss] - epoch-level train_loss = batch-size-weighted mean of that epoch's batch losses",
    "valid_losses": [[i + 1, v] for i, v in enumerate(vl)],
    "valid_acc": [[i + 1, v] for i, v in enumerate(va)],
    "best_flags": {k: [bool(v) for v in h[:, k]] for k in ("train_loss_best", "valid_loss_best", "valid_acc_best")},
    "dur": [float(v) for v in h[:, "dur"]],
    "batch_losses": [[ [float(l), int(n)] for l, n in e] for e in batches],
    "notes": ("Truth from net.history (skorch's structured History). skorch's default train_split holds out 20% stratified "
              "(800 train / 200 valid). PrintLog marks the best-so-far value of train_loss/valid_loss/valid_acc with ANSI colour "
              "(cyan/magenta/green + reset) - whether colours appear does not depend on a tty: skorch always emits them. No 'cp' column "
              "because no Checkpoint callback is configured. 'dur' is seconds per epoch (wall time, from history)."),
}, open(truth_path, "w"), indent=1)
