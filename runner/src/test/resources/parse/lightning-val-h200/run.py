"""Lightning capture (run on a GPU machine): the run of ../lightning-tqdm-h200 with other options —
a validation loop each epoch (val_loss in the bar), train_loss logged on_step and on_epoch, 4 epochs, batch 32.
The truth is every training step's loss from on_train_batch_end and each epoch's validation loss from
on_validation_epoch_end, recorded by callbacks, written to argv[1]."""
import json
import sys

import lightning as L
import torch
from lightning.pytorch.callbacks import Callback, TQDMProgressBar
from lightning.pytorch.loggers import CSVLogger
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

BATCH, EPOCHS, SAMPLES = 32, 4, 1024


class Classifier(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Linear(16, 128), nn.ReLU(), nn.Linear(128, 4))

    def training_step(self, batch, batch_index):
        x, y = batch
        loss = nn.functional.cross_entropy(self.model(x), y)
        self.log("train_loss", loss, prog_bar=True, on_step=True, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_index):
        x, y = batch
        self.log("val_loss", nn.functional.cross_entropy(self.model(x), y), prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)


class Recorder(Callback):
    def __init__(self):
        self.losses = []
        self.validation = []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.losses.append([trainer.global_step, trainer.current_epoch, batch_idx, float(outputs["loss"])])

    def on_validation_epoch_end(self, trainer, pl_module):
        if not trainer.sanity_checking:
            self.validation.append([trainer.global_step, trainer.current_epoch,
                                    float(trainer.callback_metrics["val_loss"])])


def main():
    truth_path = sys.argv[1] if len(sys.argv) > 1 else "truth.json"
    L.seed_everything(3)
    x = torch.randn(SAMPLES + 256, 16)
    y = x[:, :4].argmax(dim=1)
    train = DataLoader(TensorDataset(x[:SAMPLES], y[:SAMPLES]), batch_size=BATCH, shuffle=True)
    val = DataLoader(TensorDataset(x[SAMPLES:], y[SAMPLES:]), batch_size=64)
    recorder = Recorder()
    trainer = L.Trainer(accelerator="auto", devices=1, max_epochs=EPOCHS, log_every_n_steps=1,
                        logger=CSVLogger(save_dir="logs", name="capture", version=0),
                        callbacks=[TQDMProgressBar(refresh_rate=1), recorder], enable_checkpointing=False)
    trainer.fit(Classifier(), train, val)
    with open(truth_path, "w") as f:
        json.dump({
            "framework": f"lightning {L.__version__}, torch {torch.__version__}",
            "device": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu",
            "command": "python3 run.py truth.json",
            "batch_size": BATCH, "epochs": EPOCHS, "steps_per_epoch": len(train),
            "global_step": trainer.global_step,
            "losses": [[step, loss] for step, _, _, loss in recorder.losses],
            "losses_detail_format": "[global_step after the step, epoch (0-based), batch_idx (0-based), loss]",
            "losses_detail": recorder.losses,
            "validation_format": "[global_step, epoch (0-based), val_loss] at the end of each epoch's validation",
            "validation": recorder.validation,
            "notes": "Truth recorded by callbacks in this script (on_train_batch_end, on_validation_epoch_end), "
                     "not the console.",
        }, f, indent=1)


if __name__ == "__main__":
    main()
