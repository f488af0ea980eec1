package glimpse.method.tasn;

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
import glimpse.nn.Flops;
import glimpse.nn.ResNets;

import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * TASN's attention network (Zheng et al., CVPR 2019, §4.1; official {@code model.py}): a
 * pre-activation ResNet with reduced down-sampling, then two groups of one shared 3×3 weight at
 * several dilations ({@link SharedDilatedConv}), giving non-negative feature maps X (B, c, h, w)
 * whose channels become the trilinear attention maps. The auxiliary classifier ({@link #auxiliaryHead})
 * is BN → ReLU → global average pool → FC on X, trained with its own cross-entropy.
 *
 * @param stemKernel   the first convolution's kernel (7 in ResNet-18, 3 for small glyph inputs)
 * @param stemStride   its stride
 * @param stemPool     a 3×3 stride-2 max-pool after the stem (ResNet-18)
 * @param widths       channels per stage
 * @param blocks       pre-activation basic blocks per stage
 * @param strides      stride of each stage's first block (the paper: 1, 1, 2, 1)
 * @param channels     width c of the dilated groups, i.e. the number of attention maps
 * @param firstDilations  dilations of the first shared group (1, 2)
 * @param secondDilations dilations of the second (1, 2, 3)
 */
@RecordBuilder
public record AttentionNet(int stemKernel, int stemStride, boolean stemPool, List<Integer> widths, List<Integer> blocks,
                           List<Integer> strides, int channels, List<Integer> firstDilations, List<Integer> secondDilations)
        implements AttentionNetBuilder.With {

    public AttentionNet {
        if (widths.isEmpty() || widths.size() != blocks.size() || widths.size() != strides.size())
            throw new IllegalArgumentException("widths, blocks and strides need one entry per stage, got " + widths + ", " + blocks + ", " + strides);
        widths = List.copyOf(widths); blocks = List.copyOf(blocks); strides = List.copyOf(strides);
        firstDilations = List.copyOf(firstDilations); secondDilations = List.copyOf(secondDilations);
    }

    /** The paper's: pre-activation ResNet-18, strides (1, 1, 2, 1), 512 maps; 224 px → 28×28. */
    public static AttentionNet resnet18() {
        return new AttentionNet(7, 2, true, List.of(64, 128, 256, 512), List.of(2, 2, 2, 2), List.of(1, 1, 2, 1),
                512, List.of(1, 2), List.of(1, 2, 3));
    }

    /** A CPU size for 24–96 px glyphs: 3×3 stem, widths 16-32-64, one block each, strides 1-2-2: 32 px → 8×8 (24 px → 6×6), 64 maps. */
    public static AttentionNet small() {
        return new AttentionNet(3, 1, false, List.of(16, 32, 64), List.of(1, 1, 1), List.of(1, 2, 2),
                64, List.of(1, 2), List.of(1, 2, 3));
    }

    /** Input (B, C, H, W) → X (B, channels, h, w), non-negative. */
    public Block build() {
        SequentialBlock net = new SequentialBlock().add(conv(widths.get(0), stemKernel, stemStride));
        if (stemPool) net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = widths.get(0);
        for (int s = 0; s < widths.size(); s++)
            for (int b = 0; b < blocks.get(s); b++) {
                int stride = b == 0 ? strides.get(s) : 1;
                net.add(preActivationBlock(widths.get(s), stride, in != widths.get(s) || stride != 1));
                in = widths.get(s);
            }
        return net.add(bn()).add(Activation::relu)
                .add(new SharedDilatedConv(channels, ints(firstDilations)))
                .add(new SharedDilatedConv(channels, ints(secondDilations)));
    }

    /**
     * Forward FLOPs of the convolutions for one {@code size}-px image with {@code inChannels} channels
     * ({@link Flops}' convention: a multiply-add is 2; norms, activations and pools left out, as there).
     * The shared dilated groups cost one 3×3 convolution per dilation (padding = dilation keeps the side).
     */
    public long flops(int inChannels, int size) {
        int pad = stemKernel / 2, side = Flops.outputSize(size, stemKernel, stemStride, pad, 1);
        long f = Flops.conv(inChannels, widths.get(0), stemKernel, stemStride, pad, 1, size);
        if (stemPool) side = Flops.outputSize(side, 3, 2, 1, 1);
        int in = widths.get(0);
        for (int s = 0; s < widths.size(); s++)
            for (int b = 0; b < blocks.get(s); b++) {
                int w = widths.get(s), stride = b == 0 ? strides.get(s) : 1, out = Flops.outputSize(side, 3, stride, 1, 1);
                f += Flops.conv(in, w, 3, stride, 1, 1, side) + Flops.conv(w, w, 3, 1, 1, 1, out);
                if (in != w || stride != 1) f += Flops.conv(in, w, 1, stride, 0, 1, side);
                in = w;
                side = out;
            }
        for (int d : firstDilations) f += Flops.conv(in, channels, 3, 1, d, d, side);
        for (int d : secondDilations) f += Flops.conv(channels, channels, 3, 1, d, d, side);
        return f;
    }

    /** The auxiliary classifier on X: BN → ReLU → GAP → FC to {@code classes}. */
    public static Block auxiliaryHead(int classes) {
        return new SequentialBlock().add(bn()).add(Activation::relu).add(ResNets.globalAveragePool())
                .add(glimpse.nn.Blocks.linearHead(classes));
    }

    /** x + conv(ReLU(BN(conv(ReLU(BN(x)))))), with a 1×1 projection shortcut when the shape changes. */
    private static Block preActivationBlock(int width, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock().add(bn()).add(Activation::relu).add(conv(width, 3, stride))
                .add(bn()).add(Activation::relu).add(conv(width, 3, 1));
        Block shortcut = project ? conv(width, 1, stride) : Blocks.identityBlock();
        return new ParallelBlock(outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build();
    }

    private static int[] ints(List<Integer> l) { return l.stream().mapToInt(Integer::intValue).toArray(); }

    private static Block bn() { return BatchNorm.builder().build(); }
}
