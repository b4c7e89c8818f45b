/**
 * data.py of a PyTorch export: the same images and splits Inklab trains on, read from the folder
 * `npm run datasets` writes (manifest.json and IDX files). EMNIST's splits (balanced at build
 * time) are in that folder; MNIST's validation split is cut here as Inklab cuts it, with a port
 * of Inklab's seeded generator (src/engine/data/rng.ts: sfc32 seeded by splitmix32).
 */
export const DATA_PY = `"""The data Inklab trains on, from the folder npm run datasets writes."""
import gzip
import json
import struct
from pathlib import Path

import torch

M32 = 0xFFFFFFFF
MNIST_VAL_SIZE = 5000


def _splitmix32(state):
    z = (state + 0x9E3779B9) & M32
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    return (z ^ (z >> 16)) & M32


class Rng:
    """Inklab's seeded generator (sfc32), the same stream as in the browser and the CLI."""

    def __init__(self, seed):
        self.a = _splitmix32(seed & M32)
        self.b = _splitmix32(self.a ^ ((seed // 2**32) & M32))
        self.c = _splitmix32(self.b)
        self.d = 1
        for _ in range(12):
            self.next_u32()

    def next_u32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) & M32) | (self.c >> 11)
        self.c = (self.c + t) & M32
        return t

    def next_int(self, n):
        limit = 2**32 - (2**32 % n)
        x = self.next_u32()
        while x >= limit:
            x = self.next_u32()
        return x % n


def permutation(n, seed):
    """Inklab's permutation of 0..n-1 (Fisher-Yates) for a seed."""
    order = list(range(n))
    rng = Rng(seed)
    for i in range(n - 1, 0, -1):
        j = rng.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def read_idx(path):
    """A uint8 IDX file (gzipped or not) as a tensor."""
    raw = Path(path).read_bytes()
    if raw[:2] == b"\\x1f\\x8b":
        raw = gzip.decompress(raw)
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path} is not a uint8 IDX file")
    dims = struct.unpack(">" + "I" * raw[3], raw[4 : 4 + 4 * raw[3]])
    data = torch.frombuffer(bytearray(raw[4 + 4 * raw[3] :]), dtype=torch.uint8)
    return data.reshape(dims)


def load(data_dir, name, split_seed=42):
    """train, val and test of dataset \`name\` as (images float N x 1 x 28 x 28 in [0, 1], labels)."""
    root = Path(data_dir)
    manifest = json.loads((root / "manifest.json").read_text())
    entry = next((d for d in manifest["datasets"] if d["name"] == name), None)
    if entry is None:
        raise SystemExit(f"{root} has no {name}: build it with npm run datasets, or give --data_dir")

    def read(split):
        images = read_idx(root / entry["splits"][split]["images"]).float().div(255).unsqueeze(1)
        return images, read_idx(root / entry["splits"][split]["labels"]).long()

    train, test = read("train"), read("test")
    if "val" in entry["splits"]:
        return train, read("val"), test
    # MNIST: Inklab's split of the training set (the validation part's indices sorted).
    order = permutation(len(train[1]), split_seed)
    keep = sorted(order[: len(order) - MNIST_VAL_SIZE])
    val = sorted(order[len(order) - MNIST_VAL_SIZE :])
    pick = lambda part, idx: (part[0][idx], part[1][idx])
    return pick(train, keep), pick(train, val), test
`;
