#!/usr/bin/env python3
"""A PyTorch Lightning run for the agent's GPU validation (scripts/gpu-check.sh).

An MLP classifier on random tensors, trained for a fixed time. CSVLogger writes
<log-dir>/gpu-check/version_0/metrics.csv (the agent follows it with --format lightning --metrics-file …), and
ModelCheckpoint saves a .ckpt every --checkpoint-seconds into --checkpoint-dir.
"""
import argparse
from datetime import timedelta

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import lightning as L
from lightning.pytorch.callbacks import ModelCheckpoint
from lightning.pytorch.loggers import CSVLogger


class Classifier(L.LightningModule):
    def __init__(self, width):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(512, width), nn.ReLU(),
            nn.Linear(width, width), nn.ReLU(),
            nn.Linear(width, 10),
        )
        self.loss = nn.CrossEntropyLoss()

    def training_step(self, batch, batch_index):
        x, y = batch
        loss = self.loss(self.model(x), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=1e-3)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="training time (default: 60)")
    parser.add_argument("--log-dir", default="lightning_logs")
    parser.add_argument("--checkpoint-dir", default="checkpoints")
    parser.add_argument("--checkpoint-seconds", type=float, default=20.0)
    parser.add_argument("--width", type=int, default=2048)
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args()

    L.seed_everything(0)
    x = torch.randn(65_536, 512)
    y = (x[:, :10].argmax(dim=1) + (x[:, 10] > 1).long()) % 10  # learnable labels
    loader = DataLoader(TensorDataset(x, y), batch_size=args.batch_size, shuffle=True, num_workers=2,
                        pin_memory=torch.cuda.is_available(), persistent_workers=True)
    logger = CSVLogger(save_dir=args.log_dir, name="gpu-check", version=0, flush_logs_every_n_steps=50)
    # Named step=N.ckpt. Not under lightning_logs/: the agent's default checkpoint scan skips that directory.
    checkpoints = ModelCheckpoint(dirpath=args.checkpoint_dir, filename="{step}", save_top_k=-1,
                                  train_time_interval=timedelta(seconds=args.checkpoint_seconds))
    trainer = L.Trainer(accelerator="auto", devices=1, max_epochs=10_000, max_time={"seconds": args.seconds},
                        logger=logger, callbacks=[checkpoints], log_every_n_steps=10,
                        precision="bf16-mixed" if torch.cuda.is_available() else "32-true")
    trainer.fit(Classifier(args.width), loader)
    print(f"metrics: {logger.log_dir}/metrics.csv; checkpoints: {args.checkpoint_dir}", flush=True)


if __name__ == "__main__":
    main()
