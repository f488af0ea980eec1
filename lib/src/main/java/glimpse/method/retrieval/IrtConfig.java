package glimpse.method.retrieval;

import glimpse.data.ImageSet;
import glimpse.nn.Pooling;
import glimpse.train.TrainConfig;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * One IRT training recipe as a value (it prints and compares by value, so it can key a cache).
 * {@link #paper} is the recipe of El-Nouby et al. (arXiv 2102.05644 §4, "Implementation details")
 * for a GPU: DeiT-Small at 224 px from a user-supplied ImageNet-pretrained checkpoint (a
 * {@link glimpse.train.Weights} file given as a warm start; it cannot be downloaded here), AdamW
 * lr 3·10⁻⁵, weight decay 5·10⁻⁴, batch 64, the contrastive loss with β = 0.5 plus λ = 0.7 KoLeo, a
 * cross-batch memory the size of the training set, 35k steps on SOP and In-Shop, 2k on CUB.
 * Not stated in the paper and chosen here: constant lr, 2 images per class per batch. In-Shop's
 * paper memory is 0.2 of the set behind a 0.999-momentum encoder; the momentum encoder is not
 * implemented, so {@code memoryFraction} 0.2 there gives the memory size only.
 * {@link #small} is the CPU-sized recipe of the workbook (32 px, patch 4).
 *
 * @param memoryFraction memory size as a fraction of the training set (0 = no memory)
 * @param pcaDims        PCA of the test descriptors to this many dimensions (0 = none; the paper also reports 128)
 * @param pretrained     the warm-start weights file (null = random initialisation)
 */
@RecordBuilder
public record IrtConfig(String mode, String dataset, Backbone backbone, Pooling pooling, int steps, int batchSize, int perClass,
                        float learningRate, float weightDecay, double margin, double koleoWeight, double memoryFraction,
                        int pcaDims, String pretrained, long seed) implements IrtConfigBuilder.With {

    public enum Backbone { DEIT_SMALL_224, SMALL_VIT_32, SMALL_RESNET_32 }

    public IrtConfig {
        if (batchSize % perClass != 0) throw new IllegalArgumentException("batch " + batchSize + " is not a multiple of " + perClass + " per class");
        if (memoryFraction < 0 || memoryFraction > 1) throw new IllegalArgumentException("memoryFraction in [0, 1], not " + memoryFraction);
    }

    /** The paper's recipe on "sop", "cub-retrieval" or "inshop" with the given pretrained DeiT-S weights. */
    public static IrtConfig paper(String dataset, String pretrainedWeights) {
        int steps = switch (dataset) {
            case "sop", "inshop" -> 35_000;
            case "cub-retrieval" -> 2_000;
            default -> throw new IllegalArgumentException("the paper trains on sop, cub-retrieval or inshop, not " + dataset);
        };
        return new IrtConfig("paper", dataset, Backbone.DEIT_SMALL_224, Pooling.CLS, steps, 64, 2, 3e-5f, 5e-4f,
                ContrastiveLoss.PAPER_MARGIN, RetrievalLoss.PAPER_KOLEO_WEIGHT, dataset.equals("inshop") ? 0.2 : 1.0, 0, pretrainedWeights, 0);
    }

    /** The CPU recipe: small ViT at 32 px, the paper's loss, optimiser and memory, Adam-sized lr for training from scratch. */
    public static IrtConfig small(String dataset, int steps) {
        return new IrtConfig("small", dataset, Backbone.SMALL_VIT_32, Pooling.CLS, steps, 64, 2, 3e-4f, 5e-4f,
                ContrastiveLoss.PAPER_MARGIN, RetrievalLoss.PAPER_KOLEO_WEIGHT, 1.0, 0, null, 0);
    }

    public IrtConfig withBackbone(Backbone b, Pooling p) { return with(c -> c.backbone(b).pooling(p)); }

    /** The descriptor network of this recipe. */
    public RetrievalNet net() {
        return switch (backbone) {
            case DEIT_SMALL_224 -> RetrievalNet.deitSmall(pooling);
            case SMALL_VIT_32 -> RetrievalNet.smallVit(pooling);
            case SMALL_RESNET_32 -> RetrievalNet.smallResNet(pooling);
        };
    }

    /** Memory entries for this training set: ⌈fraction · size⌉, at least one batch (0 without a memory). */
    public int memorySize(ImageSet train) {
        if (memoryFraction == 0) return 0;
        return Math.max(batchSize, (int) Math.ceil(memoryFraction * train.size()));
    }

    /** The loop's config: AdamW at the recipe's lr and weight decay, constant schedule, the recipe's steps, batch and seed. */
    public TrainConfig trainConfig() {
        return TrainConfig.builder().steps(steps).batchSize(batchSize).adamW(learningRate).weightDecay(weightDecay).constantLr().seed(seed).build();
    }
}
