package glimpse.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The few-shot Conv-4 backbone (Vinyals et al. 2016, Snell et al. 2017): four blocks of
 * [3×3 convolution with {@code width} channels and padding 1, BatchNorm, ReLU, 2×2 max-pool].
 * Each block halves the spatial size (floor), so 28×28 → 1×1 and 84×84 → 5×5.
 *
 * <p>{@link Output} (or its {@link BackboneOutput} name) says what the last block hands on: the flattened map (the classic
 * ProtoNet embedding, 64 for 28×28 and 1600 for 84×84), its global average, or the spatial map
 * itself (B, width, h, w), which CrossTransformers need for their spatial attention.
 *
 * <pre>{@code
 * Block backbone = Conv4.build(Conv4.Output.FLATTEN);            // (B, C, 28, 28) -> (B, 64)
 * Block net = Blocks.classifier(backbone, 10);                    // -> (B, 10) logits
 * Block spatial = Conv4.build(64, Conv4.Output.SPATIAL_MAP);     // (B, C, 84, 84) -> (B, 64, 5, 5)
 * }</pre>
 */
public final class Conv4 {
    private Conv4() {}

    /** What the backbone returns after its fourth block. */
    public enum Output {
        /** (B, width·h·w): the map flattened, as in Prototypical Networks. */
        FLATTEN,
        /** (B, width): the map averaged over its h·w positions. */
        GLOBAL_AVG_POOL,
        /** (B, width, h, w): the map itself, for spatial attention. */
        SPATIAL_MAP
    }

    /** Conv-4 with the standard 64 channels per block. */
    public static SequentialBlock build(Output output) {
        return build(64, output);
    }

    /** Conv-4 with the output named in the shared vocabulary (MAP, POOLED or FLATTENED). */
    public static SequentialBlock build(int width, BackboneOutput output) {
        return build(width, output.conv4Output());
    }

    public static SequentialBlock build(int width, Output output) {
        if (width <= 0) throw new IllegalArgumentException("Conv-4 width must be positive, not " + width);
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < 4; i++) net.add(convBlock(width));
        switch (output) {
            case FLATTEN -> net.add(ai.djl.nn.Blocks.batchFlattenBlock());
            case GLOBAL_AVG_POOL -> net.add(Pool.globalAvgPool2dBlock());
            case SPATIAL_MAP -> { }
        }
        return net;
    }

    /**
     * One Conv-4 block: conv 3×3 (padding 1), BatchNorm, then ReLU and 2×2 max-pool (stride 2).
     *
     * <p>The block applies the max-pool before the ReLU. That is the same function: ReLU is
     * monotone, so relu(max(window)) = max(relu(window)) exactly, in floating point too, and the
     * gradients agree wherever the window's maximum is not exactly 0 (Conv4Test checks the outputs
     * are identical). It is cheaper: the ReLU and its backward run on a quarter of the elements,
     * which is about 5% of a Conv-4 training step on 28×28 inputs (see {@link glimpse.bench.Bench}).
     */
    public static SequentialBlock convBlock(int channels) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels).build())
                .add(BatchNorm.builder().build())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Activation.reluBlock());
    }
}
