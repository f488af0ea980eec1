"""Writes seeded random ImageNet-layout checkpoints for the IRT paper-section smoke test, with Debian's
python3-torch and python3-torchvision (no download): torchvision's resnet50 state dict and a state dict
with the names and shapes of timm's deit_small_patch16_224, as safetensors, under the file names of
glimpse.nn.weights.PretrainedWeights' catalog.

    python3 imagenet_weights.py CONVERTER_DIR OUT_DIR
"""
import os
import sys

import torch
import torchvision

sys.path.insert(0, sys.argv[1])
import pth_to_safetensors as st  # noqa: E402

out = sys.argv[2]
torch.manual_seed(5)
resnet50 = torchvision.models.resnet50(weights=None)
# BatchNorm running statistics measured on random images (cumulative averages), so that in eval mode
# the random network's activations stay of order one instead of growing block by block
for m in resnet50.modules():
    if isinstance(m, torch.nn.BatchNorm2d):
        m.momentum = None
resnet50.train()
with torch.no_grad():
    for _ in range(2):
        resnet50(torch.randn(4, 3, 64, 64))
st.save(resnet50.state_dict(), os.path.join(out, "resnet50-imagenet.safetensors"))

g = torch.Generator().manual_seed(7)


def r(*shape):
    return torch.randn(*shape, generator=g) * 0.02


dim, hidden, depth = 384, 1536, 12
sd = {"cls_token": r(1, 1, dim), "pos_embed": r(1, 197, dim), "patch_embed.proj.weight": r(dim, 3, 16, 16), "patch_embed.proj.bias": r(dim)}
for i in range(depth):
    p = "blocks.%d." % i
    sd.update({p + "norm1.weight": 1 + r(dim), p + "norm1.bias": r(dim),
               p + "attn.qkv.weight": r(3 * dim, dim), p + "attn.qkv.bias": r(3 * dim),
               p + "attn.proj.weight": r(dim, dim), p + "attn.proj.bias": r(dim),
               p + "norm2.weight": 1 + r(dim), p + "norm2.bias": r(dim),
               p + "mlp.fc1.weight": r(hidden, dim), p + "mlp.fc1.bias": r(hidden),
               p + "mlp.fc2.weight": r(dim, hidden), p + "mlp.fc2.bias": r(dim)})
sd.update({"norm.weight": 1 + r(dim), "norm.bias": r(dim), "head.weight": r(1000, dim), "head.bias": r(1000)})
st.save(sd, os.path.join(out, "deit-small-imagenet.safetensors"))
