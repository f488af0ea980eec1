package glimpse.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * The backbones of the few-shot experiments, by name, with the one option that decides whether the
 * final (global average) pooling is applied: {@code pool = false} keeps the spatial map
 * (n, C, h, w) that CrossTransformers attend over.
 */
public enum FewShotBackbone implements Architecture {
    /** Conv-4, 64 channels: 28 px → 1×1, 32 px → 2×2, 64 px → 4×4, 84 px → 5×5. */
    CONV4,
    /**
     * Conv-4 whose fourth block skips its max-pool: 28 px → 3×3, 32 px → 4×4 maps at Conv-4's cost.
     * Local-descriptor few-shot methods (DN4, FRN) drop late poolings the same way to keep a map
     * worth attending over; this is the CPU backbone of notebook 01.
     */
    CONV4_LAST_UNPOOLED,
    /** ResNet-12-style, widths 32-64-128 (three stages): 28 px → 3×3, 32 px → 4×4; CPU full mode. */
    RESNET_SMALL,
    /** ResNet-12, widths 64-160-320-640: 84 px → 5×5; paper-scale GPU runs. */
    RESNET12,
    /** ResNet-34 with a dilated last stage, as CrossTransformers: 224 px → 14×14; GPU only. */
    RESNET34;

    /**
     * The backbone with the given output: MAP or POOLED for every backbone, FLATTENED for
     * {@link #CONV4} only (TOKENS and CLS are transformer outputs).
     */
    public Block build(BackboneOutput output) {
        if (this == CONV4) return Conv4.build(output.conv4Output());
        return build(output.pooled());
    }

    /** {@code pool}: {@link BackboneOutput#POOLED}, else {@link BackboneOutput#MAP}. */
    public Block build(boolean pool) {
        return switch (this) {
            case CONV4 -> Conv4.build(pool ? Conv4.Output.GLOBAL_AVG_POOL : Conv4.Output.SPATIAL_MAP);
            case CONV4_LAST_UNPOOLED -> conv4LastUnpooled(pool);
            case RESNET_SMALL -> ResNets.small(pool);
            case RESNET12 -> ResNets.resnet12(pool);
            case RESNET34 -> ResNets.resnet34(true, pool);
        };
    }

    /** Pre-trained as the pooled network; a pipeline that keeps the map loads the same weights ({@link Architecture}). */
    @Override public Block backbone(int imageSize) { return build(true); }

    @Override public String label() {
        return switch (this) {
            case CONV4 -> "Conv-4";
            case CONV4_LAST_UNPOOLED -> "Conv-4 (last block unpooled)";
            case RESNET_SMALL -> "ResNet-12 (small, 32-64-128)";
            case RESNET12 -> "ResNet-12";
            case RESNET34 -> "ResNet-34 (dilated)";
        };
    }

    static Block conv4LastUnpooled(boolean pool) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < 3; i++) net.add(Conv4.convBlock(64));
        net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        if (pool) net.add(ResNets.globalAveragePool());
        return net;
    }
}
