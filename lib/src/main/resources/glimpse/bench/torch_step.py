"""PyTorch eager peer for `./glimpse bench`: one training step of a named model, timed like the Java peers.

Written for Glimpse (not copied). `model=NAME` imports the module NAME (conv4_torch, visformer_torch,
vit_torch: each defines build(channels, size, classes) with the same layer list as the Java model).
The data path is the Java peers': synthetic uint8 images held in memory, a seeded permutation, each
batch indexed and scaled to float [0,1]; softmax cross-entropy on the logits; Adam or AdamW (betas
0.9/0.999, eps 1e-8, as the shared loop); the loss is read every step as the Java loops do. Timed as
`warmup` steps then `repeats` x `steps` measured steps. Prints one line: BENCH {json}.
"""
import importlib
import json
import sys
import time

import torch
from torch import nn


def peak_rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def blas_library():
    """The BLAS this process loaded (Debian's python3-torch takes whichever libblas.so.3 the alternatives
    system points at; the reference one, without optimised kernels, makes every matmul many times slower)."""
    import os
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "libblas.so" in path or "libopenblas" in path or "libmkl" in path or "libblis" in path:
                return os.path.realpath(path)
    return "unknown"


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:])
    model = args.get("model", "conv4_torch")
    batch = int(args.get("batch", 128))
    threads = int(args.get("threads", 2))
    warmup = int(args.get("warmup", 8))
    steps = int(args.get("steps", 20))
    repeats = int(args.get("repeats", 3))
    images = int(args.get("images", 8192))
    channels, size, classes = int(args.get("channels", 1)), int(args.get("size", 28)), int(args.get("classes", 10))
    lr, wd = float(args.get("lr", 1e-3)), float(args.get("wd", 0))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    pixels = torch.randint(0, 256, (images, channels, size, size), dtype=torch.uint8, generator=g)
    labels = torch.randint(0, classes, (images,), generator=g)
    net = importlib.import_module(model).build(channels, size, classes)
    parameters = sum(p.numel() for p in net.parameters() if p.requires_grad)
    if args.get("optimizer", "adam") == "adamw":
        opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=wd)
    else:
        opt = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=wd)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    perm = torch.randperm(images, generator=g)
    per_epoch = images // batch

    def step(k):
        idx = perm[(k % per_epoch) * batch:(k % per_epoch + 1) * batch]
        x = pixels[idx].float().div_(255)
        y = labels[idx]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()   # the Java loops read the loss every step too

    k = 0
    for _ in range(warmup):
        step(k); k += 1
    rates, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(steps):
            step(k); k += 1
        rates.append(steps * batch / (time.perf_counter() - t0))
        cpu.append((time.process_time() - c0) * 1000 / (steps * batch))
    print("BENCH " + json.dumps({"peer": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
                                 "interop_threads": torch.get_num_interop_threads(), "parameters": parameters, "blas": blas_library(),
                                 "images_per_s": rates, "cpu_ms_per_image": cpu, "peak_rss_kib": peak_rss_kib(), "peak_heap_kib": -1}))


if __name__ == "__main__":
    main()
