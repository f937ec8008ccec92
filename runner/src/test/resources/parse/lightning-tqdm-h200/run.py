"""Lightning capture (run on a GPU machine): an MLP on random tensors for 3 epochs with the default TQDM progress
bar (train_loss shown with prog_bar=True). The truth is every training step's loss as Lightning returns it to
on_train_batch_end, with trainer.global_step, recorded by a callback and written to argv[1]; CSVLogger's
metrics.csv is kept beside it as Lightning's own record."""
import json
import sys

import lightning as L
import torch
from lightning.pytorch.callbacks import Callback, TQDMProgressBar
from lightning.pytorch.loggers import CSVLogger
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

BATCH, EPOCHS, SAMPLES = 64, 3, 2048


class Classifier(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 10))

    def training_step(self, batch, batch_index):
        x, y = batch
        loss = nn.functional.cross_entropy(self.model(x), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=3e-3)


class Recorder(Callback):
    def __init__(self):
        self.losses = []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.losses.append([trainer.global_step, trainer.current_epoch, batch_idx, float(outputs["loss"])])


def main():
    truth_path = sys.argv[1] if len(sys.argv) > 1 else "truth.json"
    L.seed_everything(0)
    x = torch.randn(SAMPLES, 32)
    y = x[:, :10].argmax(dim=1)
    loader = DataLoader(TensorDataset(x, y), batch_size=BATCH, shuffle=True)
    recorder = Recorder()
    trainer = L.Trainer(accelerator="auto", devices=1, max_epochs=EPOCHS, log_every_n_steps=1,
                        logger=CSVLogger(save_dir="logs", name="capture", version=0),
                        callbacks=[TQDMProgressBar(refresh_rate=1), recorder], enable_checkpointing=False)
    trainer.fit(Classifier(), loader)
    with open(truth_path, "w") as f:
        json.dump({
            "framework": f"lightning {L.__version__}, torch {torch.__version__}",
            "device": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu",
            "command": "python3 run.py truth.json",
            "batch_size": BATCH, "epochs": EPOCHS, "steps_per_epoch": len(loader),
            "global_step": trainer.global_step,
            "losses": [[step, loss] for step, _, _, loss in recorder.losses],
            "losses_detail_format": "[global_step after the step, epoch (0-based), batch_idx (0-based), loss]",
            "losses_detail": recorder.losses,
            "notes": "Truth: the loss of every training step as Lightning hands it to on_train_batch_end "
                     "(recorded by a callback in this script), not the console.",
        }, f, indent=1)


if __name__ == "__main__":
    main()
