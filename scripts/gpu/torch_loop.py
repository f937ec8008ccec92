#!/usr/bin/env python3
"""A plain PyTorch training loop for the agent's GPU validation (scripts/gpu-check.sh).

Trains an MLP on random data on the GPU for a fixed time, reports progress through the agent's metrics-file
protocol (GPU_TRAINING_METRICS_FILE: one JSON object per line with step, loss, samples) and prints a log line
per logging step, and saves a .pt checkpoint every --checkpoint-seconds. Runs without the agent too.
"""
import argparse
import json
import os
import time

import torch
from torch import nn


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=70.0, help="training time (default: 70)")
    parser.add_argument("--batch-size", type=int, default=4096)
    parser.add_argument("--width", type=int, default=4096)
    parser.add_argument("--log-every", type=int, default=20, help="steps between metric lines")
    parser.add_argument("--checkpoint-seconds", type=float, default=20.0)
    parser.add_argument("--checkpoint-dir", default="checkpoints")
    args = parser.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        print("WARNING: no CUDA device: training on the CPU", flush=True)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(1024, args.width), nn.GELU(),
        nn.Linear(args.width, args.width), nn.GELU(),
        nn.Linear(args.width, args.width), nn.GELU(),
        nn.Linear(args.width, 10),
    ).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss_fn = nn.CrossEntropyLoss()
    # A fixed pool of random batches on the device: the loop measures the GPU, not the data loader.
    inputs = torch.randn(16, args.batch_size, 1024, device=device)
    targets = torch.randint(0, 10, (16, args.batch_size), device=device)

    metrics_path = os.environ.get("GPU_TRAINING_METRICS_FILE")
    metrics = open(metrics_path, "a", buffering=1) if metrics_path else None
    os.makedirs(args.checkpoint_dir, exist_ok=True)

    print(f"torch {torch.__version__} on {device}"
          + (f" ({torch.cuda.get_device_name(0)})" if device == "cuda" else ""), flush=True)
    start = time.time()
    last_checkpoint = start
    step = 0
    samples = 0
    while time.time() - start < args.seconds:
        step += 1
        x = inputs[step % 16]
        y = targets[step % 16]
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
            loss = loss_fn(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        samples += args.batch_size
        if step % args.log_every == 0:
            value = float(loss)  # synchronises with the GPU once per logging step
            elapsed = time.time() - start
            print(f"step {step} loss {value:.4f} samples {samples} ({samples / elapsed:.0f} samples/s)", flush=True)
            if metrics:
                metrics.write(json.dumps({"step": step, "loss": value, "samples": samples,
                                          "learning_rate": optimizer.param_groups[0]["lr"]}) + "\n")
        if time.time() - last_checkpoint >= args.checkpoint_seconds:
            path = os.path.join(args.checkpoint_dir, f"step-{step}.pt")
            torch.save({"step": step, "model": model.state_dict()}, path + ".tmp")
            os.replace(path + ".tmp", path)
            print(f"saved checkpoint {path}", flush=True)
            last_checkpoint = time.time()
    if device == "cuda":
        torch.cuda.synchronize()
    path = os.path.join(args.checkpoint_dir, f"step-{step}.pt")
    torch.save({"step": step, "model": model.state_dict()}, path + ".tmp")
    os.replace(path + ".tmp", path)
    print(f"saved checkpoint {path}", flush=True)
    print(f"done: {step} steps, {samples} samples in {time.time() - start:.1f} s", flush=True)
    if metrics:
        metrics.close()


if __name__ == "__main__":
    main()
