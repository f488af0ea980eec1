package glimpse.method.tasn;

import glimpse.classification.ClassificationData;
import glimpse.classification.ClassificationSpec;
import glimpse.classification.TestSubset;
import glimpse.data.image.RgbTransforms;
import glimpse.data.image.StreamedInput;
import glimpse.experiment.PaperScale;
import glimpse.train.TrainConfig;

import java.util.Arrays;
import java.util.List;

/**
 * TASN's one recipe, at both scales, as a spec of the classification pipeline
 * ({@link glimpse.classification.ClassificationExperiment}): {@link #cpu} is the notebook's glyph
 * experiment on CPU cores, {@link #paper} the setting of Zheng et al. (CVPR 2019, arXiv 1903.06150,
 * §4.1, and the official code) on CUB-200-2011 or Stanford Cars; both train a {@link TasnMethod} arm
 * ({@link Arm}) through the same trainer and score the same way. Ablations of the full TASN are
 * {@link TasnAblations} over either.
 */
public final class TasnRecipe {
    private TasnRecipe() {}

    /** The four arms of the comparison, each adding one piece of TASN to the one before. */
    public enum Arm {
        /** The uniformly resized image through the master path only: the baseline. */
        UNIFORM("uniform downsample"),
        /** The structure-attention sample instead. */
        STRUCTURE("structure-sampled"),
        /** + detail images and the part-net, no distillation. */
        PART_NET("+ part-net"),
        /** + distillation: TASN. */
        DISTILLATION("TASN (+ distillation)");

        private final String label;

        Arm(String label) { this.label = label; }

        /** The arm's name in tables (the same at both scales, so tables line up). */
        public String label() { return label; }

        /** {@code full} (the whole TASN) reduced to this arm. */
        public TasnMethod of(TasnMethod full) {
            TasnLoss loss = full.loss();
            return switch (this) {
                case DISTILLATION -> full.withLabel(label);
                case PART_NET -> full.withLabel(label).withLoss(loss.withoutDistillation());
                case STRUCTURE -> full.withLabel(label).withLoss(loss.withoutPartNet());
                case UNIFORM -> full.withLabel(label).withLoss(loss.withoutPartNet()).withSampling(Tasn.Sampling.UNIFORM);
            };
        }
    }

    /** A paper benchmark: its manifest and the training images per epoch (the paper's §4.1 counts). */
    public enum Benchmark {
        CUB("cub-200-2011-512", "CUB-200-2011", 5994),
        STANFORD_CARS("stanford-cars", "Stanford Cars", 8144);

        private final String manifest, title;
        private final int trainImages;

        Benchmark(String manifest, String title, int trainImages) { this.manifest = manifest; this.title = title; this.trainImages = trainImages; }

        public String manifest() { return manifest; }
        public String title() { return title; }
        public int trainImages() { return trainImages; }
    }

    /**
     * The one size of an arm's effect the authors published: their unfinished PyTorch port (researchmm/tasn)
     * reports the master-net alone at 85.5 % and with the part-net (no distillation) at 86.2 % top-1 on CUB,
     * +0.7 points — our "+ part-net" against "structure-sampled". The paper's own ablations were not available.
     */
    public static final glimpse.eval.PaperEffect PART_NET_EFFECT = glimpse.eval.PaperEffect.points(0.7,
            "CUB, the authors' PyTorch port of TASN (researchmm/tasn): master-net 85.5 % → + part-net 86.2 %");

    // ---- CPU scale ----

    /**
     * The glyph experiment: the {@code glyph-diacritics} dataset (96 px), Adam 2e-3 with cosine decay
     * and weight decay 5e-4, batch 32; the steps and seeds are set by the notebook's mode. At 6e-3 the
     * loss of every arm sat at ln(classes) after ~40 steps (no learning); a 2e-3 probe learnt.
     */
    public static ClassificationSpec cpu(TasnMethod method, int steps, int seeds) {
        TrainConfig training = TrainConfig.builder().steps(steps).batchSize(32).adam(2e-3f).weightDecay(5e-4f).cosine().logEvery(0).build();
        return new ClassificationSpec(ClassificationData.of("glyph-diacritics"), method, training, List.of(1L, 2L, 3L)).with(b -> b.seeds(seeds));
    }

