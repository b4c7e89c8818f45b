/**
 * data.py of a PyTorch export: the same images and splits Inklab trains on, read from the folder
 * `npm run datasets` writes (manifest.json and IDX files). EMNIST's splits (balanced at build
 * time) are in that folder; MNIST's validation split is cut here as Inklab cuts it, with a port
 * of Inklab's seeded generator (src/engine/data/rng.ts: sfc32 seeded by splitmix32), and
 * EMNISTLines are drawn with ports of lineText.ts and lineSynthesis.ts, so a seed gives the same
 * lines, pixel for pixel, in both.
 */
import { EMNIST_LINES_DEFAULTS } from '../data/dataFlags';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import { MAX_LINE_LENGTH } from '../data/lineSynthesis';

export const DATA_PY = `"""The data Inklab trains on, from the folder npm run datasets writes."""
import gzip
import json
import math
import re
import struct
from pathlib import Path

import torch

M32 = 0xFFFFFFFF
MNIST_VAL_SIZE = 5000
MAPPING = ${JSON.stringify(EMNIST_MAPPING)}
LINES_DEFAULTS = ${JSON.stringify(EMNIST_LINES_DEFAULTS)}
MAX_LINE_LENGTH = ${MAX_LINE_LENGTH}
GLYPH = 28
LINE_WIDTH = GLYPH * MAX_LINE_LENGTH
DIGIT_CORPUS_WORDS = 100_000
# JavaScript's \\s, which Inklab's corpus cleaning uses (str.isspace differs on a few characters).
JS_SPACE = re.compile("[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]")


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

    def next(self):
        return self.next_u32() / 2**32

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


def _entry(root, name):
    manifest = json.loads((root / "manifest.json").read_text())
    entry = next((d for d in manifest["datasets"] if d["name"] == name), None)
    if entry is None:
        raise SystemExit(f"{root} has no {name}: build it with npm run datasets, or give --data_dir")
    return manifest, entry


def load_uint8(data_dir, name, split_seed=42):
    """train, val and test of dataset \`name\` as (uint8 images N x 28 x 28, labels), Inklab's splits."""
    root = Path(data_dir)
    _, entry = _entry(root, name)

    def read(split):
        return read_idx(root / entry["splits"][split]["images"]), read_idx(root / entry["splits"][split]["labels"]).long()

    train, test = read("train"), read("test")
    if "val" in entry["splits"]:
        return train, read("val"), test
    # MNIST: Inklab's split of the training set (the validation part's indices sorted).
    order = permutation(len(train[1]), split_seed)
    keep = sorted(order[: len(order) - MNIST_VAL_SIZE])
    val = sorted(order[len(order) - MNIST_VAL_SIZE :])
    pick = lambda part, idx: (part[0][idx], part[1][idx])
    return pick(train, keep), pick(train, val), test


def load(data_dir, name, split_seed=42):
    """train, val and test of dataset \`name\` as (images float N x 1 x 28 x 28 in [0, 1], labels)."""
    return tuple((images.float().div(255).unsqueeze(1), labels) for images, labels in load_uint8(data_dir, name, split_seed))


def hash_seed(*parts):
    """Inklab's hashSeed: several integers mixed into one 32-bit seed."""
    h = 0x811C9DC5
    for part in parts:
        for word in (part & M32, (part // 2**32) & M32):
            h = _splitmix32(((h ^ word) * 0x01000193) & M32)
    return h


class LineCorpus:
    """Words separated by single spaces, with where each starts and ends."""

    def __init__(self, text):
        self.text = text
        spans = [m.span() for m in re.finditer(r"[^ ]+", text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.shortest = min((b - a for a, b in spans), default=math.inf)


def text_corpus(sentences, drawable):
    """The sentences as one text of drawable characters (others removed inside their words)."""
    kept = "".join(" " if JS_SPACE.match(c) else c for c in " ".join(sentences) if JS_SPACE.match(c) or c in drawable)
    return LineCorpus(re.sub(" +", " ", kept).strip(" "))


def digit_corpus(rng, words):
    groups = []
    for _ in range(words):
        length = 1 + rng.next_int(6)
        groups.append("".join(str(rng.next_int(10)) for _ in range(length)))
    return LineCorpus(" ".join(groups))


def sample_line_text(corpus, rng, max_length):
    """From the start of a random word to the end of a random later one, at most max_length."""
    if corpus.shortest > max_length:
        raise ValueError(f"The line corpus has no word of at most {max_length} characters.")
    while True:
        first = rng.next_int(len(corpus.starts))
        start = corpus.starts[first]
        last = first
        while last < len(corpus.ends) and corpus.ends[last] - start <= max_length:
            last += 1
        if last == first:
            continue
        return corpus.text[start : corpus.ends[first + rng.next_int(last - first)]]


class GlyphPool:
    """Character images to draw lines with, by character, in the order of the given sets."""

    def __init__(self, sets, chars_of):
        self.images = torch.cat([images for images, _ in sets]).to(torch.int16)
        self.by_char = {}
        for glyph, label in enumerate(torch.cat([labels for _, labels in sets]).tolist()):
            self.by_char.setdefault(chars_of[label], []).append(glyph)

    def pick(self, char, rng):
        glyphs = self.by_char[char]
        return glyphs[rng.next_int(len(glyphs))]


class LineSet(torch.utils.data.Dataset):
    """EMNISTLines' ransom-note lines, kept as recipes and rendered per item (1 x 28 x 896, labels 32)."""

    def __init__(self, corpus, pool, count, min_overlap, max_overlap, seed):
        if not (0 <= min_overlap <= max_overlap < 1):
            raise ValueError(f"Overlaps need 0 <= min_overlap <= max_overlap < 1, got {min_overlap} and {max_overlap}.")
        rng = Rng(seed)
        token = {t: i for i, t in enumerate(MAPPING)}
        self.pool = pool
        self.labels = torch.full((count, MAX_LINE_LENGTH), MAPPING.index("<P>"), dtype=torch.long)
        self.glyphs = [[] for _ in range(count)]
        self.strides = []
        for line in range(count):
            text = sample_line_text(corpus, rng, MAX_LINE_LENGTH)
            overlap = min_overlap + (max_overlap - min_overlap) * rng.next()
            self.strides.append(GLYPH - math.floor(overlap * GLYPH))
            for cell, char in enumerate(text):
                self.labels[line, cell] = token[char]
                if char != " ":
                    self.glyphs[line].append((cell, pool.pick(char, rng)))

    def __len__(self):
        return len(self.strides)

    def render(self, i):
        """Line i as uint8 28 x 896: overlapping glyphs summed and clipped to 255."""
        canvas = torch.zeros(GLYPH, LINE_WIDTH, dtype=torch.int16)
        for cell, glyph in self.glyphs[i]:
            left = cell * self.strides[i]
            canvas[:, left : left + GLYPH] += self.pool.images[glyph]
        return canvas.clamp_(max=255).to(torch.uint8)

    def __getitem__(self, i):
        return self.render(i).float().div(255).unsqueeze(0), self.labels[i]


def _brown_sentences(root):
    manifest = json.loads((root / "manifest.json").read_text())
    brown = next((c for c in manifest.get("corpora", []) if c["name"] == "Brown"), None)
    if brown is None:
        raise SystemExit(f"{root} has no Brown sentences: build them with npm run datasets, or use glyph_source MNIST")
    text = (root / brown["file"]).read_bytes().decode("utf-8", errors="replace")
    return [s for s in text.split("\\n") if s != ""]


def load_lines(data_dir, config):
    """train, val and test EMNISTLines of an Inklab config, as Inklab draws them."""
    def option(name):
        # A config holds flags as parsed (numbers) or as typed (strings).
        value = config.get(name, LINES_DEFAULTS[name])
        return value if name == "glyph_source" else float(value) if name.endswith("_overlap") else int(value)

    source = option("glyph_source")
    train, val, test = load_uint8(data_dir, source)
    chars_of = [str(d) for d in range(10)] if source == "MNIST" else MAPPING
    train_pool, test_pool = GlyphPool([train, val], chars_of), GlyphPool([test], chars_of)
    seed = option("lines_seed")
    if source == "MNIST":
        corpus = digit_corpus(Rng(hash_seed(seed, 3)), DIGIT_CORPUS_WORDS)
    else:
        drawable = set(train_pool.by_char) & set(test_pool.by_char)
        corpus = text_corpus(_brown_sentences(Path(data_dir)), drawable)
    make = lambda split, pool, i: LineSet(corpus, pool, option(f"num_{split}"), option("min_overlap"), option("max_overlap"), hash_seed(seed, i))
    return make("train", train_pool, 0), make("val", train_pool, 1), make("test", test_pool, 2)


def load_config(data_dir, config):
    """train, val and test datasets for an Inklab run config: images and labels, or lines."""
    if config["data_class"] == "EMNISTLines":
        return load_lines(data_dir, config)
    parts = load(data_dir, config["data_class"], config.get("split_seed", 42))
    return tuple(torch.utils.data.TensorDataset(*part) for part in parts)
`;
