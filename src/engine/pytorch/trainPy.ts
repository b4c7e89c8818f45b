/**
 * train.py of a PyTorch export: continues the run in plain PyTorch (the lab's training,
 * validation and test steps in one loop), from the exported weights and Adam's state, on one
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
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

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


def load_optimizer(optimizer, params):
    path = HERE / "optimizer.safetensors"
    if not path.exists():
        return 0
    state, meta = model.read_safetensors(path)
    step = int(meta["step"])
    for i, p in enumerate(params):
        optimizer.state[p] = {
            "step": torch.tensor(float(step)),
            "exp_avg": state[f"state.{i}.exp_avg"].to(p.device),
            "exp_avg_sq": state[f"state.{i}.exp_avg_sq"].to(p.device),
        }
    return step


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
    model.write_safetensors(folder / "optimizer.safetensors", state, {"optimizer": "adam", "step": str(step), "betas": json.dumps(list(group["betas"])), "eps": str(group["eps"])})


def evaluate(net, images, labels, batch_size, limit, device):
    net.eval()
    correct, total, loss = 0, 0, 0.0
    with torch.no_grad():
        for b, start in enumerate(range(0, len(labels), batch_size)):
            if limit is not None and b >= limit:
                break
            x, y = images[start : start + batch_size].to(device), labels[start : start + batch_size].to(device)
            logits = net(x)
            loss += float(F.cross_entropy(logits, y, reduction="sum"))
            correct += int((logits.argmax(-1) == y).sum())
            total += len(y)
    net.train()
    return loss / max(total, 1), correct / max(total, 1)


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
    if info["model_class"] not in ("MLP", "CNN"):
        raise SystemExit(f"train.py trains the character models (MLP, CNN); this export is {info['model_class']}.")
    if args.data_dir is None:
        raise SystemExit("give --data_dir: the folder npm run datasets writes (this export was made in the browser)")
    _, metadata = model.read_safetensors(HERE / model.WEIGHTS_FILE)
    net.to(device).train()
    params = list(net.parameters())
    eps = 1e-7 if info["config"].get("optimizer", "adam") == "adam" else 1e-8
    optimizer = torch.optim.Adam(params, lr=args.lr, betas=(0.9, 0.999), eps=eps)
    step = load_optimizer(optimizer, params) or info["step"]
    wrapped = DistributedDataParallel(net) if distributed else net
    dataset = info["config"]["data_class"]
    (tx, ty), (vx, vy), (sx, sy) = data.load(args.data_dir, dataset, info["config"].get("split_seed", 42))
    train = TensorDataset(tx, ty)
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
            loss = F.cross_entropy(wrapped(x.to(device)), y.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            losses.append(float(loss))
            if lead and step % 10 == 0:
                say(f"epoch {epoch} step {step} train/loss {losses[-1]:.4f}")
        seconds += time.perf_counter() - started
        if lead:
            val_loss, val_acc = evaluate(net, vx, vy, args.batch_size, None, device)
            say(f"epoch {epoch} validation/loss {val_loss:.4f} validation/acc {val_acc:.4f}")
            save(Path(args.checkpoint_dir) / f"epoch={epoch:04d}", net, optimizer, metadata, info, epoch, step)
    digest = hashlib.sha256(b"".join(p.detach().cpu().numpy().tobytes() for p in params)).hexdigest()
    say(json.dumps({"rank": rank, "weights_sha256": digest}))
    if distributed:
        dist.barrier()
    if lead:
        test_loss, test_acc = evaluate(net, sx, sy, args.batch_size, args.limit_test_batches, device)
        say(json.dumps({"test/loss": test_loss, "test/acc": test_acc, "train_loss_first10": sum(losses[:10]) / max(len(losses[:10]), 1), "train_loss_last10": sum(losses[-10:]) / max(len(losses[-10:]), 1), "steps": step, "world_size": world, "train_samples_per_s": len(losses) * args.batch_size * world / max(seconds, 1e-9), "checkpoint_dir": args.checkpoint_dir}))
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