    /** The CPU arm on the glyphs ({@link TasnMethod#full()} reduced to {@code arm}). */
    public static ClassificationSpec cpu(Arm arm, int steps, int seeds) { return cpu(arm.of(TasnMethod.full()), steps, seeds); }

    // ---- paper scale ----

    /** The original image's side: CUB and Cars images resized to 512 px (§4.1). */
    public static final int INPUT = 512;
    /** The attention net's view of it (official code: the 512-px input resized to 224). */
    public static final int ATTENTION_VIEW = 224;
    /** The sampler outputs the paper's table and the official README report. */
    public static final int[] SAMPLER_OUTPUTS = {224, 336, 448};
    /** SGD (§4.1, official code): lr 0.1, no momentum, no weight decay; ×0.1 at epochs 100 and 200 of 300; batch 96. */
    public static final float LEARNING_RATE = 0.1f, MOMENTUM = 0f, WEIGHT_DECAY = 0f, DECAY = 0.1f;
    public static final int EPOCHS = 300, DECAY_EVERY_EPOCHS = 100, BATCH = 96, SEEDS = 3;
    /** Rotation up to 30° (§4.1); the colour jitter's strengths are not stated: torchvision's ImageNet recipe's 0.4 is our choice. */
    public static final double ROTATION_DEGREES = 30, JITTER = 0.4;

    /** The full TASN of the paper with sampler output {@code samplerOutput}. */
    public static TasnMethod paperMethod(int samplerOutput) {
        return new TasnMethod(Arm.DISTILLATION.label(), ATTENTION_VIEW, AttentionNet.resnet18(), TasnMethod.Backbone.resnet50Imagenet(),
                TrilinearAttention.paper(), AttentionSampler.of(samplerOutput).withConvention(AttentionSampler.Convention.OFFICIAL),
                Tasn.Sampling.ATTENTION, TasnLoss.paper());
    }

    /**
     * The paper's setting for one arm: the 512-px image (training: shorter side resized to 512, a
     * random 512 crop, mirror, rotation ≤ 30°, colour jitter; test: resize + centre crop; ImageNet
     * normalisation), streamed from the files; the pre-activation ResNet-18 attention net on its
     * 224-px view; the sampler taking the 512-px original to {@code samplerOutput}; ONE ResNet-50
     * for part- and master-net, initialised from torchvision's ImageNet weights (catalog entry
     * {@code resnet50-imagenet}); the paper's loss; SGD as {@link #LEARNING_RATE}; {@link #SEEDS}
     * training seeds. Every budget goes through {@link PaperScale}: in smoke mode 2 steps, a batch
     * of 2 (a 96-image batch of 512-px images through a ResNet-50 on 2 CPU cores would take minutes
     * per step; the fixture's 200 training images would still fill it), at most
     * {@link #SMOKE_TEST_IMAGES} test images, one seed.
     */
    public static ClassificationSpec paper(Benchmark benchmark, int samplerOutput, Arm arm) {
        if (samplerOutput > INPUT) throw new IllegalArgumentException("the sampler output (" + samplerOutput + ") must not exceed the " + INPUT + "-px input");
        int batch = PaperScale.of(BATCH, 2);
        int stepsPerEpoch = benchmark.trainImages() / BATCH;   // full batches, as the streamed source draws them
        TrainConfig training = TrainConfig.builder().steps(PaperScale.steps(EPOCHS * stepsPerEpoch)).batchSize(batch)
                .sgd(LEARNING_RATE, MOMENTUM).weightDecay(WEIGHT_DECAY).stepDecay(DECAY_EVERY_EPOCHS * stepsPerEpoch, DECAY)
                .logEvery(PaperScale.of(stepsPerEpoch, 1)).build();
        // the whole test split in paper mode; in smoke a few images: a 512-px TASN forward is ~30 GFLOPs
        TestSubset test = PaperScale.of(TestSubset.ALL, TestSubset.random(SMOKE_TEST_IMAGES, 0));
        ClassificationData data = ClassificationData.streamed(benchmark.manifest(), input()).withTest(test);
        List<Long> seeds = java.util.stream.LongStream.rangeClosed(1, PaperScale.seeds(SEEDS)).boxed().toList();
        return new ClassificationSpec(data, arm.of(paperMethod(samplerOutput)), training, seeds);
    }

