package glimpse.nn;

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

/**
 * The ImageNet-LT ResNet-10 ({@link ResNets#resnet10}) against torchvision's own
 * {@code ResNet(BasicBlock, [1, 1, 1, 1])} (Debian's python3-torchvision): the same parameter count, the
 * same convolution work, and the same logits from the same weights.
 */
class ResNet10Test {

    /**
     * By hand: stem 3·64·49 + BN 128 = 9,536; stage 1, two 64·64·9 convs + 2 BN = 73,984; stage 2,
     * 64·128·9 + 128·128·9 + 1×1 shortcut 64·128 + 3 BN = 230,144; stage 3 (128→256) 919,040; stage 4
     * (256→512) 3,673,088; total 4,905,792 (torchvision's count without its fc); a 10-way head 5,130.
     * Forward FLOPs at 224 px: 888,717,312 multiply-adds in the convolutions (stem 118,013,952; stage 1
     * 231,211,008; stages 2–4 179,830,784 each), × 2 ({@link Flops} counts the convolutions; pooling is free).
     */
    @Test
    void hasTorchvisionsParameterCountShapesAndFlops() {
        Block net = Blocks.classifier(ResNets.resnet10(true), 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(net, m, new Shape(1, 3, 224, 224));
            assertEquals(9_536 + 73_984 + 230_144 + 919_040 + 3_673_088 + 5_130, Blocks.parameterCount(net));
        }
        Block map = ResNets.resnet10(false);
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(map, m, new Shape(1, 3, 224, 224));
            assertEquals(new Shape(1, 512, 7, 7), map.getOutputShapes(new Shape[] {new Shape(1, 3, 224, 224)})[0]);
        }
        assertEquals(2 * (118_013_952L + 231_211_008L + 3 * 179_830_784L), Flops.resnet10(224), "2 FLOPs per multiply-add of the convolutions");
    }

    /**
     * torchvision's ResNet with basic blocks [1, 1, 1, 1], our seeded weights copied in by parameter order
     * (torch's {@code parameters()} and DJL's share it: stem, then per block conv1, bn1, conv2, bn2, the
     * shortcut conv and bn), in training mode (batch statistics) on two 224-px images. The script also
     * reports torchvision's parameter count and, by forward hooks on every Conv2d, the multiply-adds of
     * the convolutions, so neither is taken from our code.
     */
    static final String SCRIPT = """
            import sys, numpy as np, torch
            from torchvision.models.resnet import ResNet, BasicBlock
            d = sys.argv[1]
            net = ResNet(BasicBlock, [1, 1, 1, 1], num_classes=10).train()
            flat = np.fromfile(d + '/params.f32', dtype='<f4'); k = 0
            with torch.no_grad():
                for p in net.parameters():
                    p.copy_(torch.from_numpy(flat[k:k + p.numel()].reshape(p.shape))); k += p.numel()
            assert k == flat.size, (k, flat.size)
            macs = []
            def count(m, i, o):
                macs.append(o.numel() // o.shape[0] * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1])
            for m in net.modules():
                if isinstance(m, torch.nn.Conv2d): m.register_forward_hook(count)
            x = torch.from_numpy(np.fromfile(d + '/x.f32', dtype='<f4').reshape(2, 3, 224, 224))
            with torch.no_grad():
                net(x).numpy().astype('<f4').tofile(d + '/logits.f32')
            print(sum(p.numel() for p in net.parameters()), sum(macs))
            """;

    @Test
    void matchesTorchvisionsResNetWithOneBlockPerStage(@TempDir Path dir) throws Exception {
        Path python = TorchPython.require("torch", "torchvision", "numpy");
        Block net = Blocks.classifier(ResNets.resnet10(true), 10);
        Shape shape = new Shape(2, 3, 224, 224);
        float[] x = new float[(int) shape.size()];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextDouble() * 2 - 1);
        float[] ours;
        long params;
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(net, m, shape);
            params = Blocks.parameterCount(net);
            TorchParity.seedParameters(net, 13, 0.1, dir.resolve("params.f32"));
            TorchParity.writeFloats(dir.resolve("x.f32"), x);
            ours = net.forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), true).head().toFloatArray();
        }
        String out = TorchParity.run(python, dir, "resnet10.py", SCRIPT);
        String[] counts = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        assertEquals(Long.parseLong(counts[0]), params, "parameters: torchvision's count");
        long torchMacs = Long.parseLong(counts[1]);
        assertEquals(2 * torchMacs, Flops.resnet10(224), "Flops.resnet10 against torch's convolutions, 2 FLOPs per multiply-add");
        double diff = TorchParity.assertClose(ours, dir.resolve("logits.f32"));
        System.out.printf("ResNet-10 vs torchvision: %d parameters both, conv multiply-adds %d, max |Δlogit| %.2e%n", params, torchMacs, diff);
    }
}
