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
import glimpse.experiment.Experiments;
import glimpse.nn.Devices;
import glimpse.data.sampling.ShuffledBatches;
import glimpse.train.Batch;
import glimpse.data.image.ImageLoader;
import glimpse.data.image.StreamedInput;
import glimpse.train.BatchSource;
import glimpse.train.StreamedBatches;
import glimpse.train.Predict;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The classification pipeline: per training seed, build the method's network, fit it on shuffled
 * batches through the shared {@link TrainLoop}, predict the test images, and score overall, per
 * class and per group of classes (thirds by training count; the long-tail papers' many/medium/few
 * where populated). Used by the tour's baseline, BatchFormer and TASN. The images come decoded in
 * memory, or, where {@link ClassificationData#streams()}, streamed from their files at paper
 * resolution ({@link StreamedBatches} for training, {@link Predict}'s file overload for the test).
 */
public final class ClassificationExperiment implements Experiment<ClassificationSpec, ClassificationResult> {
    public static final ClassificationExperiment INSTANCE = new ClassificationExperiment();

    private ClassificationExperiment() {}

    @Override public String id() { return "classification"; }
    @Override public Class<ClassificationResult> resultType() { return ClassificationResult.class; }

    @Override
    public ClassificationResult run(ClassificationSpec spec, RunCheckpoints checkpoints) {
        if (spec.data().streams()) return run(spec, streamed(spec.data()), checkpoints);
        ClassificationData.Sets sets = spec.data().load();
        return run(spec, sets.train(), sets.test(), checkpoints);
    }

    /**
     * Each training seed of {@code spec} as its own cached experiment (so a long run resumes, or is
     * spread over machines, seed by seed), merged into one result over the seeds.
     */
    public static ClassificationResult cachedBySeed(ClassificationSpec spec) { return cachedBySeed(List.of(spec)).get(0); }

    /**
     * Every seed of every spec (a table's arms) as one batch ({@link Experiments#cachedAllGroups}): with
     * `./glimpse run --workers N | --slurm` each (arm, seed) trains as a task of its own, all at once;
     * per spec, its seeds merged into one result, in order.
     */
    public static List<ClassificationResult> cachedBySeed(List<ClassificationSpec> specs) {
        List<List<ClassificationSpec>> bySeed = specs.stream()
                .map(spec -> spec.seeds().stream().map(seed -> spec.with(b -> b.seeds(List.of(seed)))).toList()).toList();
        return Experiments.cachedAllGroups(INSTANCE, bySeed).stream()
                .map(parts -> parts.get(0).withPerSeed(parts.stream().flatMap(r -> r.perSeed().stream()).toList())).toList();
    }

    /** On given training and test sets (tests, custom data); {@code spec.data()} only names the rows. */
    public static ClassificationResult run(ClassificationSpec spec, ImageSet train, ImageSet test, RunCheckpoints checkpoints) {
        ImageViews views = spec.data().views();
        return run(spec, new Input(train.countsPerClass(), test.size(), test.labels(),
                (seed, batch) -> batches(views, train, batch, seed), (manager, net) -> predictions(views, manager, net, test), train), checkpoints);
    }

    /**
     * Where a run's images come from: the training counts per class, the test labels, each seed's
     * training batches (closed after training when they are {@link AutoCloseable}), the test
     * predictions, and the decoded training set a method's {@link ClassificationMethod#inspect} looks
     * at (null for streamed data: nothing is inspected).
     */
    private record Input(int[] counts, int testImages, int[] testLabels, BiFunction<Long, Integer, BatchSource> batches,
                         BiFunction<NDManager, Block, float[][]> predict, ImageSet inspected) {}

    /** The splits' files decoded by worker threads step by step ({@link StreamedBatches}), the test images likewise. */
    private static Input streamed(ClassificationData data) {
        ClassificationData.Files files = data.files();
        StreamedInput in = data.input();
        int workers = StreamedInput.workers();
        // each worker decodes a whole batch, so as many batches ahead as workers keep them all busy; not 2 per worker
        // (PyTorch's default): a 96-image batch at 512 px is ~300 MB of floats, and memory holds ~(prefetch + workers) batches
        return new Input(files.train().countsPerClass(), files.test().size(), files.test().labels(),
                (seed, batch) -> new StreamedBatches(files.train(), in.train(), new ImageLoader.Config(batch, workers, workers, seed)),
                (manager, net) -> Predict.outputs(manager, net, files.test(), in.test(), 32, workers), null);
    }

    private static ClassificationResult run(ClassificationSpec spec, Input input, RunCheckpoints checkpoints) {
        int[] counts = input.counts();
        ClassGroups thirds = ClassGroups.thirds(counts);
        ClassGroups shots = ClassGroups.shotsApply(counts) ? ClassGroups.shots(counts) : null;
        List<Metric> groups = new ArrayList<>(thirds.groups());
        if (shots != null) groups.addAll(shots.groups());
        int[] labels = input.testLabels();
        List<ClassificationResult.SeedResult> seeds = new ArrayList<>();
        JsonElement inspection = null;
        ClassificationMethod method = spec.method();
        for (long seed : spec.seeds()) {
            try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
                Block net = method.build(counts.length);
                TrainConfig training = spec.training().with(b -> b.seed(seed));
                BatchSource batches = input.batches().apply(seed, training.batchSize());
                TrainResult tr;
                try {
                    tr = TrainLoop.fit(manager, net, batches, checkpoints.next(training), method.loss(net, counts, training),
                            TrainLoop.Extras.NONE.startingFrom(method::startFrom));
                } finally {
                    if (batches instanceof AutoCloseable c) close(c);
                }
                int[] predicted = Predict.argmax(input.predict().apply(manager, net));
                LongTailAccuracy byThirds = LongTailAccuracy.of(predicted, labels, counts, thirds);
                Map<Metric, Double> byGroup = new LinkedHashMap<>(byThirds.byGroup());
                if (shots != null) byGroup.putAll(LongTailAccuracy.of(predicted, labels, counts, shots).byGroup());
                var s = new ClassificationResult.SeedResult(seed, byThirds.overall(), MeanCi.of(hits(predicted, labels)), byGroup,
                        byThirds.perClass(), tr.finalLoss(), tr.losses(), tr.wallSeconds(), tr.imagesPerSecond());
                seeds.add(s);
                if (inspection == null && input.inspected() != null) inspection = method.inspect(net, manager, input.inspected(), training);
                glimpse.RunLog.line(String.format(java.util.Locale.ROOT, "%s %s seed %d: overall %.2f%%, head %.2f%%, tail %.2f%% (%.1f s, %.0f img/s)", method.label(),
                        spec.data().setting(), seed, 100 * s.overall(), 100 * byGroup.get(Metric.HEAD), 100 * byGroup.get(Metric.TAIL),
                        tr.wallSeconds(), tr.imagesPerSecond()));
            }
        }
        return new ClassificationResult(method.label(), spec.data().name(), spec.data().setting(), input.testImages(), counts, groups, seeds, inspection,
                method.chanceLoss(counts.length));
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the image loader: " + e.getMessage(), e);
        }
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
