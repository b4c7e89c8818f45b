"""The lab's CNN trained in PyTorch, as the reference for the engine's speed (the CPU for wasm,
CUDA for WebGPU in the GPU bench).

Same architecture (83 classes), batch size and optimizer as the engine's bench; random inputs,
since throughput does not depend on the pixels. Prints one JSON line.
Usage: /usr/bin/python3 bench/pytorch_cnn.py --threads 1 --batch_size 128 --steps 10 [--device cuda]
"""

import argparse
import json
import time

import torch
from torch import nn


class CNN(nn.Module):
    def __init__(self, classes: int = 83, conv_dim: int = 64, fc_dim: int = 128, dropout: float = 0.25):
        super().__init__()
        self.conv1 = nn.Conv2d(1, conv_dim, 3, padding=1)
        self.conv2 = nn.Conv2d(conv_dim, conv_dim, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(dropout)
        self.fc1 = nn.Linear(conv_dim * 14 * 14, fc_dim)
        self.fc2 = nn.Linear(fc_dim, classes)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        x = self.dropout(self.pool(x))
        x = torch.relu(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch_size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--device", default="cpu", help="cpu, cuda, or auto (cuda when available)")
    parser.add_argument("--conv_dim", type=int, default=64)
    parser.add_argument("--fc_dim", type=int, default=128)
    args = parser.parse_args()
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    if device == "cpu":
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = CNN(conv_dim=args.conv_dim, fc_dim=args.fc_dim).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch_size, 1, 28, 28, device=device)
    y = torch.randint(0, 83, (args.batch_size,), device=device)
    # CUDA runs asynchronously: wait for the queued steps before reading the clock.
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(2):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    sync()
    seconds = time.perf_counter() - start
    name = torch.cuda.get_device_name() if device == "cuda" else f"cpu, {torch.get_num_threads()} threads"
    print(json.dumps({"threads": args.threads, "samples_per_s": args.steps * args.batch_size / seconds, "torch": torch.__version__, "device": name}))


if __name__ == "__main__":
    main()
