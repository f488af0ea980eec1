package glimpse.method.batchformer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.classification.ClassificationData;
import glimpse.classification.ClassificationMethod;
import glimpse.classification.ClassificationSpec;
import glimpse.classification.TestSubset;
import glimpse.data.ImageSet;
import glimpse.data.sampling.LongTail;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;

import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * BatchFormer (Hou, Yu, Tao, CVPR 2022, arXiv 2203.01522) as a plug-in of the classification
 * pipeline: a Conv-4 classifier with {@code backboneWidth} channels, trained with {@code loss}
 * (cross-entropy or balanced softmax) in one of the {@link TwoStreamLoss.Mode}s — the baseline, the
 * paper's shared classifier over both streams, or the no-shared-classifier ablation; the encoder is
 * removed at test. Its picture: the first layer's attention over one class-sorted training batch.
 *
 * <p>{@code featureWidth} is the channel count of the fourth (last) Conv-4 block, i.e. the feature
 * width C the encoder sees on 28×28 inputs (the map is 1×1 there); by default it equals
 * {@code backboneWidth}. A wider last block (e.g. 32-32-32-256) gives the encoder C = 256, and with it
 * the paper's 4 heads, at a fraction of the cost of widening every block.
 */
@RecordBuilder
public record BatchFormerMethod(ClassLoss loss, TwoStreamLoss.Mode mode, BatchFormer.Config encoder, int backboneWidth, int featureWidth)
        implements ClassificationMethod, BatchFormerMethodBuilder.With {

    public BatchFormerMethod {
        if (backboneWidth <= 0 || featureWidth <= 0)
            throw new IllegalArgumentException("backbone and feature widths must be positive, not " + backboneWidth + " / " + featureWidth);
    }

    /** Every Conv-4 block {@code backboneWidth} channels wide (C = backboneWidth). */
    public BatchFormerMethod(ClassLoss loss, TwoStreamLoss.Mode mode, BatchFormer.Config encoder, int backboneWidth) {
        this(loss, mode, encoder, backboneWidth, backboneWidth);
    }

    /** Plain cross-entropy, no encoder, C = 32. */
    public static BatchFormerMethod baseline() {
        return new BatchFormerMethod(ClassLoss.CROSS_ENTROPY, TwoStreamLoss.Mode.NONE, BatchFormer.Config.paper(), 32);
    }

    // withMode, withLoss, withEncoder, withFeatureWidth (the last Conv-4 block's width, C): generated, BatchFormerMethodBuilder.With

    /**
     * Fashion-MNIST-LT (ρ = 0: the balanced training split as it is) with n_max = 500 (CIFAR-100-LT's head size), so ρ = 100 leaves 5 images in the
     * tail class and the paper's many/medium/few groups are all populated; a balanced test set of
     * 300 images per class; Conv-4 with 32 channels (C = 32, so one attention head by the paper's
     * rule), 100 steps of batch 128, Adam 2e-3 with cosine decay and weight decay 5e-4, the encoder
     * at 0.1 × lr as in the paper; 3 seeds. Sized for a 2-core CPU.
     */
    public static ClassificationSpec fashionMnistSpec(double imbalance) {
        TrainConfig training = TrainConfig.builder().steps(100).batchSize(128).adam(2e-3f).weightDecay(5e-4f).cosine()
                .group(BatchFormerNet.ENCODER_PREFIX, 0.1f).logEvery(0).build();
        return new ClassificationSpec(ClassificationData.of("fashion-mnist").withLongTail(imbalance == 0 ? null : new LongTail(imbalance, 500, 0))
                .withTest(TestSubset.balanced(300)), baseline(), training, List.of(1L, 2L, 3L));
    }

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

    /** Conv-4 features, a linear classifier, and the encoder when the mode uses one. */
    @Override
    public Block build(int classes) {
        return new BatchFormerNet(backbone(), Blocks.linearHead(classes), mode.usesEncoder() ? new BatchFormer(featureWidth, encoder) : null);
    }

    /** Conv-4 flattened; blocks 1–3 {@code backboneWidth} wide, block 4 {@code featureWidth} wide. */
    private Block backbone() {
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
