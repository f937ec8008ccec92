#!/usr/bin/env python3
"""A HuggingFace Trainer run for the agent's GPU validation (scripts/gpu-check.sh).

A tiny GPT-2 built from a config (no download) learns a synthetic next-token task for a fixed time. The Trainer
logs every --logging-steps (its log dicts are what the agent parses with --format hf) and saves checkpoint-N
directories every --save-seconds, plus one when the time is up. No network, no datasets library, report_to none.
"""
import argparse
import time

import torch
from torch.utils.data import Dataset
from transformers import GPT2Config, GPT2LMHeadModel, Trainer, TrainerCallback, TrainingArguments


class SyntheticTokens(Dataset):
    """Sequences of a repeating pattern with noise: learnable, so the loss falls."""

    def __init__(self, size, length, vocab):
        generator = torch.Generator().manual_seed(0)
        starts = torch.randint(0, vocab, (size, 1), generator=generator)
        steps = torch.randint(1, 7, (size, 1), generator=generator)
        positions = torch.arange(length).unsqueeze(0)
        self.tokens = (starts + steps * positions) % vocab

    def __len__(self):
        return self.tokens.shape[0]

    def __getitem__(self, index):
        ids = self.tokens[index]
        return {"input_ids": ids, "labels": ids.clone()}


class TimeBudget(TrainerCallback):
    """Saves a checkpoint every `save_seconds` and ends training after `seconds`, with a last checkpoint."""

    def __init__(self, seconds, save_seconds):
        self.seconds = seconds
        self.save_seconds = save_seconds
        self.start = None
        self.last_save = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.start = self.last_save = time.time()

    def on_step_end(self, args, state, control, **kwargs):
        now = time.time()
        if now - self.last_save >= self.save_seconds:
            control.should_save = True
            self.last_save = now
        if now - self.start >= self.seconds:
            control.should_training_stop = True
            control.should_save = True
        return control


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=70.0, help="training time (default: 70)")
    parser.add_argument("--output-dir", default="hf-out")
    parser.add_argument("--logging-steps", type=int, default=10)
    parser.add_argument("--save-seconds", type=float, default=25.0, help="seconds between checkpoints")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    vocab, length = 2048, 128
    config = GPT2Config(vocab_size=vocab, n_positions=length, n_embd=384, n_layer=6, n_head=6)
    model = GPT2LMHeadModel(config)
    dataset = SyntheticTokens(size=200_000, length=length, vocab=vocab)
    cuda = torch.cuda.is_available()
    training = TrainingArguments(
        output_dir=args.output_dir,
        max_steps=1_000_000,
        per_device_train_batch_size=args.batch_size,
        learning_rate=5e-4,
        warmup_steps=50,
        logging_steps=args.logging_steps,
        save_strategy="steps",
        save_steps=1_000_000,  # checkpoints come from TimeBudget: every --save-seconds and at the end
        report_to="none",
        bf16=cuda and torch.cuda.is_bf16_supported(),
        dataloader_num_workers=2,
        seed=0,
    )
    print(f"GPT-2 from config: {sum(p.numel() for p in model.parameters()) / 1e6:.1f} M parameters, "
          f"{'CUDA ' + torch.cuda.get_device_name(0) if cuda else 'CPU'}", flush=True)
    trainer = Trainer(model=model, args=training, train_dataset=dataset, callbacks=[TimeBudget(args.seconds, args.save_seconds)])
    trainer.train()


if __name__ == "__main__":
    main()