    /** Test images scored per smoke run. */
    public static final int SMOKE_TEST_IMAGES = 8;

    /** The paper's four arms at {@code samplerOutput}, in {@link Arm} order. */
    public static List<ClassificationSpec> paperArms(Benchmark benchmark, int samplerOutput) {
        return Arrays.stream(Arm.values()).map(a -> paper(benchmark, samplerOutput, a)).toList();
    }

    /**
     * Forward FLOPs of one training image in {@code arm} at {@code samplerOutput} ({@link glimpse.nn.Flops}):
     * the attention net on its 224-px view (not run by the uniform baseline) and the ResNet-50 on each
     * sampled image (structure; + detail with the part-net). Heads, the trilinear product and the
     * sampler are left out (under 1 % of it).
     */
    public static double forwardFlops(Arm arm, int samplerOutput) {
        double backbone = glimpse.nn.Flops.resnet50(samplerOutput), attention = AttentionNet.resnet18().flops(3, ATTENTION_VIEW);
        return switch (arm) {
            case UNIFORM -> backbone;
            case STRUCTURE -> attention + backbone;
            case PART_NET, DISTILLATION -> attention + 2 * backbone;
        };
    }

    /** Forward FLOPs of one test image: the attention net (but in the baseline) and one ResNet-50 on the structure image. */
    public static double testFlops(Arm arm, int samplerOutput) {
        return forwardFlops(arm == Arm.UNIFORM ? Arm.UNIFORM : Arm.STRUCTURE, samplerOutput);
    }

    /**
     * The cost of {@code runs} (arm and sampler output each) at paper scale on {@code benchmark}, every
     * run over {@link #SEEDS} seeds: training at the paper's budgets and the test split once per seed.
     */
    public static glimpse.experiment.CostEstimate cost(Benchmark benchmark, int testImages, List<Arm> arms, List<Integer> outputs) {
        return cost(benchmark, testImages, arms, outputs, new double[arms.size()]);
    }

    /**
     * As above, each run's training stage timed at {@code cpuSecondsPerStep} (a paper-size step of
     * {@link #BATCH} images on this machine; 0 or NaN: not measured).
     */
    public static glimpse.experiment.CostEstimate cost(Benchmark benchmark, int testImages, List<Arm> arms, List<Integer> outputs,
                                                       double[] cpuSecondsPerStep) {
        List<glimpse.experiment.CostEstimate.Stage> stages = new java.util.ArrayList<>();
        long steps = (long) EPOCHS * (benchmark.trainImages() / BATCH) * SEEDS;
        for (int k = 0; k < arms.size(); k++) {
            Arm a = arms.get(k);
            int o = outputs.get(k);
            var training = glimpse.experiment.CostEstimate.Stage.training(a.label() + " @ " + o + " px", steps, BATCH, forwardFlops(a, o));
            stages.add(cpuSecondsPerStep[k] > 0 ? training.measured(cpuSecondsPerStep[k]) : training);
            stages.add(glimpse.experiment.CostEstimate.Stage.evaluation(a.label() + " @ " + o + " px, test", SEEDS, testImages, testFlops(a, o)));
        }
        return new glimpse.experiment.CostEstimate("TASN on " + benchmark.title() + " (" + SEEDS + " seeds per run)", stages);
    }

    /** The 512-px views: the paper's training augmentation, and resize + centre crop for the test. */
    public static StreamedInput input() {
        RgbTransforms train = RgbTransforms.resizeRandomCrop(INPUT, INPUT).withRotation(ROTATION_DEGREES)
                .withJitter(RgbTransforms.Jitter.of(JITTER, JITTER, JITTER));
        return new StreamedInput(train, RgbTransforms.centreCrop(INPUT, INPUT));
    }
}
