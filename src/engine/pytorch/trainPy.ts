/**
 * train.py of a PyTorch export: continues the run in plain PyTorch (the lab's training,
 * validation and test steps in one loop, with the run's loss and metric), from the exported
 * weights and Adam's or AdamW's state, on one
 * process or several with DistributedDataParallel: under torchrun (RANK, WORLD_SIZE and
 * LOCAL_RANK from its environment), or started here with --nproc N through
 * torch.multiprocessing.spawn, for PyTorch builds whose torchrun does not start. Rank 0 logs
 * and writes checkpoints as safetensors folders that Inklab imports back.
 */
export const TRAIN_PY = `"""Continue an Inklab run in PyTorch, on one process, several (--nproc N), or a cluster (torchrun).

    python train.py --max_epochs 3                         # one process
    python train.py --max_epochs 3 --nproc 2               # DistributedDataParallel, 2 processes
    torchrun --nproc_per_node 4 train.py --max_epochs 3    # the same under torchrun
"""
import argparse
import hashlib
import json
import os
import socket
import sys
import time
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import data  # noqa: E402
import model  # noqa: E402


def flags():
    _, info = model.build(HERE)
    config = info["config"]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data_dir", default=info.get("data_dir") or config.get("data_dir"), help="the folder npm run datasets writes (default: where the exporting run read its data)")
    p.add_argument("--max_epochs", type=int, default=info["epoch"] + 2, help="epochs in all, counting those done in Inklab")
    p.add_argument("--batch_size", type=int, default=config.get("batch_size", 128), help="per process")
    p.add_argument("--lr", type=float, default=config.get("lr", 1e-3))
    p.add_argument("--limit_train_batches", type=int, default=None, help="batches per epoch and process")
    p.add_argument("--limit_test_batches", type=int, default=None)
    p.add_argument("--seed", type=int, default=config.get("seed", 42))
    p.add_argument("--nproc", type=int, default=1, help="processes to start here (DDP through torch.multiprocessing.spawn)")
    p.add_argument("--threads", type=int, default=None, help="CPU threads per process (default: PyTorch's)")
    p.add_argument("--checkpoint_dir", default=str(HERE / "checkpoints"))
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return p.parse_args()


def say(text):
    """One write per line: a short write to a pipe is atomic, so the processes' lines never mix."""
    sys.stdout.write(text + "\\n")
    sys.stdout.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_optimizer(params, config, lr, folder=HERE):
    """The run's Adam or AdamW as torch.optim has them, with the exported moments and step: (optimizer, step)."""
    path = Path(folder) / "optimizer.safetensors"
    state, meta = model.read_safetensors(path) if path.exists() else ({}, {})
    name = config.get("optimizer", "adam")
    if name not in ("adam", "adamw"):
        say(f"train.py continues with Adam: Inklab's {name} state is not exported")
    # tfjs's Adam takes the backend's epsilon (1e-7); Inklab's AdamW PyTorch's (1e-8).
    eps = float(meta.get("eps", 1e-8 if name == "adamw" else 1e-7))
    betas = tuple(json.loads(meta["betas"])) if "betas" in meta else (0.9, 0.999)
    if name == "adamw":
        optimizer = torch.optim.AdamW(params, lr=lr, betas=betas, eps=eps, weight_decay=float(meta.get("weight_decay", 0.01)))
    else:
        optimizer = torch.optim.Adam(params, lr=lr, betas=betas, eps=eps)
    step = int(meta.get("step", 0))
    if state:
        for i, p in enumerate(params):
            optimizer.state[p] = {
                "step": torch.tensor(float(step)),
                "exp_avg": state[f"state.{i}.exp_avg"].to(p.device),
                "exp_avg_sq": state[f"state.{i}.exp_avg_sq"].to(p.device),
            }
    return optimizer, step


def save(folder, net, optimizer, metadata, info, epoch, step):
    """A checkpoint folder Inklab's --load_checkpoint and the studio's import take."""
    folder.mkdir(parents=True, exist_ok=True)
    model.write_safetensors(folder / "weights.safetensors", net.state_dict(), {**metadata, "inklab": json.dumps({**info, "epoch": epoch, "step": step})})
    params = list(net.parameters())
    state = {}
    for i, p in enumerate(params):
        s = optimizer.state[p]
        state[f"state.{i}.exp_avg"] = s["exp_avg"]
        state[f"state.{i}.exp_avg_sq"] = s["exp_avg_sq"]
    group = optimizer.param_groups[0]
    kind = "adamw" if isinstance(optimizer, torch.optim.AdamW) else "adam"
    decay = {"weight_decay": str(group["weight_decay"])} if kind == "adamw" else {}
    model.write_safetensors(folder / "optimizer.safetensors", state, {"optimizer": kind, "step": str(step), "betas": json.dumps(list(group["betas"])), "eps": str(group["eps"]), **decay})


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


class Objective:
    """The run's loss (cross-entropy, or CTC for line models) and its metric (acc, or CER of greedy decoding)."""

    def __init__(self, config, mapping):
        self.ctc = config.get("loss") == "ctc"
        self.label_smoothing = float(config.get("label_smoothing") or 0)
        self.metric = "cer" if self.ctc else "acc"
        self.pad = mapping.index("<P>") if "<P>" in mapping else None

    def lengths(self, y):
        return torch.tensor([row.index(self.pad) if self.pad in row else len(row) for row in y.tolist()])

    def loss(self, logits, y):
        if self.ctc:
            # torch.nn.CTCLoss(zero_infinity=True) as the lab's: each label ends at its first <P>.
            steps = torch.full((len(y),), logits.shape[1], dtype=torch.long)
            return F.ctc_loss(F.log_softmax(logits, -1).permute(1, 0, 2), y, steps, self.lengths(y), blank=0, zero_infinity=True)
        # Every position of a line counts, padding included, as in the lab and Inklab.
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.flatten(), label_smoothing=self.label_smoothing)

    def tally(self, logits, y):
        """(errors or hits, out of) for one batch."""
        if not self.ctc:
            return int((logits.argmax(-1) == y).sum()), y.numel()
        edits, chars = 0, 0
        for path, label, n in zip(logits.argmax(-1).tolist(), y.tolist(), self.lengths(y).tolist()):
            decoded = [t for k, t in enumerate(path) if t != 0 and (k == 0 or t != path[k - 1])]
            edits += edit_distance(decoded, label[:n])
            chars += n
        return edits, chars


def evaluate(net, dataset, objective, batch_size, limit, device):
    net.eval()
    count, total, loss, samples = 0, 0, 0.0, 0
    with torch.no_grad():
        for b, (x, y) in enumerate(DataLoader(dataset, batch_size=batch_size)):
            if limit is not None and b >= limit:
                break
            x, y = x.to(device), y.to(device)
            logits = net(x)
            loss += float(objective.loss(logits, y)) * len(y)
            samples += len(y)
            hits, out_of = objective.tally(logits, y)
            count += hits
            total += out_of
    net.train()
    return loss / max(samples, 1), count / max(total, 1)


def run(rank, world, args, port):
    distributed = world > 1
    if args.threads:
        torch.set_num_threads(args.threads)
    if distributed:
        if port is not None:
            os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
            os.environ.setdefault("MASTER_PORT", str(port))
        dist.init_process_group("nccl" if args.device == "cuda" else "gloo", rank=rank, world_size=world)
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', rank))}" if args.device == "cuda" else "cpu")
    net, info = model.build(HERE)
    if args.data_dir is None:
        raise SystemExit("give --data_dir: the folder npm run datasets writes (this export was made in the browser)")
    _, metadata = model.read_safetensors(HERE / model.WEIGHTS_FILE)
    net.to(device).train()
    params = list(net.parameters())
    optimizer, step = make_optimizer(params, info["config"], args.lr)
    step = step or info["step"]
    wrapped = DistributedDataParallel(net) if distributed else net
    train, val, test = data.load_config(args.data_dir, info["config"])
    objective = Objective(info["config"], info["mapping"])
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=args.seed) if distributed else None
    generator = torch.Generator().manual_seed(args.seed)
    loader = DataLoader(train, batch_size=args.batch_size, sampler=sampler, shuffle=sampler is None, generator=generator)
    torch.manual_seed(args.seed + rank)
    lead = rank == 0
    losses = []
    seconds = 0.0
    for epoch in range(info["epoch"] + 1, args.max_epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        started = time.perf_counter()
        for batch, (x, y) in enumerate(loader):
            if args.limit_train_batches is not None and batch >= args.limit_train_batches:
                break
            loss = objective.loss(wrapped(x.to(device)), y.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            losses.append(float(loss))
            if lead and step % 10 == 0:
                say(f"epoch {epoch} step {step} train/loss {losses[-1]:.4f}")
        seconds += time.perf_counter() - started
        if lead:
            val_loss, val_metric = evaluate(net, val, objective, args.batch_size, None, device)
            say(f"epoch {epoch} validation/loss {val_loss:.4f} validation/{objective.metric} {val_metric:.4f}")
            save(Path(args.checkpoint_dir) / f"epoch={epoch:04d}", net, optimizer, metadata, info, epoch, step)
    digest = hashlib.sha256(b"".join(p.detach().cpu().numpy().tobytes() for p in params)).hexdigest()
    say(json.dumps({"rank": rank, "weights_sha256": digest}))
    if distributed:
        dist.barrier()
    if lead:
        test_loss, test_metric = evaluate(net, test, objective, args.batch_size, args.limit_test_batches, device)
        say(json.dumps({"test/loss": test_loss, f"test/{objective.metric}": test_metric, "train_loss_first10": sum(losses[:10]) / max(len(losses[:10]), 1), "train_loss_last10": sum(losses[-10:]) / max(len(losses[-10:]), 1), "steps": step, "world_size": world, "train_samples_per_s": len(losses) * args.batch_size * world / max(seconds, 1e-9), "checkpoint_dir": args.checkpoint_dir}))
    if distributed:
        dist.destroy_process_group()


def main():
    args = flags()
    if "WORLD_SIZE" in os.environ:
        run(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), args, None)
    elif args.nproc > 1:
        torch.multiprocessing.spawn(run, args=(args.nproc, args, free_port()), nprocs=args.nproc)
    else:
        run(0, 1, args, None)


if __name__ == "__main__":
    main()
`;
