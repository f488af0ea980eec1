package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import glimpse.Glimpse;
import glimpse.data.ImageSet;
import glimpse.experiment.Experiment;
import glimpse.experiment.Experiments;
import glimpse.experiment.ResultCache;
import glimpse.fewshot.FewShotTask;
import glimpse.nn.Devices;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainResult;
import glimpse.train.Weights;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Semantic Prompt's stage 1 (arXiv 2303.14123 §3.1, official {@code train_vit.py}): the Visformer
 * with a linear head trained by classification over all base classes, AdamW. An experiment of its
 * own, so that the cached runner computes it once per (task, backbone, config, seed) and every
 * meta-tuning variant of that seed — baseline, SP, each ablation — warm-starts from the same
 * file. The result names the {@link Weights} file of the backbone (the head is dropped).
 *
 * <p>The CPU recipe uses plain shuffled batches ({@link RepeatedAugmentation#none()}) and step counts far
 * below the paper's 800 epochs; the paper recipe ({@link SpSpec#paper}) repeated augmentation without RandAugment.
 */
public final class SpPretraining implements Experiment<SpPretraining.Spec, SpPretraining.Result> {
    public static final SpPretraining INSTANCE = new SpPretraining();

    private SpPretraining() {}

    /**
     * Classification pre-training of {@code backbone} on {@code task}'s training split with {@code training}, whose
     * {@code batchSize} images per step are each shown {@code augmentation.repeats()} times.
     */
    public record Spec(FewShotTask task, Visformer.Config backbone, glimpse.train.TrainConfig training, RepeatedAugmentation augmentation) {}

    /** @param weights the backbone's {@link Weights} file (absolute path) */
    public record Result(String weights, int classes, int steps, double seconds, float finalLoss, float[] lossCurve) {}

    @Override public String id() { return "sp-pretrain"; }
    @Override public Class<Result> resultType() { return Result.class; }

    /**
     * The stage-1 weights of {@code spec}: the cached result's file, or — when the result is cached
     * but its file was deleted — computed again (uncached run, same file).
     */
    public static Path weights(Spec spec) {
        Result r = Experiments.cached(INSTANCE, spec);
        Path file = Path.of(r.weights());
        if (Files.isRegularFile(file)) return file;
        System.out.println("[sp] stage-1 weights " + file + " are missing although the result is cached: pre-training again");
        return Path.of(INSTANCE.run(spec).weights());
    }

    /** Where {@code spec}'s weights live: beside the result cache, named after the cached result. */
    public static Path weightsFile(Spec spec) {
        String name = ResultCache.fileFor(INSTANCE.id(), spec).getFileName().toString().replaceFirst("\\.json$", ".weights");
        return Glimpse.cacheDir().resolve("sp-weights").resolve(name).toAbsolutePath();
    }

    @Override
    public Result run(Spec spec, RunCheckpoints checkpoints) {
        ImageSet train = spec.task().trainSet();
        Visformer.Config backbone = SemanticPromptExperiment.backboneFor(spec.backbone(), train);
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            SequentialBlock classifier = Visformer.withHead(backbone, train.classCount());
            TrainConfig cfg = checkpoints.next(spec.training());
            TrainResult r = TrainLoop.fit(manager, classifier, spec.augmentation().source(train, cfg.batchSize(), cfg.seed()), cfg,
                    StepLoss.crossEntropy());
            Path file = weightsFile(spec);
            Weights.save(classifier.getChildren().get(0).getValue(), file);
            return new Result(file.toString(), train.classCount(), r.steps(), r.wallSeconds(), r.finalLoss(), TrainResult.thin(r.losses(), 200));
        }
    }
}
