package glimpse.method.retrieval;

import glimpse.experiment.PaperScale;
import glimpse.nn.Pooling;
import glimpse.pretrain.BaseData;
import glimpse.pretrain.PretrainExperiment;
import glimpse.pretrain.PretrainSpec;
import glimpse.train.TrainConfig;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

/**
 * One IRT experiment (El-Nouby et al., arXiv 2102.05644): the data, the descriptor network, the
 * fine-tuning objective (null: no fine-tuning, the pre-trained features themselves, IRT_O), the
 * fine-tuning config (embedded; its seed is replaced by each of {@code seeds}), {@code perClass}
 * images of each class per batch ({@link glimpse.data.sampling.MPerClassBatches}), the
 * classification pre-training on the training classes (null: fine-tune from random weights) and the
 * training seeds, and {@code pretrainData}, the images that pre-training classifies (null: all training classes of
 * {@code data}, {@link RetrievalData#baseData}; {@link RetrievalData#unseenBaseData} leaves out the classes fine-tuning
 * uses). Changed with {@link #with}: {@code spec.with(b -> b.koleo(0).steps(200).seeds(3))}.
 * {@code pcaDims}: besides the full descriptor, also score it projected by PCA to each of these
 * dimensions (the paper's optional PCA to 128, §4; {@link glimpse.eval.Pca}, fitted per seed on
 * training images' descriptors, then L2-normalised), from the same trained network — no retraining.
 *
 * <p>Two scales, one pipeline ({@link RetrievalExperiment}): {@link #cpu} trains the workbook's small
 * networks on in-memory sets, with a classification pre-training on the training classes standing in
 * for ImageNet (once for all seeds, cached and shared with other notebooks, {@link PretrainExperiment}; IRT_O reads
 * its backbone, IRT_L and IRT_R start from it); {@link #paper} is the paper's recipe on SOP, CUB-200 or In-Shop streamed at
 * 224 px, starting from imported ImageNet weights ({@link Descriptor#imported}, no pre-training stage).
 */
