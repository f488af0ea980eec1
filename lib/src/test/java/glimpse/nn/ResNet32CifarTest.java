package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.testing.TorchParity;
import glimpse.testing.TorchPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** He et al.'s CIFAR ResNet-32 ({@link ResNets#resnet32Cifar}): its size, its shapes, and its numbers against torch. */
class ResNet32CifarTest {

    /**
     * He et al. 2016 (arXiv 1512.03385) Table 6: ResNet-32 has 0.46M parameters. By hand: the stem
     * 3·16·9 + BN 2·16 = 464; stage 1, 5 blocks × (2 convs 16·16·9 + 2 BN 2·16) = 23,360; stage 2,
     * (16·32·9 + 32·32·9 + 2·64) + 4 × (2·32·32·9 + 2·64) = 88,192; stage 3, (32·64·9 + 64·64·9 + 2·128)
     * + 4 × (2·64·64·9 + 2·128) = 351,488; the shortcuts have none; a 10-way linear head 64·10 + 10 = 650.
     */
    @Test
    void hasThePapersParameterCountAndShapes() {
        Block net = Blocks.classifier(ResNets.resnet32Cifar(true), 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(net, m, new Shape(2, 3, 32, 32));
            assertEquals(464 + 23_360 + 88_192 + 351_488 + 650, Blocks.parameterCount(net));
            assertEquals(0.46, Blocks.parameterCount(net) / 1e6, 0.005, "Table 6's 0.46M");
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            assertEquals(new Shape(2, 10), net.forward(new ParameterStore(m, false), new NDList(x), false).head().getShape());
        }
        Block map = ResNets.resnet32Cifar(false);
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(map, m, new Shape(1, 3, 32, 32));
            assertEquals(new Shape(1, 64, 8, 8), map.getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)})[0]);
        }
    }

    /** The same network written in torch (option-A shortcuts as in the CIFAR-LT code), loaded with our weights, in training mode (batch statistics). */
    static final String SCRIPT = """
            import sys, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
            d = sys.argv[1]
            class Block(nn.Module):
                def __init__(self, cin, cout, stride):
                    super().__init__()
                    self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(cout)
                    self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(cout)
                    self.pad = (cout - cin) // 2 if stride != 1 or cin != cout else None
                def forward(self, x):
                    out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
                    short = x if self.pad is None else F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))
                    return F.relu(out + short)
            class ResNet32(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(16)
                    layers, cin = [], 16
                    for s, w in enumerate([16, 32, 64]):
                        for b in range(5):
                            layers.append(Block(cin, w, 2 if b == 0 and s > 0 else 1)); cin = w
                    self.layers = nn.Sequential(*layers)
                    self.fc = nn.Linear(64, 10)
                def forward(self, x):
                    x = F.relu(self.bn1(self.conv1(x)))
                    return self.fc(self.layers(x).mean(dim=(2, 3)))
            net = ResNet32().train()
            flat = np.fromfile(d + '/params.f32', dtype='<f4'); k = 0
            with torch.no_grad():
                for p in net.parameters():
                    p.copy_(torch.from_numpy(flat[k:k + p.numel()].reshape(p.shape))); k += p.numel()
            assert k == flat.size, (k, flat.size)
            x = torch.from_numpy(np.fromfile(d + '/x.f32', dtype='<f4').reshape(4, 3, 32, 32))
            with torch.no_grad():
                net(x).numpy().astype('<f4').tofile(d + '/logits.f32')
            """;

    @Test
    void matchesTheSameNetworkInTorch(@TempDir Path dir) throws Exception {
        Path python = TorchPython.require("torch", "numpy");
        Block net = Blocks.classifier(ResNets.resnet32Cifar(true), 10);
        float[] x = new float[4 * 3 * 32 * 32];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] ours;
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(net, m, new Shape(4, 3, 32, 32));
            // seeded weights (BN γ around 1); running statistics are not used in training mode
            TorchParity.seedParameters(net, 11, 0.2, dir.resolve("params.f32"));
            TorchParity.writeFloats(dir.resolve("x.f32"), x);
            ours = net.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(4, 3, 32, 32))), true).head().toFloatArray();
        }
        TorchParity.run(python, dir, "resnet32.py", SCRIPT);
        TorchParity.assertClose(ours, dir.resolve("logits.f32"));
    }

}
