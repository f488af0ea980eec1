package glimpse.method.batchformer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.classification.ClassificationMethod;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.nn.ResNets;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * BatchFormer (Hou, Yu, Tao, CVPR 2022, arXiv 2203.01522) as a plug-in of the classification
 * pipeline: a classifier on a {@link Backbone} (Conv-4 with {@code backboneWidth} channels on the CPU,
 * ResNet-32 on CIFAR-LT, ResNet-10 on ImageNet-LT), trained with {@code loss}
 * (cross-entropy or balanced softmax) in one of the {@link TwoStreamLoss.Mode}s — the baseline, the
 * paper's shared classifier over both streams, or the no-shared-classifier ablation; the encoder is
 * removed at test. Its picture: the first layer's attention over one class-sorted training batch.
 *
 * <p>{@code featureWidth} is the channel count of the fourth (last) Conv-4 block, i.e. the feature
 * width C the encoder sees on 28×28 inputs (the map is 1×1 there); by default it equals
 * {@code backboneWidth}. A wider last block (e.g. 32-32-32-256) gives the encoder C = 256, and with it
 * the paper's 4 heads, at a fraction of the cost of widening every block. The recipes that use it
 * (the CPU one and the paper's) are {@link BatchFormerRecipe}'s.
 */
@RecordBuilder
public record BatchFormerMethod(ClassLoss loss, TwoStreamLoss.Mode mode, BatchFormer.Config encoder, int backboneWidth, int featureWidth,
                                Backbone backbone)
        implements ClassificationMethod, BatchFormerMethodBuilder.With {

    /** The feature extractor the classifier and the encoder sit on. */
    public enum Backbone {
        /** Conv-4 ({@code backboneWidth}-wide blocks, the last {@code featureWidth} wide): the CPU recipe on 28 px images. */
        CONV4,
        /** He et al.'s CIFAR ResNet-32 ({@link ResNets#resnet32Cifar}, C = 64): the CIFAR-LT recipe of the long-tail literature. */
        RESNET32_CIFAR(64),
        /** The ImageNet-LT ResNet-10 ({@link ResNets#resnet10}, C = 512, so the paper's 4 attention heads) at 224 px. */
        RESNET10(512);

        /** The fixed feature width C of a ResNet (0: Conv-4's is chosen by the method). */
        public final int features;

        Backbone(int features) { this.features = features; }
        Backbone() { this(0); }
    }

    /** ResNet-32's feature width (its last stage's channels). */
    public static final int RESNET32_FEATURES = 64;

    public BatchFormerMethod {
        if (backboneWidth <= 0 || featureWidth <= 0)
            throw new IllegalArgumentException("backbone and feature widths must be positive, not " + backboneWidth + " / " + featureWidth);
        if (backbone == null) throw new IllegalArgumentException("a backbone (CONV4, RESNET32_CIFAR or RESNET10)");
        if (backbone != Backbone.CONV4 && (backboneWidth != backbone.features || featureWidth != backbone.features))
            throw new IllegalArgumentException(backbone + "'s widths are fixed (C = " + backbone.features + "), not " + backboneWidth + " / " + featureWidth);
    }

    /** Conv-4, every block {@code backboneWidth} channels wide (C = backboneWidth). */
    public BatchFormerMethod(ClassLoss loss, TwoStreamLoss.Mode mode, BatchFormer.Config encoder, int backboneWidth) {
        this(loss, mode, encoder, backboneWidth, backboneWidth, Backbone.CONV4);
    }

    /** Plain cross-entropy, no encoder, Conv-4 with C = 32. */
    public static BatchFormerMethod baseline() {
        return new BatchFormerMethod(ClassLoss.CROSS_ENTROPY, TwoStreamLoss.Mode.NONE, BatchFormer.Config.paper(), 32);
    }

    /** On ResNet-32 (C = 64, so one attention head by the paper's rule), the paper's encoder settings. */
    public static BatchFormerMethod resnet32(ClassLoss loss, TwoStreamLoss.Mode mode) {
        return new BatchFormerMethod(loss, mode, BatchFormer.Config.paper(), RESNET32_FEATURES, RESNET32_FEATURES, Backbone.RESNET32_CIFAR);
    }

    /** On the ImageNet-LT ResNet-10 (C = 512: the paper's 4 attention heads, FFN width 512), the paper's encoder settings. */
    public static BatchFormerMethod resnet10(ClassLoss loss, TwoStreamLoss.Mode mode) {
        int c = Backbone.RESNET10.features;
        return new BatchFormerMethod(loss, mode, BatchFormer.Config.paper(), c, c, Backbone.RESNET10);
    }

    // withMode, withLoss, withEncoder, withFeatureWidth (the last Conv-4 block's width, C): generated, BatchFormerMethodBuilder.With

    /** "CE", "CE + BatchFormer", "BalSoftmax + BatchFormer (no shared cls)", "CE (C=256) + BatchFormer". */
    @Override
    public String label() {
        String base = (loss == ClassLoss.CROSS_ENTROPY ? "CE" : "BalSoftmax")
                + (featureWidth == backboneWidth ? "" : " (C=" + featureWidth + ")");
        return switch (mode) {
            case NONE -> base;
            case SHARED_CLASSIFIER -> base + " + BatchFormer";
            case NO_SHARED_CLASSIFIER -> base + " + BatchFormer (no shared cls)";
        };
    }

    /** The backbone's features, a linear classifier, and the encoder when the mode uses one. */
    @Override
    public Block build(int classes) {
        return new BatchFormerNet(features(), Blocks.linearHead(classes), mode.usesEncoder() ? new BatchFormer(featureWidth, encoder) : null);
    }

    /** ResNet-32 pooled; or Conv-4 flattened, blocks 1–3 {@code backboneWidth} wide, block 4 {@code featureWidth} wide. */
    private Block features() {
        if (backbone == Backbone.RESNET32_CIFAR) return ResNets.resnet32Cifar(true);
        if (backbone == Backbone.RESNET10) return ResNets.resnet10(true);
        if (featureWidth == backboneWidth) return Conv4.build(backboneWidth, Conv4.Output.FLATTEN);
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < 3; i++) net.add(Conv4.convBlock(backboneWidth));
        return net.add(Conv4.convBlock(featureWidth)).add(ai.djl.nn.Blocks.batchFlattenBlock());
    }

    @Override
    public StepLoss loss(Block net, int[] trainCounts, TrainConfig training) { return TwoStreamLoss.of((BatchFormerNet) net, mode, loss, trainCounts); }

    @Override
    public JsonElement inspect(Block net, NDManager manager, ImageSet train, TrainConfig training) {
        BatchFormerNet n = (BatchFormerNet) net;
        if (n.encoder().isEmpty()) return null;
        return new Gson().toJsonTree(BatchAttention.of(manager, n, train, training.batchSize(), training.seed()));
    }
}