public record RetrievalSpec(RetrievalData data, Descriptor descriptor, Objective objective, TrainConfig training, int perClass,
                            TrainConfig pretraining, List<Long> seeds, List<Integer> pcaDims, BaseData pretrainData) {
    public RetrievalSpec {
        seeds = List.copyOf(seeds);
        pcaDims = List.copyOf(pcaDims);
        for (int d : pcaDims) if (d < 1) throw new IllegalArgumentException("PCA dimensions must be >= 1, not " + d + " in " + pcaDims);
        if (seeds.isEmpty()) throw new IllegalArgumentException("at least one seed");
        if (pretrainData != null && pretraining == null)
            throw new IllegalArgumentException("pre-training data " + pretrainData.dataset() + " given without a pre-training stage (pretraining null)");
        if (objective == null && pretraining == null && !descriptor.imported())
            throw new IllegalArgumentException("off-the-shelf features (no objective) need a pre-training stage or imported weights to read them from");
        if (descriptor.imported() && pretraining != null)
            throw new IllegalArgumentException(descriptor.label() + " starts from imported ImageNet weights: it has no pre-training stage here (pretraining null)");
        if ((data.streamed() != null) != descriptor.imported())
            throw new IllegalArgumentException("the paper's networks (DeiT-S, ResNet-50) go with the paper's benchmarks at 224 px, the small ones with the in-memory sets: "
                    + descriptor.label() + " on " + data.name());
        if (perClass < 2 || training.batchSize() % perClass != 0)
            throw new IllegalArgumentException("batch " + training.batchSize() + " must be a multiple of perClass " + perClass + " (>= 2: a positive pair per class)");
    }

    /**
     * The workbook's IRT_R on {@code data}: small ViT, CLS, β 0.5, λ 0.7, memory of the training set,
     * AdamW lr 3·10⁻⁴ (the paper's 3·10⁻⁵ is for a pre-trained DeiT at batch 64 over thousands of steps),
     * weight decay 5·10⁻⁴, batch 64, constant lr; pre-training the workbook's shared budget ({@link PretrainSpec#standard}).
     */
    public static RetrievalSpec cpu(RetrievalData data, int perClass, int pretrainSteps, int steps) {
        return new RetrievalSpec(data, Descriptor.vit(Pooling.CLS), Objective.paper(),
                TrainConfig.builder().steps(steps).batchSize(64).adamW(3e-4f).weightDecay(5e-4f).constantLr().logEvery(0).build(), perClass,
                PretrainSpec.standardTraining(pretrainSteps),
                LongStream.rangeClosed(1, 3).boxed().toList(), List.of(), null);
    }

    /**
     * The paper's recipe (El-Nouby et al., arXiv 2102.05644 §4, "Implementation details") on
     * {@code benchmark} ("sop", "cub-retrieval", "inshop") with {@code objective} (null: IRT_O, the
     * ImageNet features as they are; {@code Objective.paper()}: IRT_R; {@code .withKoleo(0)}: IRT_L):
     * DeiT-Small at 224 px from imported ImageNet weights, its CLS token after the final LayerNorm,
     * AdamW lr 3·10⁻⁵, weight decay 5·10⁻⁴, batch 64, β 0.5, λ 0.7, a cross-batch memory of the training
     * set (In-Shop: 0.2 of it; the paper's 0.999-momentum encoder there is not implemented), 35k
     * iterations on SOP and In-Shop, 2k on CUB; every test image a query. Not stated in the paper and
     * chosen here: constant lr, 2 images per class per batch, 3 seeds. Every budget goes through
     * {@link PaperScale} (smoke: 2 steps, ≤ 200 queries, one seed, batch 8).
     */
    public static RetrievalSpec paper(String benchmark, Objective objective) {
        IrtBenchmark b = IrtBenchmark.of(benchmark);
        // smoke: the fixtures' SOP split has 12 classes and DeiT-S at 224 px costs ~1 s per image-step on 2 cores,
        // so 4 classes × 2 images keep a smoke run within the test budget
        int batch = PaperScale.of(64, 8);
        Objective o = objective == null || b != IrtBenchmark.INSHOP || !objective.datasetMemory() ? objective
                : objective.withMemoryOfBatches(inShopMemoryBatches(batch));
        return new RetrievalSpec(RetrievalData.benchmark(benchmark, PaperScale.queries(b.testQueries)), Descriptor.deitSmall(Pooling.CLS), o,
                TrainConfig.builder().steps(PaperScale.steps(b.iterations)).batchSize(batch).adamW(3e-5f).weightDecay(5e-4f).constantLr().logEvery(0).build(),
                2, null, LongStream.rangeClosed(1, PaperScale.seeds(3)).boxed().toList(), List.of(), null);
    }

    /** In-Shop's memory of 0.2 of its 25,882 training images, in past batches of {@code batch} beyond the current one. */
    static int inShopMemoryBatches(int batch) {
        return Math.max(1, (int) Math.round(0.2 * IrtBenchmark.INSHOP.trainImages / batch) - 1);
    }

    public RetrievalSpec with(UnaryOperator<Builder> change) { return change.apply(new Builder(this)).build(); }

    /** A one-line summary for people: data, model, training, seeds (keys come from SpecJson, never from this). */
    @Override public String toString() {
        return "RetrievalSpec[" + data.name() + " · " + label() + " · " + training.steps() + " steps × " + training.batchSize()
                + (pretraining == null ? "" : ", pre-trained " + pretraining.steps() + " steps") + (pretrainData == null ? "" : " on " + pretrainData.classes().length + " " + pretrainData.dataset() + " " + pretrainData.split() + " classes")
                + " · seeds " + seeds + "]";
    }

    /** "IRT_O", "IRT_L" (λ = 0) or "IRT_R". */
    public String variant() { return objective == null ? "IRT_O" : objective.koleoWeight() == 0 ? "IRT_L" : "IRT_R"; }

    /**
     * "IRT_R ViT/CLS", with β, λ and the memory where they are not the paper's ("IRT_R ViT/CLS, β 0.3",
     * "IRT_R ViT/CLS, memory none"; "…, start without its classes" where pre-training left out the classes fine-tuning
     * uses), so that the rows of a sweep tell themselves apart.
     */
    public String label() {
        String start = pretrainData == null ? "" : ", start without its classes";
        if (objective == null) return variant() + " " + descriptor.label() + start;
        return variant() + " " + descriptor.label() + start + (objective.margin() == ContrastiveLoss.PAPER_MARGIN ? "" : ", β " + objective.margin())
                + (objective.koleoWeight() == 0 || objective.koleoWeight() == RetrievalLoss.PAPER_KOLEO_WEIGHT ? "" : ", λ " + objective.koleoWeight())
                + (objective.datasetMemory() ? "" : ", memory " + objective.memoryLabel());
    }

    /**
     * The pre-training every seed and every pooling of this spec starts from ({@link PretrainExperiment}): the backbone's
     * {@link Descriptor#architecture} on {@code pretrainData} (by default all training classes of the data,
     * {@link RetrievalData#baseData}) with {@code pretraining} — one run, not one per seed (seed intervals hold no
     * pre-training variance, as with the paper's one ImageNet network).
     */
    public PretrainSpec pretrainSpec() {
        return PretrainSpec.of(descriptor.architecture(), pretrainData == null ? data.baseData() : pretrainData, pretraining);
    }

    public static final class Builder {
        private RetrievalData data;
        private Descriptor descriptor;
        private Objective objective;
        private TrainConfig training, pretraining;
        private int perClass;
        private List<Long> seeds;
        private List<Integer> pcaDims;
        private boolean withoutFineTuningClasses;

        private Builder(RetrievalSpec s) {
            data = s.data; descriptor = s.descriptor; objective = s.objective; training = s.training; perClass = s.perClass;
            pretraining = s.pretraining; seeds = s.seeds; pcaDims = s.pcaDims; withoutFineTuningClasses = s.pretrainData != null;
        }

        public Builder data(RetrievalData d) { data = d; return this; }
        public Builder descriptor(Descriptor d) { descriptor = d; return this; }
        public Builder backbone(Descriptor.Backbone b) { descriptor = new Descriptor(b, descriptor.pooling()); return this; }
        /** The ViT with {@code p}, or the ResNet with {@code p}. */
        public Builder pooling(Pooling p) { descriptor = new Descriptor(descriptor.backbone(), p); return this; }
        public Builder objective(Objective o) { objective = o; return this; }
        /** IRT_O: no fine-tuning, the pre-trained descriptor. */
        public Builder offTheShelf() { objective = null; return this; }
        private Objective objective() {
            if (objective == null) throw new IllegalStateException("no objective to change (IRT_O); set one with objective(Objective.paper())");
            return objective;
        }
        /** λ (0 = IRT_L). */
        public Builder koleo(double lambda) { objective = objective().withKoleo(lambda); return this; }
        public Builder margin(double beta) { objective = objective().withMargin(beta); return this; }
        public Builder noMemory() { objective = objective().withoutMemory(); return this; }
        public Builder memoryOfBatches(int past) { objective = objective().withMemoryOfBatches(past); return this; }
        public Builder datasetMemory() { objective = objective().withDatasetMemory(); return this; }
        public Builder training(UnaryOperator<TrainConfig.Builder> change) { training = training.with(change); return this; }
        public Builder steps(int n) { return training(t -> t.steps(n)); }
        public Builder batchSize(int n) { return training(t -> t.batchSize(n)); }
        public Builder perClass(int m) { perClass = m; return this; }
        public Builder pretraining(UnaryOperator<TrainConfig.Builder> change) { pretraining = pretraining.with(change); return this; }
        public Builder pretrainSteps(int n) { return pretraining(t -> t.steps(n)); }
        /**
         * Pre-train on the data's base classes without those fine-tuning uses ({@link RetrievalData#unseenBaseData}), taken
         * from the data the spec ends with; the one way to set {@code pretrainData}, so its label can say what it is.
         */
        public Builder pretrainWithoutFineTuningClasses() { withoutFineTuningClasses = true; return this; }
        /** Seeds 1..count. */
        public Builder seeds(int count) { seeds = LongStream.rangeClosed(1, count).boxed().toList(); return this; }
        public Builder seeds(List<Long> s) { seeds = s; return this; }
        /** Also score the descriptor after PCA to each of {@code dims} (none: only the full descriptor). */
        public Builder pca(int... dims) { pcaDims = java.util.Arrays.stream(dims).boxed().toList(); return this; }

        public RetrievalSpec build() { return new RetrievalSpec(data, descriptor, objective, training, perClass, pretraining, seeds, pcaDims,
                withoutFineTuningClasses ? data.unseenBaseData() : null); }
    }
}
