package glimpse.method.batchformer;

import glimpse.classification.ClassificationData;
import glimpse.classification.ClassificationSpec;
import glimpse.classification.ImageViews;
import glimpse.classification.TestSubset;
import glimpse.data.image.RgbTransforms;
import glimpse.data.image.StreamedInput;
import glimpse.data.sampling.LongTail;
import glimpse.experiment.PaperScale;
import glimpse.train.TrainConfig;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * BatchFormer's recipes, both runs of the one classification pipeline
 * ({@link glimpse.classification.ClassificationExperiment}): a recipe is a
 * {@link ClassificationSpec} (data, {@link BatchFormerMethod} plug-in, training config, seeds; changed
 * with {@code spec.with(b -> …)}), and this class makes the two this notebook runs.
 * <ul>
 *   <li>{@link #cpu}: Fashion-MNIST-LT on a Conv-4, sized for a 2-core CPU;</li>
 *   <li>{@link #paper}: CIFAR-10-LT / CIFAR-100-LT on ResNet-32 with the long-tail literature's
 *       200-epoch schedule, every budget through {@link PaperScale};</li>
 *   <li>{@link #imageNetLt}: ImageNet-LT on ResNet-10 at 224 px, streamed from the image files, with
 *       the schedule of BatchFormer's own ImageNet-LT code, every budget through {@link PaperScale}.</li>
 * </ul>
 */
public final class BatchFormerRecipe {
    private BatchFormerRecipe() {}

    /** A paper-scale benchmark: its manifest, its classes and the head class's training images n_max. */
    public enum Benchmark {
        CIFAR10_LT("cifar-10", "CIFAR-10-LT", 10, 5000),
        CIFAR100_LT("cifar-100", "CIFAR-100-LT", 100, 500);

        public final String manifestId, title;
        public final int classes, maxPerClass;

        Benchmark(String manifestId, String title, int classes, int maxPerClass) {
            this.manifestId = manifestId; this.title = title; this.classes = classes; this.maxPerClass = maxPerClass;
        }
    }

    // ---- the paper recipe's hyperparameters (BatchFormerRecipeTest pins each to its source) ----

    /**
     * The CIFAR-LT schedule of Cao et al. (LDAM-DRW, arXiv 1906.07413, §4.1 and appendix; their
     * {@code cifar_train.py}), which Cui et al. (arXiv 1901.05555 §5.2) also train the published CE
     * baselines with: SGD, momentum 0.9, weight decay 2e-4, batch 128, lr 0.1 with a linear warm-up over
     * the first 5 epochs, multiplied by 0.01 at epoch 160 and again at 180, 200 epochs. (Later papers
     * often use ×0.1 at 160/180; the source named here multiplies by 0.01.)
     *
     * <p>What BatchFormer itself states: its CIFAR-LT numbers and schedule were not available to us. Its official
     * code runs CIFAR-100-LT inside the Balanced Softmax code base (zhihou7/BatchFormer,
     * {@code long-tailed_recognition/BalancedSoftmax/config/CIFAR100_LT/balanced_softmax_imba100.yaml}):
     * ResNet-32, batch 512, 13,000 iterations, SGD lr 0.05 (momentum 0.9, weight decay 5e-4), cosine
     * decay after 800 warm-up iterations. We use the 200-epoch schedule instead because the published CE
     * baselines this section prints beside ours were trained with it.
     */
    public static final int EPOCHS = 200, BATCH = 128, WARMUP_EPOCHS = 5;
    public static final int[] DECAY_EPOCHS = {160, 180};
    public static final float LEARNING_RATE = 0.1f, MOMENTUM = 0.9f, WEIGHT_DECAY = 2e-4f, DECAY_FACTOR = 0.01f;
    /** BatchFormer's encoder trains at 0.1 × the base lr (arXiv 2203.01522, implementation details). */
    public static final float ENCODER_LR_MULTIPLIER = 0.1f;
    /** Training seeds: the paper states none, so 3 (issue 23's rule), intervals over seeds. */
    public static final int SEEDS = 3;
    /** The seed of the long-tailed subset (fixed, as the CIFAR-LT code's {@code rand_number = 0}). */
    public static final long SUBSET_SEED = 0;
    /** Training images per class the CIFAR fixtures hold (BenchmarkFixtures): the smoke run's n_max. */
    static final int FIXTURE_PER_CLASS = 5;

    /**
     * Fashion-MNIST-LT (ρ = 0: the balanced training split as it is) with n_max = 500 (CIFAR-100-LT's head size), so ρ = 100 leaves 5 images in the
     * tail class and the paper's many/medium/few groups are all populated; a balanced test set of
     * 300 images per class; Conv-4 with 32 channels (C = 32, so one attention head by the paper's
     * rule), 100 steps of batch 128, Adam 2e-3 with cosine decay and weight decay 5e-4, the encoder
     * at 0.1 × lr as in the paper; 3 seeds. Sized for a 2-core CPU. The baseline's method: change it
     * with {@code spec.with(b -> b.method(…))}.
     */
    public static ClassificationSpec cpu(double imbalance) {
        TrainConfig training = TrainConfig.builder().steps(100).batchSize(128).adam(2e-3f).weightDecay(5e-4f).cosine()
                .group(BatchFormerNet.ENCODER_PREFIX, ENCODER_LR_MULTIPLIER).logEvery(0).build();
        return new ClassificationSpec(ClassificationData.of("fashion-mnist").withLongTail(imbalance == 0 ? null : new LongTail(imbalance, 500, 0))
                .withTest(TestSubset.balanced(300)), BatchFormerMethod.baseline(), training, List.of(1L, 2L, 3L));
    }

    /**
     * The paper-scale run of one arm: {@code benchmark} long-tailed at {@code imbalance} (class i keeps
     * ⌊n_max·ρ^(−i/(C−1))⌋ images, seed {@link #SUBSET_SEED}; the balanced test set whole), ResNet-32,
     * {@code loss} with or without BatchFormer (shared classifier, encoder at 0.1 × lr), CIFAR
     * augmentation (pad 4, random 32-px crop, flip), the schedule above in steps: an epoch is
     * ⌊N / 128⌋ steps (the last incomplete batch dropped), so warm-up, milestones and length are those
     * epochs' steps. {@link PaperScale#steps} cuts the <em>step count</em> (to 2 in smoke mode; the
     * warm-up and milestones keep their paper positions, so a smoke run stays in warm-up).
     *
     * <p>Smoke mode only: the CIFAR fixtures hold {@value #FIXTURE_PER_CLASS} training images per
     * class, so n_max is 5 and ρ = 1 (a profile at ρ = 100 would leave classes empty), and a batch is
     * at most the whole fixture set. Tables keep the requested ρ as the row's setting.
     */
    public static ClassificationSpec paper(Benchmark benchmark, double imbalance, ClassLoss loss, boolean batchFormer) {
        LongTail profile = new LongTail(PaperScale.of(imbalance, 1.0), PaperScale.of(benchmark.maxPerClass, FIXTURE_PER_CLASS), SUBSET_SEED);
        int images = trainImages(benchmark, profile);
        int batch = PaperScale.of(BATCH, Math.min(BATCH, images));
        int epoch = images / batch;
        TrainConfig training = TrainConfig.builder()
                .steps(PaperScale.steps(EPOCHS * epoch)).batchSize(batch)
                .sgd(LEARNING_RATE, MOMENTUM).weightDecay(WEIGHT_DECAY)
                .warmup(WARMUP_EPOCHS * epoch).milestones(DECAY_FACTOR, Arrays.stream(DECAY_EPOCHS).map(e -> e * epoch).toArray())
                .group(BatchFormerNet.ENCODER_PREFIX, ENCODER_LR_MULTIPLIER)
                .logEvery(Math.max(1, 10 * epoch)).build();
        ClassificationData data = ClassificationData.of(benchmark.manifestId).withLongTail(profile).withViews(ImageViews.cifar(32));
        BatchFormerMethod method = BatchFormerMethod.resnet32(loss, batchFormer ? TwoStreamLoss.Mode.SHARED_CLASSIFIER : TwoStreamLoss.Mode.NONE);
        return new ClassificationSpec(data, method, training, LongStream.rangeClosed(1, PaperScale.seeds(SEEDS)).boxed().toList());
    }

    // ---- ImageNet-LT with ResNet-10 (BatchFormerRecipeTest pins each value to its source) ----

    /** The manifest of ImageNet-LT (Liu et al., OLTR, arXiv 1904.05160 §5): the release's list files and the ILSVRC-2012 images. */
    public static final String IMAGENET_LT = "imagenet-lt";
    /** ImageNet-LT's training set (OLTR §5: 115.8K images, 1000 classes, 1280 to 5 per class) and its balanced test set (50 per class). */
    public static final int IMAGENET_LT_TRAIN_IMAGES = 115_846, IMAGENET_LT_CLASSES = 1000, IMAGENET_LT_TEST_IMAGES = 50_000;

    /**
     * BatchFormer's ImageNet-LT schedule, from its official code (zhihou7/BatchFormer,
     * {@code long-tailed_recognition/BalancedSoftmax/config/ImageNet_LT/balanced_softmax_resnet10.yaml},
     * run with {@code --add_bt 1}; the Balanced Softmax code base of Ren et al., arXiv 2007.10740, itself
     * from Kang et al.'s decoupling code, arXiv 1910.09217): ResNet-10 trained end to end, SGD momentum 0.9,
     * weight decay 5e-4, batch 128, lr 0.05 (Kang et al.'s 0.2 at batch 512, scaled linearly), cosine
     * annealing to 0 over 90 epochs, no warm-up; an epoch is ⌊N / 128⌋ steps (the last incomplete batch
     * dropped, as that code's {@code epoch_steps}). The encoder trains at 0.1 × lr ({@link #ENCODER_LR_MULTIPLIER}).
     * Their scheduler steps per epoch; ours per step (the same curve, sampled finer).
     */
    public static final int IMAGENET_EPOCHS = 90, IMAGENET_BATCH = 128, IMAGE_SIZE = 224;
    public static final float IMAGENET_LEARNING_RATE = 0.05f, IMAGENET_WEIGHT_DECAY = 5e-4f;
    /** Smoke mode's batch on the ImageNet-LT fixture (2 steps of 224-px ResNet-10 on a CPU stay a few seconds). */
    static final int IMAGENET_SMOKE_BATCH = 8;

    /**
     * The paper-scale run of one ImageNet-LT arm: the release's training list as it is (already long-tailed;
     * no profile applied), scored on the whole test list (50 images per class); ResNet-10 at 224 px;
     * {@code loss} with or without BatchFormer (shared classifier; C = 512, so 4 heads, FFN width 512,
     * dropout 0.5; encoder at 0.1 × lr); images streamed from their files through the training view
     * {@code RandomResizedCrop(224)}, flip, {@code ColorJitter(0.4, 0.4, 0.4, 0)} and the test view
     * {@code Resize(256)}, {@code CenterCrop(224)}, ImageNet normalisation (the official code's
     * transforms); the schedule above; {@link #SEEDS} seeds. {@link PaperScale} cuts the step count (to 2
     * in smoke mode), the seeds (to 1) and, in smoke mode only, the batch (to {@value #IMAGENET_SMOKE_BATCH}).
     *
     * <p>Deviation: the official code keeps the epoch with the best validation accuracy and scores that
     * model on the test list; we score the last model (no selection on the validation list).
     */
    public static ClassificationSpec imageNetLt(ClassLoss loss, boolean batchFormer) {
        int epoch = IMAGENET_LT_TRAIN_IMAGES / IMAGENET_BATCH;
        TrainConfig training = TrainConfig.builder()
                .steps(PaperScale.steps(IMAGENET_EPOCHS * epoch)).batchSize(PaperScale.of(IMAGENET_BATCH, IMAGENET_SMOKE_BATCH))
                .sgd(IMAGENET_LEARNING_RATE, MOMENTUM).weightDecay(IMAGENET_WEIGHT_DECAY).cosine()
                .group(BatchFormerNet.ENCODER_PREFIX, ENCODER_LR_MULTIPLIER)
                .logEvery(PaperScale.of(epoch, 1)).build();
        ClassificationData data = ClassificationData.streamed(IMAGENET_LT, imageNetInput());
        BatchFormerMethod method = BatchFormerMethod.resnet10(loss, batchFormer ? TwoStreamLoss.Mode.SHARED_CLASSIFIER : TwoStreamLoss.Mode.NONE);
        return new ClassificationSpec(data, method, training, LongStream.rangeClosed(1, PaperScale.seeds(SEEDS)).boxed().toList());
    }

    /** The official code's ImageNet-LT views at {@value #IMAGE_SIZE} px (torchvision semantics, {@link RgbTransforms}). */
    public static StreamedInput imageNetInput() {
        return new StreamedInput(RgbTransforms.imageNetTrain(IMAGE_SIZE), RgbTransforms.centreCrop(IMAGE_SIZE));
    }

    /** Training images of the long-tailed set: Σ_i n_i. */
    public static int trainImages(Benchmark benchmark, LongTail profile) {
        return Arrays.stream(profile.counts(benchmark.classes)).sum();
    }
}
