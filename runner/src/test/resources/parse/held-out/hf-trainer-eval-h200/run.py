"""HuggingFace Trainer capture (held out; run on a GPU machine): the run of ../../hf-trainer-h200 with other options —
an evaluation every 20 steps, gradient accumulation 2, logging every 5 steps, a cosine schedule, one epoch. The
truth is the Trainer's own state (trainer_state.json's content), written to argv[1]."""
import json
import sys

import torch
import transformers
from torch.utils.data import Dataset
from transformers import GPT2Config, GPT2LMHeadModel, Trainer, TrainingArguments

BATCH, ACCUMULATION, SAMPLES = 16, 2, 3200


class Tokens(Dataset):
    def __init__(self, size, length, vocab, seed):
        generator = torch.Generator().manual_seed(seed)
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
    model = GPT2LMHeadModel(GPT2Config(vocab_size=512, n_positions=48, n_embd=96, n_layer=2, n_head=2))
    cuda = torch.cuda.is_available()
    args = TrainingArguments(output_dir="hf-out", num_train_epochs=1, per_device_train_batch_size=BATCH,
                             gradient_accumulation_steps=ACCUMULATION, per_device_eval_batch_size=32,
                             learning_rate=2e-3, lr_scheduler_type="cosine", warmup_steps=5, logging_steps=5,
                             eval_strategy="steps", eval_steps=20, save_strategy="no", report_to="none", seed=1,
                             bf16=cuda and torch.cuda.is_bf16_supported())
    trainer = Trainer(model=model, args=args, train_dataset=Tokens(SAMPLES, 48, 512, 1),
                      eval_dataset=Tokens(256, 48, 512, 2))
    trainer.train()
    state = trainer.state
    with open(truth_path, "w") as f:
        json.dump({
            "framework": f"transformers {transformers.__version__}, torch {torch.__version__}",
            "device": torch.cuda.get_device_name(0) if cuda else "cpu",
            "command": "python3 run.py truth.json",
            "batch_size": BATCH, "gradient_accumulation_steps": ACCUMULATION, "train_samples": SAMPLES,
            "global_step": state.global_step,
            "total_samples": state.global_step * BATCH * ACCUMULATION,
            "log_history": state.log_history,
            "notes": "Truth: trainer.state (the content of trainer_state.json) after trainer.train(), not the console.",
        }, f, indent=1)


if __name__ == "__main__":
    main()
