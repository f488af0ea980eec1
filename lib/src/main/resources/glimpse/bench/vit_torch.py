"""IRT's small ViT + linear head for the PyTorch peer of `./glimpse bench` (torch_step.py model=vit_torch).

Written for Glimpse (not copied) to match glimpse.method.retrieval.RetrievalNet.smallVit(CLS) on
glimpse.nn.VisionTransformer (Dosovitskiy et al., arXiv 2010.11929 eq. 1-4) layer for layer:
  patch   conv4x4/4 (128, bias) -> 64 tokens, [CLS] in front, + pos (1, 65, 128)   (class token and pos: learned)
  4 x     x += proj(Attn(LN(x))); x += fc2(GELU(fc1(LN(x))))   LN eps 1e-6, fused qkv with bias (rows [Wq; Wk; Wv]),
          4 heads, scores scaled 1/sqrt(d) after QK^T, projection and MLP (512) with biases, no dropout
  out     LN(tokens), the CLS token, L2-normalised (norm floored at 1e-12) -> linear head (bias)
Parameter count with 100 classes: 816,868.
"""
import torch
from torch import nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.scale = self.head_dim ** -0.5

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = (p.reshape(b, t, self.heads, self.head_dim).transpose(1, 2) for p in self.qkv(x).split(c, dim=2))
        a = ((q @ k.transpose(-2, -1)) * self.scale).softmax(-1)
        return self.proj((a @ v).transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.norm1, self.attn, self.norm2 = nn.LayerNorm(dim, eps=1e-6), Attention(dim, heads), nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class SmallVit(nn.Module):
    def __init__(self, channels, size, classes, patch=4, dim=128, depth=4, heads=4, ratio=4):
        super().__init__()
        n = (size // patch) ** 2
        self.patch = nn.Conv2d(channels, dim, patch, stride=patch)
        self.cls = nn.Parameter(nn.init.trunc_normal_(torch.empty(1, 1, dim), std=0.02))
        self.pos = nn.Parameter(nn.init.trunc_normal_(torch.empty(1, n + 1, dim), std=0.02))
        self.blocks = nn.Sequential(*[Block(dim, heads, ratio * dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        t = self.patch(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.cls.expand(t.shape[0], -1, -1), t], dim=1) + self.pos
        t = self.norm(self.blocks(t))
        return self.head(F.normalize(t[:, 0], dim=1, eps=1e-12))


def build(channels, size, classes):
    return SmallVit(channels, size, classes)
