"""PyTorch eager peer for `./glimpse bench`: Conv-4 on 28x28 grayscale, Adam, cross-entropy.

Written for Glimpse (not copied): the same network, batch, optimiser and data path as the Java
peers - synthetic uint8 images held in memory, a seeded permutation, each batch indexed and
scaled to float [0,1] - timed as `warmup` steps then `repeats` x `steps` measured steps.
Prints one line: BENCH {json}.
"""
import json
import sys
import time

import torch
from torch import nn


def conv_block(cin, cout):
    # pool before ReLU, as glimpse.nn.Conv4 does: the same function (ReLU is monotone), see Conv4.convBlock
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.MaxPool2d(2), nn.ReLU())


def peak_rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:])
    batch = int(args.get("batch", 128))
    threads = int(args.get("threads", 2))
    warmup = int(args.get("warmup", 8))
    steps = int(args.get("steps", 20))
    repeats = int(args.get("repeats", 3))
    images = int(args.get("images", 8192))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    pixels = torch.randint(0, 256, (images, 1, 28, 28), dtype=torch.uint8, generator=g)
    labels = torch.randint(0, 10, (images,), generator=g)
    net = nn.Sequential(conv_block(1, 64), conv_block(64, 64), conv_block(64, 64), conv_block(64, 64),
                        nn.Flatten(), nn.Linear(64, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
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
                                 "interop_threads": torch.get_num_interop_threads(),
                                 "images_per_s": rates, "cpu_ms_per_image": cpu, "peak_rss_kib": peak_rss_kib(), "peak_heap_kib": -1}))


if __name__ == "__main__":
    main()
