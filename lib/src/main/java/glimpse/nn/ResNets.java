package glimpse.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.List;

/**
 * Residual backbones for few-shot learning. Each returns either the feature map (n, C, H', W')
 * or, with {@code pool} set, its global average (n, C): the one option that decides whether the
 * final pooling is applied (CrossTransformers needs the map; ProtoNet and classifiers pool).
 *
 * <ul>
 *   <li>{@link #resnet12} — the few-shot ResNet-12 (MetaOptNet, FEAT): four blocks of three
 *       3×3 conv-BN-LeakyReLU(0.1) with a 1×1 projection shortcut, each followed by 2×2 max-pool;
 *       widths 64-160-320-640 at 84 px for paper-scale GPU runs. DropBlock is not included.</li>
 *   <li>{@link #small} — the same blocks at widths 32-64-128 (three stages): trains on 2 CPU
 *       cores at 28–32 px in full mode.</li>
 *   <li>{@link #resnet34} — torchvision-style ResNet-34 (basic blocks 3-4-6-3), optionally with the
 *       last stage dilated instead of strided, as CrossTransformers uses at 224 px (14×14 map); undilated it is
 *       torchvision's resnet34 layout.</li>
 *   <li>{@link #resnet50} — torchvision's ResNet-50 (bottlenecks, stride on the 3×3 conv).</li>
 * </ul>
 */
public final class ResNets {
    private ResNets() {}

    public static SequentialBlock resnet12(boolean pool) { return resnet12(new int[] {64, 160, 320, 640}, pool); }

    public static SequentialBlock small(boolean pool) { return resnet12(new int[] {32, 64, 128}, pool); }

    /** ResNet-12-style stages of the given widths (one stage per width, each halving the resolution). */
    public static SequentialBlock resnet12(int[] widths, boolean pool) {
        SequentialBlock net = new SequentialBlock();
        for (int w : widths) {
            SequentialBlock main = new SequentialBlock()
                    .add(conv(w, 3, 1, 1)).add(bn()).add(leaky())
                    .add(conv(w, 3, 1, 1)).add(bn()).add(leaky())
                    .add(conv(w, 3, 1, 1)).add(bn());
            SequentialBlock shortcut = new SequentialBlock().add(conv(w, 1, 1, 0)).add(bn());
            net.add(residual(main, shortcut)).add(leaky()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        if (pool) net.add(globalAveragePool());
        return net;
    }

    /**
     * torchvision's ResNet-50 (He et al. 2016, arXiv 1512.03385, Table 1; torchvision's "v1.5": the
     * stride of a downsampling bottleneck sits on its 3×3 conv, not its first 1×1): the ResNet-34
     * stem, then bottlenecks 1×1 (w) → 3×3 (w, stride) → 1×1 (4w), stages 3-4-6-3 of w = 64…512, a 1×1
     * projection shortcut where the shape changes; output 2048 channels (224 px → 7×7). TASN's
     * backbone, in the layout torchvision's ImageNet checkpoints load into
     * ({@link glimpse.nn.weights.TorchvisionResNetImport}).
     */
    public static SequentialBlock resnet50(boolean pool) {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2)).optPadding(new Shape(3, 3))
                        .setFilters(64).optBias(false).build())
                .add(bn()).add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] blocks = {3, 4, 6, 3}, widths = {64, 128, 256, 512};
        int in = 64;
        for (int s = 0; s < 4; s++) {
            int out = 4 * widths[s];
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                SequentialBlock main = new SequentialBlock()
                        .add(conv(widths[s], 1, 1, 0)).add(bn()).add(Activation::relu)
                        .add(conv(widths[s], 3, stride, 1)).add(bn()).add(Activation::relu)
                        .add(conv(out, 1, 1, 0)).add(bn());
                Block shortcut = (stride != 1 || in != out)
                        ? new SequentialBlock().add(conv(out, 1, stride, 0)).add(bn())
                        : Blocks.identityBlock();
                net.add(residual(main, shortcut)).add(Activation::relu);
                in = out;
            }
        }
        if (pool) net.add(globalAveragePool());
        return net;
    }

    /** ResNet-34; {@code dilateLast} keeps stride 1 with dilation 2 in the last stage (CTX: 224 px → 14×14). */
    public static SequentialBlock resnet34(boolean dilateLast, boolean pool) {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2)).optPadding(new Shape(3, 3))
                        .setFilters(64).optBias(false).build())
                .add(bn()).add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] blocks = {3, 4, 6, 3}, widths = {64, 128, 256, 512};
        int in = 64;
        for (int s = 0; s < 4; s++) {
            boolean dilated = dilateLast && s == 3;
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (b == 0 && s > 0 && !dilated) ? 2 : 1;
                int dilation = dilated ? 2 : 1;
                SequentialBlock main = new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                                .optPadding(new Shape(dilation, dilation)).optDilation(new Shape(dilation, dilation))
                                .setFilters(widths[s]).optBias(false).build())
                        .add(bn()).add(Activation::relu)
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(dilation, dilation))
                                .optDilation(new Shape(dilation, dilation)).setFilters(widths[s]).optBias(false).build())
                        .add(bn());
                Block shortcut = (stride != 1 || in != widths[s])
                        ? new SequentialBlock().add(conv(widths[s], 1, stride, 0)).add(bn())
                        : Blocks.identityBlock();
                net.add(residual(main, shortcut)).add(Activation::relu);
                in = widths[s];
            }
        }
        if (pool) net.add(globalAveragePool());
        return net;
    }

    /** (n, C, H, W) → (n, C): the mean over positions. */
    public static Block globalAveragePool() { return Pool.globalAvgPool2dBlock(); }

    static Block residual(Block main, Block shortcut) {
        return new ParallelBlock(outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
    }

    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).setFilters(filters).optBias(false).build();
    }

    static Block bn() { return BatchNorm.builder().build(); }

    static Block leaky() { return new ai.djl.nn.LambdaBlock(list -> new NDList(Activation.leakyRelu(list.singletonOrThrow(), 0.1f)), "leakyRelu"); }
}
