"""Visformer cpu32 + linear head for the PyTorch peer of `./glimpse bench` (torch_step.py model=visformer_torch).

Written for Glimpse (not copied) to match glimpse.method.semanticprompt.Visformer.cpu32() layer for layer
(Chen et al. 2021, arXiv 2104.12533; Semantic Prompt arXiv 2303.14123 uses it), BatchNorm everywhere:
  stem    2 x [conv3x3/1 (16, no bias) -> BN -> ReLU]
  embed1  conv2x2/2 (32, bias) -> BN, + pos1 (1, 32, 16, 16)
  stage1  1 block: x += conv1x1(64) -> GELU -> conv3x3 groups 8 (64) -> GELU -> conv1x1(32) of BN(x), no biases
  embed2  conv2x2/2 (64, bias) -> BN -> tokens (B, 64, 64) + pos2
  stage2  1 block, width 64, 2 heads   x += Attn(BN(x)); x += MLP(BN(x))   (BN of each channel over B*T tokens)
  embed3  conv2x2/2 (128, bias) -> BN -> tokens (B, 16, 128) + pos3
  stage3  2 blocks, width 128, 2 heads
  out     BN(tokens), mean over tokens -> linear head (bias)
Attention: fused bias-free qkv (rows [Wq; Wk; Wv]), q and k each scaled by d^-1/4, bias-free projection;
MLP 4C with GELU (erf), no biases; no dropout. Parameter count with 64 classes: 521,456.
"""
import torch
from torch import nn


class TokenBatchNorm(nn.Module):
    """BatchNorm of each channel over all B*T tokens of (B, T, C): BatchNorm2d of the (B, C, H, W) map."""
    def __init__(self, c):
        super().__init__()
        self.bn = nn.BatchNorm1d(c)

    def forward(self, t):
        return self.bn(t.transpose(1, 2)).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.factor = self.head_dim ** -0.25

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = (p.reshape(b, t, self.heads, self.head_dim).transpose(1, 2) for p in self.qkv(x).split(c, dim=2))
        a = ((q * self.factor) @ (k * self.factor).transpose(-2, -1)).softmax(-1)
        return self.proj((a @ v).transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    def __init__(self, dim, heads, ratio=4):
        super().__init__()
        self.norm1, self.attn, self.norm2 = TokenBatchNorm(dim), Attention(dim, heads), TokenBatchNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, ratio * dim, bias=False), nn.GELU(), nn.Linear(ratio * dim, dim, bias=False))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ConvMlpBlock(nn.Module):
    def __init__(self, width, hidden, groups):
        super().__init__()
        self.norm = nn.BatchNorm2d(width)
        self.mlp = nn.Sequential(nn.Conv2d(width, hidden, 1, bias=False), nn.GELU(),
                                 nn.Conv2d(hidden, hidden, 3, padding=1, groups=groups, bias=False), nn.GELU(),
                                 nn.Conv2d(hidden, width, 1, bias=False))

    def forward(self, x):
        return x + self.mlp(self.norm(x))


def tokens(m):
    return m.flatten(2).transpose(1, 2)


class Visformer(nn.Module):
    def __init__(self, channels, size, classes, stem=16, w1=32, w2=64, w3=128, heads=2, depth3=2):
        super().__init__()
        g1 = size // 2
        self.stem = nn.Sequential(nn.Conv2d(channels, stem, 3, padding=1, bias=False), nn.BatchNorm2d(stem), nn.ReLU(),
                                  nn.Conv2d(stem, stem, 3, padding=1, bias=False), nn.BatchNorm2d(stem), nn.ReLU())
        self.embed1 = nn.Sequential(nn.Conv2d(stem, w1, 2, stride=2), nn.BatchNorm2d(w1))
        self.pos1 = nn.Parameter(nn.init.trunc_normal_(torch.empty(1, w1, g1, g1), std=0.02))
        self.stage1 = nn.Sequential(ConvMlpBlock(w1, 2 * w1, 8))
        self.embed2 = nn.Sequential(nn.Conv2d(w1, w2, 2, stride=2), nn.BatchNorm2d(w2))
        self.pos2 = nn.Parameter(nn.init.trunc_normal_(torch.empty(1, (g1 // 2) ** 2, w2), std=0.02))
        self.stage2 = nn.Sequential(Block(w2, heads))
        self.embed3 = nn.Sequential(nn.Conv2d(w2, w3, 2, stride=2), nn.BatchNorm2d(w3))
        self.pos3 = nn.Parameter(nn.init.trunc_normal_(torch.empty(1, (g1 // 4) ** 2, w3), std=0.02))
        self.stage3 = nn.Sequential(*[Block(w3, heads) for _ in range(depth3)])
        self.norm = TokenBatchNorm(w3)
        self.head = nn.Linear(w3, classes)
        self.g2 = g1 // 2

    def forward(self, x):
        x = self.stage1(self.embed1(self.stem(x)) + self.pos1)
        t = self.stage2(tokens(self.embed2(x)) + self.pos2)
        m = t.transpose(1, 2).reshape(t.shape[0], t.shape[2], self.g2, self.g2)
        t = self.norm(self.stage3(tokens(self.embed3(m)) + self.pos3))
        return self.head(t.mean(1))


def build(channels, size, classes):
    return Visformer(channels, size, classes)
