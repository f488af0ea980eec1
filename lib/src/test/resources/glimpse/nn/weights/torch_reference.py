"""Writes the checkpoints and reference outputs TorchCheckpointTest compares against, with Debian's
python3-torch and python3-torchvision (seeded random weights, no download).

    python3 torch_reference.py CONVERTER_DIR OUT_DIR

OUT_DIR receives resnet50.safetensors (F32), resnet34-f16.safetensors (F16), deit_small.safetensors
(F32, timm's names, 224 px) and the same as deit_small.pth (torch.save'd under "model"), tiny.pth (a torch.save'd {"model": ...} dict for the converter),
evil.pth / evil.pkl (pickles that would run `touch OUT_DIR/pwned`), and reference.safetensors with
the inputs and torch's outputs.
"""
import math
import os
import pickle
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.path.insert(0, sys.argv[1])
import pth_to_safetensors as st  # noqa: E402

out = sys.argv[2]
torch.set_num_threads(1)
reference = {}


def calibrate(model, size, seed):
    """Random affine BatchNorm parameters, then running statistics measured on random images, so that
    eval-mode activations keep a sensible scale through the depth (and every BN tensor is non-trivial)."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=g))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=g))
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batches
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(4, 3, size, size, generator=g))
    model.eval()


def probe(size):
    """ImageNetArchitecture.probeImage: sin(0.05 * (h * size + w) + c)."""
    i = torch.arange(size * size, dtype=torch.float64) * 0.05
    return torch.stack([torch.sin(i + c) for c in range(3)]).reshape(1, 3, size, size).float()


# ---- ResNet-50, F32, 64 px ----
torch.manual_seed(50)
resnet50 = torchvision.models.resnet50(weights=None)
calibrate(resnet50, 64, 51)
x64 = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(52))
with torch.no_grad():
    reference["resnet50.logits"] = resnet50(x64)
reference["images64"] = x64
st.save(resnet50.state_dict(), os.path.join(out, "resnet50.safetensors"))

# ---- ResNet-34, stored F16: torch's reference uses the same F16-rounded weights ----
torch.manual_seed(34)
resnet34 = torchvision.models.resnet34(weights=None)
calibrate(resnet34, 64, 35)
half = {k: (v.half() if v.is_floating_point() else v) for k, v in resnet34.state_dict().items()}
resnet34.load_state_dict({k: (v.float() if v.is_floating_point() else v) for k, v in half.items()})
with torch.no_grad():
    reference["resnet34.logits"] = resnet34(x64)
    reference["resnet34.probe64.logits"] = resnet34(probe(64))
st.save(half, os.path.join(out, "resnet34-f16.safetensors"))


# ---- DeiT-Small with timm's parameter names (torchvision 0.14 has no DeiT) ----
class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        attention = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attention @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.act, self.fc2 = nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1, self.attn = nn.LayerNorm(dim, eps=1e-6), Attention(dim, heads)
        self.norm2, self.mlp = nn.LayerNorm(dim, eps=1e-6), Mlp(dim, 4 * dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, 16, 16)


class DeiT(nn.Module):
    def __init__(self, image=224, dim=384, depth=12, heads=6, classes=1000):
        super().__init__()
        self.patch_embed = PatchEmbed(dim)
        self.cls_token = nn.Parameter(0.02 * torch.randn(1, 1, dim))
        self.pos_embed = nn.Parameter(0.02 * torch.randn(1, 1 + (image // 16) ** 2, dim))
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.patch_embed.proj(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])


def resample(posemb, new):
    """timm's resample_abs_pos_embed: class row kept, grid resized by antialiased bicubic."""
    prefix, grid = posemb[:, :1], posemb[:, 1:]
    old = int(math.sqrt(grid.shape[1]))
    grid = grid.reshape(1, old, old, -1).permute(0, 3, 1, 2)
    grid = F.interpolate(grid, size=(new, new), mode="bicubic", antialias=True, align_corners=False)
    return torch.cat([prefix, grid.permute(0, 2, 3, 1).reshape(1, new * new, -1)], dim=1)


torch.manual_seed(2012)
deit = DeiT().eval()
g = torch.Generator().manual_seed(2013)
with torch.no_grad():
    for name, p in deit.named_parameters():   # LayerNorm affine away from 1/0 so that a mix-up shows
        if "norm" in name:
            p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.2 * torch.randn(p.shape, generator=g))
x224 = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(2014))
with torch.no_grad():
    reference["deit.logits224"] = deit(x224)
    reference["images224"] = x224
    for grid in (4, 7, 24):
        reference[f"deit.pos_embed{grid}"] = resample(deit.pos_embed, grid)
st.save(deit.state_dict(), os.path.join(out, "deit_small.safetensors"))
# as Facebook published DeiT: torch.save of {"model": state dict, ...}, for the converter
torch.save({"model": deit.state_dict(), "epoch": 299}, os.path.join(out, "deit_small.pth"))
small = DeiT(image=64).eval()
state = deit.state_dict()
state["pos_embed"] = reference["deit.pos_embed4"]
small.load_state_dict(state)
with torch.no_grad():
    reference["deit.logits64"] = small(x64)

# ---- the converter's input: a DeiT-style {"model": state dict} checkpoint ----
tiny = {"a.weight": torch.randn(3, 2, generator=g), "b.bias": torch.randn(4, generator=g).bfloat16(),
        "c.half": torch.randn(2, 2, generator=g).half()}
torch.save({"model": tiny, "epoch": 300}, os.path.join(out, "tiny.pth"))
for k, v in tiny.items():
    reference["tiny." + k] = v.float()


# ---- pickles that ask to run code ----
class Evil:
    def __reduce__(self):
        return os.system, ("touch " + os.path.join(out, "pwned"),)


torch.save({"model": {"w": torch.zeros(1)}, "payload": Evil()}, os.path.join(out, "evil.pth"))
with open(os.path.join(out, "evil.pkl"), "wb") as f:
    pickle.dump(Evil(), f, protocol=2)

st.save({k: v.contiguous() for k, v in reference.items()}, os.path.join(out, "reference.safetensors"))
print("magnitudes:", {k: round(v.abs().max().item(), 3) for k, v in reference.items() if "logits" in k})
