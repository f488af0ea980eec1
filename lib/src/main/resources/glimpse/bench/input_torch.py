"""PyTorch peer of `./glimpse bench --model=input`: DataLoader + torchvision transforms over a folder of JPEGs.

Written for Glimpse (not copied). The pipeline is torchvision's ImageNet training recipe, as the Java peer's
RgbTransforms.imageNetTrain: RandomResizedCrop(size) -> RandomHorizontalFlip() -> ColorJitter(0.4, 0.4, 0.4)
-> ToTensor() -> Normalize(ImageNet mean, std), each image opened as torchvision's ImageFolder does
(PIL open + convert("RGB")). `workers` worker processes (DataLoader gives each one intra-op thread),
prefetch_factor 2, batches of `batch`. The dataset is `(warmup + steps * repeats) * batch` long and cycles
over the files, so one DataLoader iterator serves the whole run. Timed as `warmup` batches (worker start-up
included) then `repeats` x `steps` batches; CPU time is this process's plus its workers' (from /proc).
Prints REPORT lines (one image's stages on one thread) and one line BENCH {json}.
"""
import glob
import json
import os
import statistics
import sys
import time

import torch
import torchvision
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms as T

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def load(path):
    with open(path, "rb") as f:
        img = Image.open(f)
        return img.convert("RGB")


class Files(Dataset):
    def __init__(self, files, length, transform):
        self.files, self.length, self.transform = files, length, transform

    def __len__(self):
        return self.length

    def __getitem__(self, i):
        return self.transform(load(self.files[i % len(self.files)])), 0


def proc_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime + stime


def peak_rss_kib(pid="self"):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def stages(files, size):
    """One image's stages on this thread, median ms over (up to 64 of) the files."""
    crop, flip, jitter = T.RandomResizedCrop(size), T.RandomHorizontalFlip(), T.ColorJitter(0.4, 0.4, 0.4)
    to_tensor, normalize = T.ToTensor(), T.Normalize(MEAN, STD)
    names = ["open + decode (PIL)", "crop + resize", "flip", "colour jitter", "to tensor", "normalise"]
    ms = [[] for _ in names]
    for rep in range(2):
        for path in files[:64]:
            t = [time.perf_counter()]
            img = load(path); t.append(time.perf_counter())
            img = crop(img); t.append(time.perf_counter())
            img = flip(img); t.append(time.perf_counter())
            img = jitter(img); t.append(time.perf_counter())
            x = to_tensor(img); t.append(time.perf_counter())
            normalize(x); t.append(time.perf_counter())
            if rep == 1:
                for k in range(len(names)):
                    ms[k].append((t[k + 1] - t[k]) * 1000)
    med = [statistics.median(m) for m in ms]
    return ", ".join("%s %.2f" % (n, m) for n, m in zip(names, med)) + "; sum %.2f ms/img" % sum(med)


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:])
    folder, size = args["dir"], int(args.get("size", 224))
    batch, workers = int(args.get("batch", 32)), int(args.get("workers", 2))
    warmup, steps, repeats = int(args.get("warmup", 2)), int(args.get("steps", 4)), int(args.get("repeats", 3))
    files = sorted(glob.glob(os.path.join(folder, "*.jpg")))
    total = warmup + steps * repeats
    torch.manual_seed(0)
    transform = T.Compose([T.RandomResizedCrop(size), T.RandomHorizontalFlip(), T.ColorJitter(0.4, 0.4, 0.4),
                           T.ToTensor(), T.Normalize(MEAN, STD)])
    loader = DataLoader(Files(files, total * batch, transform), batch_size=batch, num_workers=workers, shuffle=False)
    me = os.getpid()
    wall, cpu = [time.perf_counter()], [time.process_time()]
    it = iter(loader)
    pids = [w.pid for w in getattr(it, "_workers", [])]
    rss = 0
    for k in range(total):
        x, _ = next(it)
        assert x.shape == (batch, 3, size, size)
        wall.append(time.perf_counter())
        cpu.append(time.process_time() + sum(proc_cpu_seconds(p) for p in pids))
        if k == total - 1:
            rss = peak_rss_kib() + sum(peak_rss_kib(p) for p in pids)
    del it
    rates, cpu_ms = [], []
    for r in range(repeats):
        a, b = warmup + r * steps, warmup + (r + 1) * steps
        rates.append(steps * batch / (wall[b] - wall[a]))
        cpu_ms.append((cpu[b] - cpu[a]) * 1000 / (steps * batch))
    torch.set_num_threads(1)
    print("REPORT " + stages(files, size))
    import PIL
    print("BENCH " + json.dumps({"peer": "pytorch", "label": "PyTorch %s DataLoader + torchvision %s (PIL %s)" % (
        torch.__version__.split("+")[0], torchvision.__version__.split("+")[0], PIL.__version__), "threads": workers,
                                 "images_per_s": rates, "cpu_ms_per_image": cpu_ms, "peak_rss_kib": rss, "peak_heap_kib": -1}))


if __name__ == "__main__":
    main()
