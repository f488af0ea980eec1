package glimpse.fewshot;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import glimpse.data.ImageInput;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.experiment.Experiment;
import glimpse.nn.Devices;
import glimpse.pretrain.BaseData;
import glimpse.pretrain.PretrainExperiment;
import glimpse.pretrain.PretrainResult;
import glimpse.pretrain.PretrainSpec;
import glimpse.train.EpisodeBatches;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few-shot pipeline in four stages — prepare the splits and saved test episodes, build the
 * method's model, train it (from the backbone's shared classification pre-training if the recipe asks,
 * {@link PretrainExperiment}, then episodes through the shared {@link TrainLoop}), evaluate it and its {@link EvaluationVariant}s on the saved episodes. Methods
 * plug in through {@link FewShotMethod}; the pipeline names none of them.
 */
public final class FewShotExperiment implements Experiment<FewShotSpec, FewShotOutcome> {
    public static final FewShotExperiment INSTANCE = new FewShotExperiment();

    private FewShotExperiment() {}

    @Override public String id() { return "fewshot"; }
    @Override public Class<FewShotOutcome> resultType() { return FewShotOutcome.class; }

    /** Stage 1: the splits and, per evaluated shot count, the saved test episodes. */
    public record Prepared(ImageSet train, ImageSet test, Map<Integer, List<Episode>> testEpisodes) {}

    /**
     * A trained model (its parameters live in the manager given to {@link #train}); {@code pretraining} is the shared
     * pre-training its backbone started from, null without one.
     */
    public record Trained(EpisodicModel model, TrainResult training, PretrainResult pretraining) {}

    public static Prepared prepare(FewShotSpec spec) {
        FewShotTask task = spec.task();
        return new Prepared(task.trainSet(), task.testSet(), task.testEpisodes(spec.eval()));
    }

    /** Stage 2: the method's fresh model on the recipe's backbone (pooled or keeping its map, as the method asks). */
    public static EpisodicModel build(FewShotRecipe recipe) {
        return recipe.method().build(recipe.backbone().build(recipe.method().pooledBackbone()));
    }

    /**
     * Stage 3: the backbone's shared pre-training (if any: {@link #pretraining}, cached apart and loaded into the
     * freshly initialised model), then episodic training on {@code base}'s images, checkpointed in {@code checkpoints}.
     */
    public static Trained train(NDManager manager, BaseData base, FewShotRecipe recipe, RunCheckpoints checkpoints) {
        EpisodicModel model = build(recipe);
        ImageSet trainSet = base.images();
        PretrainSpec pre = pretraining(recipe, base);
        PretrainResult pretrained = pre == null ? null : PretrainExperiment.pretrained(pre);
        EpisodeShape shape = recipe.episodes();
        EpisodeBatches batches = EpisodeBatches.of(trainSet, shape.ways(), shape.shots(), shape.queries(), recipe.seed()).withInput(recipe.input());
        SimClrMix simclr = recipe.simclr();
        if (simclr.used())
            batches = batches.withSimClr(simclr.probability(), simclr.queriesPerClass()).withAugment(simclr.views().support(), simclr.views().query());
        TrainLoop.Extras start = pre == null ? TrainLoop.Extras.NONE : TrainLoop.Extras.NONE.startingFrom(m -> PretrainExperiment.load(model.backbone(), pre));
        TrainResult r = TrainLoop.fit(manager, model, batches, checkpoints.next(recipe.training()), EpisodeBatches.loss(), start);
        return new Trained(model, r, pretrained);
    }

    /**
     * The pre-training {@code recipe} starts from on {@code base} — its backbone, classification over {@code base}'s classes
     * with the recipe's pre-training config — or null when it has none. One for all seeds of the recipe.
     */
    public static PretrainSpec pretraining(FewShotRecipe recipe, BaseData base) {
        if (!recipe.pretrained()) return null;
        if (recipe.input().resized())
            throw new IllegalArgumentException("classification pre-training reads images at their stored size; it cannot be combined with the "
                    + recipe.input() + " input of " + recipe.label() + " (drop the pre-training or the input)");
        return PretrainSpec.of(recipe.backbone(), base, recipe.pretraining());
    }

    /** Stage 4 result: per shot count, per-episode accuracies of the model and of each named variant. */
    public record Evaluated(List<FewShotOutcome.ShotResult> results, Map<String, List<FewShotOutcome.ShotResult>> variants,
                            JsonElement inspection, double seconds) {}

    /**
     * Stage 4: features once per image (made into the recipe's {@code input}), then every episode list, the variants on the
     * same features, the method's inspection.
     */
    public static Evaluated evaluate(NDManager manager, FewShotMethod method, ImageInput input, EpisodicModel model, Prepared data, FewShotEval eval) {
        long t0 = System.nanoTime();
        List<Episode> every = new ArrayList<>();
        data.testEpisodes().values().forEach(every::addAll);
        List<FewShotOutcome.ShotResult> results = new ArrayList<>();
        Map<String, List<FewShotOutcome.ShotResult>> variants = new LinkedHashMap<>();
        Episode shown = null;
        double variantSeconds = 0;
        try (FewShotScoring.Features features = FewShotScoring.Features.of(model, manager, data.test(),
                FewShotScoring.usedImages(data.test(), every), null, input)) {
            for (var e : data.testEpisodes().entrySet()) {
                results.add(new FewShotOutcome.ShotResult(e.getKey(), features.accuracies(e.getValue())));
                if (shown == null || e.getKey() == 5) shown = e.getValue().get(0);   // the picture: 5-shot when evaluated
            }
            JsonElement inspection = method.inspect(model, manager, data.test(), input, shown);
            for (EvaluationVariant v : eval.variants()) {
                long t1 = System.nanoTime();
                EpisodicModel view = method.variant(model, v);
                List<FewShotOutcome.ShotResult> rs = new ArrayList<>();
                for (var e : data.testEpisodes().entrySet()) rs.add(new FewShotOutcome.ShotResult(e.getKey(), features.accuracies(e.getValue(), view)));
                variants.put(v.label(), rs);
                variantSeconds += (System.nanoTime() - t1) / 1e9;
            }
            return new Evaluated(results, variants, inspection, (System.nanoTime() - t0) / 1e9 - variantSeconds);
        }
    }

    @Override
    public FewShotOutcome run(FewShotSpec spec, RunCheckpoints checkpoints) {
        FewShotMethod method = spec.recipe().method();
        for (EvaluationVariant v : spec.eval().variants())    // before hours of training, not after
            if (!method.variants().contains(v)) throw new IllegalArgumentException(method.unknown(v));
        Prepared data = prepare(spec);
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            Trained t = train(manager, spec.task().baseData(), spec.recipe(), checkpoints);
            Evaluated e = evaluate(manager, method, spec.recipe().input(), t.model(), data, spec.eval());
            TrainResult r = t.training();
            return new FewShotOutcome(spec.recipe().label(), spec.task().name(), e.results(), r.wallSeconds(),
                    r.imagesPerSecond(), r.steps(), r.finalLoss(), TrainResult.thin(r.losses(), 200), e.seconds(), r.skippedSteps(),
                    e.variants(), e.inspection());
        }
    }
}
