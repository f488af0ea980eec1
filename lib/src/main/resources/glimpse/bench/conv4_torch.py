"""Conv-4 for the PyTorch peer of `./glimpse bench` (torch_step.py model=conv4_torch); written for Glimpse.

The same network as glimpse.nn.Conv4 + a linear head: four blocks conv3x3(64, bias) -> BN -> max-pool 2
-> ReLU (pooling before ReLU, as Conv4.convBlock does: the same function since ReLU is monotone).
"""
from torch import nn


def conv_block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.MaxPool2d(2), nn.ReLU())


def build(channels, size, classes):
    side = size
    for _ in range(4):
        side //= 2
    return nn.Sequential(conv_block(channels, 64), conv_block(64, 64), conv_block(64, 64), conv_block(64, 64),
                         nn.Flatten(), nn.Linear(64 * side * side, classes))
