package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.experiment.Experiment;
import glimpse.experiment.Experiments;
import glimpse.fewshot.EpisodeShape;
import glimpse.fewshot.EpisodicModel;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.SeedRuns;
import glimpse.nn.Devices;
import glimpse.pretrain.PretrainExperiment;
import glimpse.train.EpisodeBatches;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;
import glimpse.train.Weights;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Semantic Prompt end to end (arXiv 2303.14123 §3–4): stage 1 (the shared {@link PretrainExperiment}, its own
 * cached experiment, shared by every variant and seed), stage 2 — meta-tuning on episodes
 * through the shared {@link TrainLoop}, warm-started from the stage-1 weights, the episodes
 * carrying their classes' text vectors — then the test protocol of {@link SpScoring} on the
 * saved test episodes of the task (the same files every few-shot notebook scores on).
 *
 * <p>Why not a plug-in of {@code glimpse.fewshot.FewShotExperiment}: SP differs at every one of its
 * stages (its own backbone instead of a {@code FewShotBackbone}, AdamW pre-training cached apart and
 * reused, class vectors for both splits, parameter groups, a test by logistic regression over
 * augmented views); hooks for all of them would reshape that pipeline, whose numbers the golden
 * test pins. The outcome is a {@link FewShotOutcome}, so {@link SeedRuns} and the few-shot
 * report tables take it as they are.
 *
 * <p>Model selection: none — stage 2 runs a fixed number of steps and the last weights are tested.
 * (The official script picks the best epoch on the test split.)
 */
public final class SemanticPromptExperiment implements Experiment<SpSpec, FewShotOutcome> {
    public static final SemanticPromptExperiment INSTANCE = new SemanticPromptExperiment();

    private SemanticPromptExperiment() {}

    @Override public String id() { return "semantic-prompt"; }
    @Override public Class<FewShotOutcome> resultType() { return FewShotOutcome.class; }

    /** {@code spec} trained with seeds {@code first .. first + count − 1}, each through the cached runner, all on the same test episodes. */
    public static SeedRuns seeds(SpSpec spec, long first, int count) {
        if (count < 1) throw new IllegalArgumentException("at least one seed, not " + count);
        List<Long> seeds = java.util.stream.LongStream.range(first, first + count).boxed().toList();
        return new SeedRuns(seeds, Experiments.cachedAll(INSTANCE, seeds.stream().map(spec::withSeed).toList()),
                spec.episodes().ways());   // one batch (a task per seed on a cluster); meta-tuning's loss is a cross-entropy over the ways
    }

    /**
     * The Visformer spec at the task's image size (the CPU spec is drawn for 32 px; Fashion-MNIST is 28 px); a spec
     * that resizes its input ({@link Visformer.Config#resizeInput}, the paper recipe) stays at its own size.
     */
    public static Visformer.Config backboneFor(Visformer.Config s, ImageSet set) {
        if (set.height() != set.width()) throw new IllegalArgumentException(set.name() + ": Visformer takes square images, not " + set.height() + "x" + set.width());
        return s.atSize(set.height());
    }

    /** A meta-tuned model and what it was trained with. */
    public record Tuned(SpNet net, TrainResult training, List<ClassVectors> vectors) {}

    /** Stage 2: the method's network, initialised, loaded with the stage-1 backbone, meta-tuned on the task's training split. */
    public static Tuned metaTune(NDManager manager, SpSpec spec, ImageSet train, ImageSet test, Path stage1, RunCheckpoints checkpoints) {
        List<ClassVectors> vectors = spec.method().prompt() ? spec.text().vectors(train, test) : null;
        Visformer.Config backbone = backboneFor(spec.backbone(), train);
        SpNet net = spec.method().build(backbone, vectors == null ? 1 : vectors.get(0).dim());
        EpisodeShape s = spec.episodes();
        EpisodeBatches batches = EpisodeBatches.of(train, s.ways(), s.shots(), s.queries(), spec.seed());
        if (vectors != null) batches = batches.withClassVectors(vectors.get(0));
        // initialise what is trained (the baseline's prompt-off view too, or the loop would re-initialise it over the stage-1 weights),
        // seeded as the loop seeds (building the first batch draws nothing from the engine)
        EpisodicModel trained = spec.method().trained(net);
        try (NDManager probe = manager.newSubManager()) {
            NDList first = batches.batch(probe, 0).data();
            TrainLoop.initialize(manager, trained, spec.metaTuning().seed(), first.stream().map(NDArray::getShape).toArray(Shape[]::new));
        }
        Weights.load(net.visformer(), stage1);   // a checkpoint of this run, if any, then overrides it inside fit
        TrainResult r = TrainLoop.fit(manager, trained, batches, checkpoints.next(spec.metaTuning()), EpisodeBatches.loss());
        return new Tuned(net, r, vectors);
    }

    @Override
    public FewShotOutcome run(SpSpec spec, RunCheckpoints checkpoints) {
        ImageSet train = spec.task().trainSet(), test = spec.task().testSet();
        Map<Integer, List<Episode>> episodes = spec.task().testEpisodes(spec.eval());
        Path stage1 = PretrainExperiment.weights(spec.stage1());
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            Tuned t = metaTune(manager, spec, train, test, stage1, checkpoints);
            long t0 = System.nanoTime();
            ClassVectors testVectors = t.vectors() == null ? null : t.vectors().get(1);
            SpScoring.Scores scores = SpScoring.evaluate(manager, t.net(), spec.method().prompt(), test, testVectors, episodes,
                    spec.eval().seed(), spec.protocol(), spec.eval().variants());
            double evalSeconds = (System.nanoTime() - t0) / 1e9;
            JsonElement look = spec.method().prompt() && spec.method().spatial()
                    ? new Gson().toJsonTree(PromptAttention.of(t.net(), manager, test, testVectors, PromptAttention.accentedExamples(test, 4)))
                    : null;
            TrainResult r = t.training();
            return new FewShotOutcome(spec.label(), spec.task().name(), scores.results(), r.wallSeconds(), r.imagesPerSecond(), r.steps(),
                    r.finalLoss(), TrainResult.thin(r.losses(), 200), evalSeconds, r.skippedSteps(), scores.variants(), look);
        }
    }
}
