package glimpse.method.retrieval;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import glimpse.data.ImageSet;
import glimpse.experiment.Experiment;
import glimpse.experiment.Experiments;
import glimpse.experiment.ResultCache;
import glimpse.nn.Blocks;
import glimpse.nn.Devices;
import glimpse.train.BatchSource;
import glimpse.train.Predict;
import glimpse.train.RunCheckpoints;
import glimpse.train.StepLoss;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;
import glimpse.train.Weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Stage 1 of an IRT experiment: the descriptor network with a linear head, trained by softmax
 * cross-entropy on the training classes (shuffled batches), its descriptor saved as a
 * {@link Weights} file beside the cached result. It stands in for the ImageNet pre-training of the
 * paper (arXiv 2102.05644 §4), which cannot be downloaded here: features learned by classification
 * on the train classes are the closest analogue of "off-the-shelf" features we can have.
 */
public final class PretrainExperiment implements Experiment<PretrainSpec, PretrainResult> {
    public static final PretrainExperiment INSTANCE = new PretrainExperiment();
    /** Training images (evenly spaced) the head's top-1 is checked on after training: a sanity check, kept small (a forward pass each). */
    public static final int PROBE_IMAGES = 300;

    private PretrainExperiment() {}

    @Override public String id() { return "irt-pretrain"; }
    @Override public Class<PretrainResult> resultType() { return PretrainResult.class; }

    @Override
    public PretrainResult run(PretrainSpec spec, RunCheckpoints checkpoints) {
        return train(spec, spec.data().load().train(), weightsFileFor(spec), checkpoints);
    }

    /** Where the weights of {@code spec} go: {@code cache/weights/}, named like its cached result. */
    public static Path weightsFileFor(PretrainSpec spec) {
        Path result = ResultCache.fileFor(INSTANCE.id(), spec);
        return result.getParent().resolveSibling("weights").resolve(result.getFileName().toString().replaceFirst("\\.json$", ".weights"));
    }

    /** The weights of {@code spec}, through the cache; retrained when the cached result's file has gone. */
    public static Path weights(PretrainSpec spec) {
        Path p = Path.of(Experiments.cached(INSTANCE, spec).weightsFile());
        if (!Files.isRegularFile(p)) {
            System.out.println("[irt-pretrain] the weights file " + p + " of a cached result is missing; retraining it");
            p = Path.of(INSTANCE.run(spec).weightsFile());
        }
        return p;
    }

    /** Trains on {@code train} and writes the descriptor's weights to {@code weightsFile}. */
    public static PretrainResult train(PretrainSpec spec, ImageSet train, Path weightsFile, RunCheckpoints checkpoints) {
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            RetrievalNet descriptor = spec.descriptor().net(train.height());
            Block classifier = Blocks.classifier(descriptor, train.classCount());
            TrainResult tr = TrainLoop.fit(manager, classifier, BatchSource.shuffled(train, spec.training().batchSize(), spec.training().seed()),
                    checkpoints.next(spec.training()), StepLoss.crossEntropy());
            try {
                Files.createDirectories(weightsFile.getParent());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot create " + weightsFile.getParent() + " for the pre-trained weights: " + e, e);
            }
            Weights.save(descriptor, weightsFile);           // the descriptor only: IRT_O reads it, IRT_L/R start from it
            int probes = Math.min(PROBE_IMAGES, train.size());
            int[] probe = IntStream.range(0, probes).map(i -> (int) ((long) i * train.size() / probes)).toArray();
            int[] labels = Arrays.stream(probe).map(train::label).toArray();
            double accuracy = Predict.accuracy(Predict.outputs(manager, classifier, train, probe, 256), labels);
            glimpse.RunLog.line(String.format(java.util.Locale.ROOT, "pre-training %s on %s, seed %d: %d steps, loss %.3f, train top-1 %.1f%% (%.1f s)", spec.descriptor().label(),
                    train.name(), spec.training().seed(), tr.steps(), tr.finalLoss(), 100 * accuracy, tr.wallSeconds()));
            return new PretrainResult(weightsFile.toString(), tr.finalLoss(), accuracy, tr.wallSeconds(), tr.imagesPerSecond());
        }
    }
}
