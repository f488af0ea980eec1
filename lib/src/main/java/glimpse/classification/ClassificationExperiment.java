package glimpse.classification;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import glimpse.data.ImageSet;
import glimpse.eval.ClassGroups;
import glimpse.eval.LongTailAccuracy;
import glimpse.eval.MeanCi;
import glimpse.eval.Metric;
import glimpse.experiment.Experiment;
import glimpse.nn.Devices;
import glimpse.data.sampling.ShuffledBatches;
import glimpse.train.Batch;
import glimpse.train.BatchSource;
import glimpse.train.Predict;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classification pipeline: per training seed, build the method's network, fit it on shuffled
 * batches through the shared {@link TrainLoop}, predict the test images, and score overall, per
 * class and per group of classes (thirds by training count; the long-tail papers' many/medium/few
 * where populated). Used by the tour's baseline, BatchFormer and TASN.
 */
public final class ClassificationExperiment implements Experiment<ClassificationSpec, ClassificationResult> {
    public static final ClassificationExperiment INSTANCE = new ClassificationExperiment();

    private ClassificationExperiment() {}

    @Override public String id() { return "classification"; }
    @Override public Class<ClassificationResult> resultType() { return ClassificationResult.class; }

    @Override
    public ClassificationResult run(ClassificationSpec spec, RunCheckpoints checkpoints) {
        ClassificationData.Sets sets = spec.data().load();
        return run(spec, sets.train(), sets.test(), checkpoints);
    }

    /** On given training and test sets (tests, custom data); {@code spec.data()} only names the rows. */
    public static ClassificationResult run(ClassificationSpec spec, ImageSet train, ImageSet test, RunCheckpoints checkpoints) {
        int[] counts = train.countsPerClass();
        ClassGroups thirds = ClassGroups.thirds(counts);
        ClassGroups shots = ClassGroups.shotsApply(counts) ? ClassGroups.shots(counts) : null;
        List<Metric> groups = new ArrayList<>(thirds.groups());
        if (shots != null) groups.addAll(shots.groups());
        int[] labels = test.labels();
        List<ClassificationResult.SeedResult> seeds = new ArrayList<>();
        JsonElement inspection = null;
        ClassificationMethod method = spec.method();
        for (long seed : spec.seeds()) {
            try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
                Block net = method.build(train.classCount());
                TrainConfig training = spec.training().with(b -> b.seed(seed));
                TrainResult tr = TrainLoop.fit(manager, net, batches(spec.data().views(), train, training.batchSize(), seed), checkpoints.next(training),
                        method.loss(net, counts, training));
                int[] predicted = Predict.argmax(predictions(spec.data().views(), manager, net, test));
                LongTailAccuracy byThirds = LongTailAccuracy.of(predicted, labels, counts, thirds);
                Map<Metric, Double> byGroup = new LinkedHashMap<>(byThirds.byGroup());
                if (shots != null) byGroup.putAll(LongTailAccuracy.of(predicted, labels, counts, shots).byGroup());
                var s = new ClassificationResult.SeedResult(seed, byThirds.overall(), MeanCi.of(hits(predicted, labels)), byGroup,
                        byThirds.perClass(), tr.finalLoss(), tr.losses(), tr.wallSeconds(), tr.imagesPerSecond());
                seeds.add(s);
                if (inspection == null) inspection = method.inspect(net, manager, train, training);
                glimpse.RunLog.line(String.format(java.util.Locale.ROOT, "%s %s seed %d: overall %.2f%%, head %.2f%%, tail %.2f%% (%.1f s, %.0f img/s)", method.label(),
                        spec.data().setting(), seed, 100 * s.overall(), 100 * byGroup.get(Metric.HEAD), 100 * byGroup.get(Metric.TAIL),
                        tr.wallSeconds(), tr.imagesPerSecond()));
            }
        }
        return new ClassificationResult(method.label(), spec.data().name(), spec.data().setting(), test.size(), counts, groups, seeds, inspection);
    }

    /** Shuffled batches of the training set, through the training view where the data has views. */
    static BatchSource batches(ImageViews views, ImageSet train, int batchSize, long seed) {
        if (views == null) return BatchSource.shuffled(train, batchSize, seed);
        ShuffledBatches order = new ShuffledBatches(train, batchSize, seed);
        return (m, step) -> {
            int[] idx = order.indices(step);
            return Batch.of(views.trainBatch(m, train, idx, seed, step), train.labelsTensor(m, idx));
        };
    }

    /** The network's outputs on every test image, through the test view where the data has views. */
    static float[][] predictions(ImageViews views, NDManager manager, Block net, ImageSet test) {
        if (views == null) return Predict.outputs(manager, net, test, 500);
        return Predict.outputs(manager, net, test.size(), 500, (m, idx) -> views.testBatch(m, test, idx));
    }

    /** 1 where the prediction is right, else 0. */
    static double[] hits(int[] predicted, int[] labels) {
        double[] h = new double[labels.length];
        for (int i = 0; i < h.length; i++) h[i] = predicted[i] == labels[i] ? 1 : 0;
        return h;
    }
}
