"""HuggingFace Trainer capture (run on a GPU machine): a 2-layer GPT-2 built from a config (no download) learns a
synthetic next-token task for 2 epochs with the Trainer's defaults for logging and its tqdm bar. The truth is the
Trainer's own state (what it writes as trainer_state.json): log_history and global_step, written to argv[1]."""
import json
import sys

import torch
import transformers
from torch.utils.data import Dataset
from transformers import GPT2Config, GPT2LMHeadModel, Trainer, TrainingArguments

BATCH, EPOCHS, SAMPLES = 32, 2, 4000


class Tokens(Dataset):
    """A repeating pattern with a random start and stride: learnable, so the loss falls."""

    def __init__(self, size, length, vocab):
        generator = torch.Generator().manual_seed(0)
        starts = torch.randint(0, vocab, (size, 1), generator=generator)
        strides = torch.randint(1, 7, (size, 1), generator=generator)
        self.tokens = (starts + strides * torch.arange(length).unsqueeze(0)) % vocab

    def __len__(self):
        return self.tokens.shape[0]

    def __getitem__(self, index):
        ids = self.tokens[index]
        return {"input_ids": ids, "labels": ids.clone()}


def main():
    truth_path = sys.argv[1] if len(sys.argv) > 1 else "truth.json"
    model = GPT2LMHeadModel(GPT2Config(vocab_size=1024, n_positions=64, n_embd=128, n_layer=2, n_head=2))
    cuda = torch.cuda.is_available()
    args = TrainingArguments(output_dir="hf-out", num_train_epochs=EPOCHS, per_device_train_batch_size=BATCH,
                             learning_rate=1e-3, warmup_steps=10, logging_steps=10, save_strategy="no",
                             report_to="none", seed=0, bf16=cuda and torch.cuda.is_bf16_supported())
    trainer = Trainer(model=model, args=args, train_dataset=Tokens(SAMPLES, 64, 1024))
    trainer.train()
    state = trainer.state
    with open(truth_path, "w") as f:
        json.dump({
            "framework": f"transformers {transformers.__version__}, torch {torch.__version__}",
            "device": torch.cuda.get_device_name(0) if cuda else "cpu",
            "command": "python3 run.py truth.json",
            "batch_size": BATCH, "num_train_epochs": EPOCHS, "train_samples": SAMPLES,
            "global_step": state.global_step,
            "total_samples": state.global_step * BATCH,
            "log_history": state.log_history,
            "notes": "Truth: trainer.state (the content of trainer_state.json) after trainer.train(), not the console.",
        }, f, indent=1)


if __name__ == "__main__":
    main()
