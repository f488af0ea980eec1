package glimpse.pretrain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.Glimpse;
import glimpse.RunLog;
import glimpse.data.ImageSet;
import glimpse.eval.Convergence;
import glimpse.eval.HeldOutPlateau;
import glimpse.experiment.Experiment;
import glimpse.experiment.Experiments;
import glimpse.experiment.ResultCache;
import glimpse.nn.Blocks;
import glimpse.nn.Devices;
import glimpse.train.Predict;
import glimpse.train.RunCheckpoints;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;
import glimpse.train.Weights;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Classification pre-training of a backbone, the one cached experiment every pipeline warm-starts
 * from: the architecture with a linear head (global average pooling first where it keeps a map),
 * softmax cross-entropy over the base classes through the shared {@link TrainLoop}, the backbone's
 * weights saved as a {@link Weights} file beside the result cache (the head is dropped), then the
 * head's top-1 on the held-out images of the same classes, probed at the end of every quarter, and whether it
 * converged: whether the held-out top-1 had stopped rising ({@link HeldOutPlateau}); the training loss's own
 * {@link Convergence} (chance level ln classes) is kept beside it.
 *
 * <p>It stands in for the papers' starting points — ImageNet weights (IRT, arXiv 2102.05644 §4; TASN,
 * arXiv 1903.06150 §4) or base-class pre-training (Semantic Prompt's stage 1, arXiv 2303.14123 §3.1) —
 * which cannot be downloaded here. One run per {@link PretrainSpec}, whatever the seeds of the stage after.
 *
 * <pre>{@code
 * PretrainSpec spec = PretrainSpec.standard(FewShotBackbone.CONV4, BaseData.of("glyphs", "base", 2), 2000);
 * PretrainResult r = PretrainExperiment.pretrained(spec);     // cached; System.out.println(r.line())
 * PretrainExperiment.load(backbone, spec);                    // into the pipeline's own build of the architecture
 * }</pre>
 */
public final class PretrainExperiment implements Experiment<PretrainSpec, PretrainResult> {
    public static final PretrainExperiment INSTANCE = new PretrainExperiment();

    private PretrainExperiment() {}

    @Override public String id() { return "pretrain"; }
    @Override public Class<PretrainResult> resultType() { return PretrainResult.class; }

    /**
     * The pre-training of {@code spec} through the cache, its weights file on disk: when the result is cached but its
     * file was deleted, it is computed again (uncached, same file).
     */
    public static PretrainResult pretrained(PretrainSpec spec) {
        PretrainResult r = Experiments.cached(INSTANCE, spec);
        if (Files.isRegularFile(Path.of(r.weights()))) return r;
        System.out.println("[pretrain] the weights " + r.weights() + " of a cached pre-training are missing: pre-training " + spec.architecture().label() + " again");
        return INSTANCE.run(spec);
    }

    /** The backbone weights file of {@code spec} ({@link #pretrained}). */
    public static Path weights(PretrainSpec spec) { return Path.of(pretrained(spec).weights()); }

    /** Copies {@code spec}'s pre-trained weights into {@code backbone}, a (initialised) build of the same architecture. */
    public static void load(Block backbone, PretrainSpec spec) { Weights.load(backbone, weights(spec)); }

    /** Where {@code spec}'s weights live: {@code cache/weights/}, named after its cached result. */
    public static Path weightsFile(PretrainSpec spec) {
        return Glimpse.cacheDir().resolve("weights").resolve(ResultCache.label(INSTANCE.id(), spec) + ".weights").toAbsolutePath();
    }

    @Override
    public PretrainResult run(PretrainSpec spec, RunCheckpoints checkpoints) {
        return train(spec, spec.data().images(), weightsFile(spec), checkpoints);
    }

    /**
     * Pre-trains on {@code images} (its {@link BaseData#heldOut(ImageSet)} split: trained on one part, tested on the other)
     * and writes the backbone's weights to {@code file}. {@link #run} passes the spec's data; a test, an in-memory set.
     */
    public static PretrainResult train(PretrainSpec spec, ImageSet images, Path file, RunCheckpoints checkpoints) {
        BaseData.Split split = BaseData.heldOut(images);
        ImageSet train = split.train(), heldOut = split.heldOut();
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            Block backbone = spec.architecture().backbone(train.height());
            Block classifier = Blocks.classifier(backbone, new Shape(1, train.channels(), train.height(), train.width()), train.classCount());
            TrainConfig cfg = checkpoints.next(spec.training());
            HeldOutProbe probe = new HeldOutProbe(manager, heldOut, train.classCount(), cfg.steps());
            TrainLoop.Extras extras = heldOut.size() == 0 ? TrainLoop.Extras.NONE : TrainLoop.Extras.states(probe).after(probe);
            TrainResult r = TrainLoop.fit(manager, classifier, spec.batches().source(train, cfg.batchSize(), cfg.seed()), cfg, StepLoss.crossEntropy(), extras);
            Weights.save(backbone, file);
            double top1 = heldOut.size() == 0 ? Double.NaN : Predict.accuracy(Predict.outputs(manager, classifier, heldOut, 256), heldOut.labels());
            float[] losses = r.losses();
            PretrainResult result = new PretrainResult(file.toString(), spec.architecture().label(), images.name() + ", " + images.height() + " px", train.classCount(),
                    train.size(), heldOut.size(), r.steps(), r.wallSeconds(), meanOf(losses, 0, ends(losses)), meanOf(losses, losses.length - ends(losses), ends(losses)),
                    TrainResult.thin(losses, 200), top1, Convergence.of(losses, train.classCount() >= 2 ? train.classCount() : 0),
                    probe.top1ByQuarter(), heldOut.size() == 0 ? HeldOutPlateau.notMeasured() : probe.plateau());
            RunLog.line(result.line());
            return result;
        }
    }

    /** Steps averaged at each end of the curve: {@link PretrainResult#ENDS}, or a quarter of a shorter run (at least one). */
    private static int ends(float[] losses) { return Math.max(1, Math.min(PretrainResult.ENDS, losses.length / 4)); }

    /** Mean of the finite losses in [from, from + count). */
    private static float meanOf(float[] losses, int from, int count) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(losses.length, from + count); i++) if (Float.isFinite(losses[i])) { sum += losses[i]; n++; }
        return n == 0 ? Float.NaN : (float) (sum / n);
    }
}
