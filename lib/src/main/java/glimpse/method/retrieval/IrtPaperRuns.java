package glimpse.method.retrieval;

import glimpse.experiment.CostEstimate;
import glimpse.experiment.Experiments;
import glimpse.experiment.PaperScale;
import glimpse.nn.Flops;
import glimpse.nn.Pooling;

import java.util.List;

/**
 * The paper-scale experiments of notebook 05 (El-Nouby et al., arXiv 2102.05644 §4), each training
 * seed of each arm its own cached experiment, all of a table in one batch ({@link Experiments#cachedAllGroups}),
 * so a killed run resumes from its checkpoints and the seeds can be spread over machines.
 */
public final class IrtPaperRuns {
    private IrtPaperRuns() {}

    /** IRT_O, IRT_L and IRT_R of the paper's recipe on {@code b}, in that order ({@link RetrievalSpec#paper}). */
    public static List<RetrievalSpec> arms(IrtBenchmark b) {
        return List.of(RetrievalSpec.paper(b.manifest, null), RetrievalSpec.paper(b.manifest, Objective.paper().withKoleo(0)),
                RetrievalSpec.paper(b.manifest, Objective.paper()));
    }

    /** The paper's ResNet-50 arms, IRT_L and IRT_R, on {@code b}: the same recipe with torchvision's ImageNet ResNet-50, mean-pooled (2048-d). */
    public static List<RetrievalSpec> resNet50Arms(IrtBenchmark b) {
        return arms(b).subList(1, 3).stream().map(s -> s.with(x -> x.descriptor(Descriptor.resNet50(Pooling.MEAN)))).toList();
    }

    /** The paper's batch and seeds, whatever the mode (the cost is always stated at paper scale). */
    static final int PAPER_BATCH = 64, PAPER_SEEDS = 3;

    /**
     * What the paper section on {@code b} costs at paper scale, whatever the mode: per arm (IRT_O, IRT_L,
     * IRT_R of DeiT-S, or with {@code resNet50} ResNet-50's IRT_L and IRT_R) and seed, the fine-tuning
     * steps × batch 64 at the backbone's forward FLOPs, and embedding every query (and In-Shop's 12,612
     * gallery images) once. {@code smoke}, a smoke run's fine-tuned result (or null), times a step on
     * this machine: its seconds per step scaled from its batch to 64 images.
     */
    public static CostEstimate cost(IrtBenchmark b, boolean resNet50, RetrievalResult smoke) {
        double flops = resNet50 ? Flops.resnet50(224) : Flops.deitSmall(224);
        int arms = resNet50 ? 2 : 3, trained = 2, embedded = b.testQueries + (b == IrtBenchmark.INSHOP ? 12_612 : 0);
        CostEstimate.Stage training = CostEstimate.Stage.training((resNet50 ? "ResNet-50" : "DeiT-S") + " IRT_L + IRT_R fine-tuning, " + PAPER_SEEDS + " seeds",
                (long) trained * PAPER_SEEDS * b.iterations, PAPER_BATCH, flops);
        if (smoke != null && !smoke.perSeed().isEmpty() && smoke.perSeed().get(0).losses().length > 0) {
            RetrievalResult.SeedResult s = smoke.perSeed().get(0);
            double imagesPerSecond = s.imagesPerSecond();
            if (imagesPerSecond > 0) training = training.measured(PAPER_BATCH / imagesPerSecond);
        }
        return CostEstimate.of("IRT on " + b.title + " (paper scale)", training,
                CostEstimate.Stage.evaluation("embedding, " + arms + " arms × " + PAPER_SEEDS + " seeds", (long) arms * PAPER_SEEDS * embedded, 1, flops));
    }

    /** {@code spec}, one cached experiment per seed, joined ({@link RetrievalResult#ofSeeds}). */
    public static RetrievalResult run(RetrievalSpec spec) { return run(List.of(spec)).get(0); }

    /**
     * Each of {@code specs} (a table's arms), one cached experiment per seed, joined; every arm's every
     * seed in one batch ({@link Experiments#cachedAllGroups}), so an executor spreads them all at once.
     */
    public static List<RetrievalResult> run(List<RetrievalSpec> specs) {
        List<List<RetrievalSpec>> bySeed = specs.stream()
                .map(spec -> spec.seeds().stream().map(seed -> spec.with(b -> b.seeds(List.of(seed)))).toList()).toList();
        return Experiments.cachedAllGroups(RetrievalExperiment.INSTANCE, bySeed).stream().map(RetrievalResult::ofSeeds).toList();
    }

    /**
     * The β × λ grid of the paper's SOP table on {@code b}'s IRT_R recipe, one seed per cell (the paper
     * reports one run per cell): the paper's 5 × 5 values, in smoke β 0.5 × λ {0, 0.7}.
     */
    public static MarginKoleoGrid grid(IrtBenchmark b) {
        double[] betas = PaperScale.of(new double[] {0.1, 0.3, 0.5, 0.7, 0.9}, new double[] {0.5});
        double[] lambdas = PaperScale.of(new double[] {0, 0.3, 0.5, 0.7, 1.0}, new double[] {0, 0.7});
        return MarginKoleoGrid.run(arms(b).get(2).with(x -> x.seeds(1)), betas, lambdas);
    }
}
