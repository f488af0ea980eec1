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
 *   <li>{@link #resnet10} — the same basic blocks, one per stage: the ImageNet-LT ResNet-10.</li>
 *   <li>{@link #resnet50} — torchvision's ResNet-50 (bottlenecks, stride on the 3×3 conv).</li>
 *   <li>{@link #resnet32Cifar} — He et al.'s CIFAR ResNet-32 (3 stages of 5 basic blocks, 16-32-64
 *       channels, parameter-free shortcuts), the long-tail literature's CIFAR-LT backbone.</li>
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
        SequentialBlock net = stem();
        int in = 64;
        for (int s = 0; s < 4; s++) {
            int out = 4 * STAGE_WIDTHS[s];
            for (int b = 0; b < STAGE_BLOCKS[s]; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                SequentialBlock main = new SequentialBlock()
                        .add(conv(STAGE_WIDTHS[s], 1, 1, 0)).add(bn()).add(Activation::relu)
                        .add(conv(STAGE_WIDTHS[s], 3, stride, 1)).add(bn()).add(Activation::relu)
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
    public static SequentialBlock resnet34(boolean dilateLast, boolean pool) { return basicBlocks(STAGE_BLOCKS, dilateLast, pool); }

    /**
     * The ResNet-10 of the long-tail literature's ImageNet-LT experiments (Liu et al., OLTR, arXiv
     * 1904.05160 §5; Kang et al., arXiv 1910.09217; the backbone of BatchFormer's ImageNet-LT ResNet-10
     * rows, arXiv 2203.01522 §4): torchvision's ResNet with basic blocks and one block per stage,
     * {@code ResNet(BasicBlock, [1, 1, 1, 1])} — the ResNet-34 stem (7×7 conv, stride 2, 3×3 max-pool),
     * stages of 64-128-256-512 channels, a 1×1 projection shortcut where the shape changes. 224 px →
     * 7×7×512; pooled: (n, 512). 4.9M parameters without a classifier.
     */
    public static SequentialBlock resnet10(boolean pool) { return basicBlocks(new int[] {1, 1, 1, 1}, false, pool); }

    /** The stem, then basic blocks {@code blocks[s]} per stage s of {@link #STAGE_WIDTHS} (torchvision's layout). */
    private static SequentialBlock basicBlocks(int[] blocks, boolean dilateLast, boolean pool) {
        SequentialBlock net = stem();
        int in = 64;
        for (int s = 0; s < 4; s++) {
            boolean dilated = dilateLast && s == 3;
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (b == 0 && s > 0 && !dilated) ? 2 : 1;
                int dilation = dilated ? 2 : 1;
                SequentialBlock main = new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                                .optPadding(new Shape(dilation, dilation)).optDilation(new Shape(dilation, dilation))
                                .setFilters(STAGE_WIDTHS[s]).optBias(false).build())
                        .add(bn()).add(Activation::relu)
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(dilation, dilation))
                                .optDilation(new Shape(dilation, dilation)).setFilters(STAGE_WIDTHS[s]).optBias(false).build())
                        .add(bn());
                Block shortcut = (stride != 1 || in != STAGE_WIDTHS[s])
                        ? new SequentialBlock().add(conv(STAGE_WIDTHS[s], 1, stride, 0)).add(bn())
                        : Blocks.identityBlock();
                net.add(residual(main, shortcut)).add(Activation::relu);
                in = STAGE_WIDTHS[s];
            }
        }
        if (pool) net.add(globalAveragePool());
        return net;
    }

    /**
     * The CIFAR ResNet-32 of He et al. 2016 (arXiv 1512.03385 §4.2, 6n + 2 layers with n = 5): a 3×3
     * conv (16) → BN → ReLU, then three stages of five basic blocks (3×3 conv → BN → ReLU → 3×3 conv → BN,
     * add the shortcut, ReLU) of 16, 32 and 64 channels, the first block of stages 2 and 3 with stride 2.
     * Shortcuts are option A of §4.2, parameter-free: identity, or where the shape changes every
     * second pixel (stride 2) with the new channels zero-padded, half on each side — the layout the
     * long-tail literature's CIFAR-LT code uses (Cao et al., arXiv 1906.07413, {@code resnet32}) and
     * the one that gives the paper's 0.46M parameters (Table 6) with a 10-way classifier. 32 px → 8×8×64;
     * pooled: (n, 64).
     */
    public static SequentialBlock resnet32Cifar(boolean pool) {
        SequentialBlock net = new SequentialBlock().add(conv(16, 3, 1, 1)).add(bn()).add(Activation::relu);
        int in = 16;
        for (int s = 0; s < 3; s++) {
            int width = 16 << s;
            for (int b = 0; b < 5; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                SequentialBlock main = new SequentialBlock()
                        .add(conv(width, 3, stride, 1)).add(bn()).add(Activation::relu)
                        .add(conv(width, 3, 1, 1)).add(bn());
                net.add(residual(main, stride == 1 && in == width ? Blocks.identityBlock() : subsampleAndPad((width - in) / 2)))
                        .add(Activation::relu);
                in = width;
            }
        }
        if (pool) net.add(globalAveragePool());
        return net;
    }

    /** Option A's shortcut: x[:, :, ::2, ::2] with {@code pad} zero channels before and after. */
    static Block subsampleAndPad(int pad) {
        return new ai.djl.nn.LambdaBlock(list -> {
            ai.djl.ndarray.NDArray x = list.singletonOrThrow().get(":, :, ::2, ::2");
            Shape s = x.getShape();
            ai.djl.ndarray.NDArray zeros = x.getManager().zeros(new Shape(s.get(0), pad, s.get(2), s.get(3)), x.getDataType(), x.getDevice());
            return new NDList(zeros.concat(x, 1).concat(zeros, 1));
        }, "subsampleAndPad");
    }

    /** Blocks and widths of the four stages of ResNet-34 and ResNet-50 (ResNet-10: the widths, one block each) (He et al. 2016, arXiv 1512.03385, Table 1). */
    private static final int[] STAGE_BLOCKS = {3, 4, 6, 3}, STAGE_WIDTHS = {64, 128, 256, 512};

    /**
     * The stem of ResNet-34 and ResNet-50: 7×7 conv (64, stride 2) → BN → ReLU → 3×3 max-pool
     * (stride 2), as the first four children of the network it starts (not a nested block: the
     * parameter names torchvision's checkpoints load into depend on it).
     */
    private static SequentialBlock stem() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2)).optPadding(new Shape(3, 3))
                        .setFilters(64).optBias(false).build())
                .add(bn()).add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
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
