package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.LongTail;
import glimpse.data.sampling.Seeds;
import glimpse.eval.ClassGroups;
import glimpse.eval.LongTailAccuracy;
import glimpse.eval.MeanCi;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.nn.Devices;
import glimpse.experiment.ResultCache;
import glimpse.eval.ResultRow;
import glimpse.train.BatchSource;
import glimpse.train.Predict;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One long-tail experiment: a long-tailed training set, a Conv-4 classifier trained by the shared
 * trainer with one of the {@link TwoStreamLoss.Mode}s and {@link ClassLoss}es, evaluated on the
 * balanced test set overall and per group, once per seed.
 *
 * <pre>{@code
 * var cfg = BatchFormerExperiment.Config.fashionMnist(100).withMode(TwoStreamLoss.Mode.SHARED_CLASSIFIER);
 * BatchFormerExperiment.Result r = BatchFormerExperiment.run(cfg);
 * r.overall();            // mean over seeds ± Student-t CI (df = seeds − 1)
 * r.group("tail");        // head/middle/tail thirds; many/medium/few too where they apply
 * }</pre>
 */
public final class BatchFormerExperiment {
    private BatchFormerExperiment() {}

    /**
     * Everything that decides a result (it keys the result cache).
     *
     * @param dataset             manifest id; its "train" and "test" splits are used
     * @param imbalance           ρ of the exponential profile; 0 = use the training split as it is (ImageNet-LT)
     * @param maxPerClass         n_max of the profile
     * @param subsetSeed          which images the long-tailed subset keeps (fixed across seeds and methods)
     * @param testPerClass        balanced test images per class (0 = the whole test split)
     * @param loss                cross-entropy or balanced softmax
     * @param mode                baseline, BatchFormer with shared classifier, or the no-shared-classifier ablation
     * @param encoder             BatchFormer layers, heads, dropout
     * @param backboneWidth       Conv-4 channels (= feature width C for 28×28 inputs)
     * @param steps               training steps per seed
     * @param batchSize           images per step (the sequence length BatchFormer sees)
     * @param learningRate        Adam base learning rate (cosine schedule)
     * @param encoderLrMultiplier the encoder's learning-rate factor (paper: 0.1)
     * @param weightDecay         L2 on all parameters
     * @param seeds               one training run per seed (initialisation, batch order, dropout)
     */
    public record Config(String dataset, double imbalance, int maxPerClass, long subsetSeed, int testPerClass,
                         ClassLoss loss, TwoStreamLoss.Mode mode, BatchFormer.Settings encoder, int backboneWidth,
                         int steps, int batchSize, float learningRate, float encoderLrMultiplier, float weightDecay,
                         List<Long> seeds) {
        public Config {
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) throw new IllegalArgumentException("at least one seed");
            if (imbalance != 0 && imbalance < 1) throw new IllegalArgumentException("imbalance must be 0 (as is) or >= 1, not " + imbalance);
        }

        /**
         * Fashion-MNIST-LT with n_max = 500 (CIFAR-100-LT's head size), so ρ = 100 leaves 5 images in
         * the tail class and the paper's many/medium/few groups are all populated; a balanced test
         * set of 300 images per class; Conv-4 with 32 channels (C = 32, so one attention head by the
         * paper's rule), 100 steps of batch 128, Adam 2e-3 with cosine decay, 3 seeds. Sized for
         * a 2-core CPU.
         */
        public static Config fashionMnist(double imbalance) {
            return new Config("fashion-mnist", imbalance, 500, 0, 300, ClassLoss.CROSS_ENTROPY, TwoStreamLoss.Mode.NONE,
                    BatchFormer.Settings.paper(), 32, 100, 128, 2e-3f, 0.1f, 5e-4f, List.of(1L, 2L, 3L));
        }

        public Config withImbalance(double v) { return new Config(dataset, v, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withMaxPerClass(int v) { return new Config(dataset, imbalance, v, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withTestPerClass(int v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, v, loss, mode, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withLoss(ClassLoss v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, v, mode, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withMode(TwoStreamLoss.Mode v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, v, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withEncoder(BatchFormer.Settings v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, v, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withBackboneWidth(int v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, v, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withSteps(int v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, v, batchSize, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withBatchSize(int v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, v, learningRate, encoderLrMultiplier, weightDecay, seeds); }
        public Config withLearningRate(float v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, batchSize, v, encoderLrMultiplier, weightDecay, seeds); }
        public Config withEncoderLrMultiplier(float v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, batchSize, learningRate, v, weightDecay, seeds); }
        public Config withWeightDecay(float v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, v, seeds); }
        public Config withSeeds(List<Long> v) { return new Config(dataset, imbalance, maxPerClass, subsetSeed, testPerClass, loss, mode, encoder, backboneWidth, steps, batchSize, learningRate, encoderLrMultiplier, weightDecay, v); }
        /** Seeds 1..count. */
        public Config withSeeds(int count) { return withSeeds(java.util.stream.LongStream.rangeClosed(1, count).boxed().toList()); }

        /** A short name for tables: "CE", "CE + BatchFormer", "BalSoftmax + BatchFormer (no shared cls)". */
        public String method() {
            String base = loss == ClassLoss.CROSS_ENTROPY ? "CE" : "BalSoftmax";
            return switch (mode) {
                case NONE -> base;
                case SHARED_CLASSIFIER -> base + " + BatchFormer";
                case NO_SHARED_CLASSIFIER -> base + " + BatchFormer (no shared cls)";
            };
        }

        /** The setting column of a results table, e.g. "ρ=100". */
        public String setting() { return imbalance == 0 ? "as released" : "ρ=" + (imbalance == Math.rint(imbalance) ? String.valueOf((long) imbalance) : String.valueOf(imbalance)); }
    }

    /**
     * One seed's numbers.
     *
     * @param groups group name → accuracy: head/middle/tail thirds always, many/medium/few where populated
     */
    public record SeedResult(long seed, double overall, Map<String, Double> groups, double[] perClass, float finalLoss,
                             double wallSeconds, double imagesPerSecond) {}

    /**
     * The first layer's head-averaged attention over one training batch of the first seed's trained
     * model (inference mode), rows and columns ordered by class (head class first).
     */
    public record Attention(double[][] matrix, int[] labels) {
        /** Mean over rows of the attention mass a sample puts on samples of its own class. */
        public double sameClassMass() {
            double s = 0;
            for (int i = 0; i < labels.length; i++)
                for (int j = 0; j < labels.length; j++) if (labels[j] == labels[i]) s += matrix[i][j];
            return s / labels.length;
        }

        /** The same quantity for uniform attention: mean over rows of (own-class samples in the batch) / N. */
        public double sameClassChance() {
            double s = 0;
            for (int i = 0; i < labels.length; i++) {
                int same = 0;
                for (int y : labels) if (y == labels[i]) same++;
                s += same / (double) labels.length;
            }
            return s / labels.length;
        }

        /** "class 0 ×52, class 1 ×31, …": how the ordered rows split into classes. */
        public String classRuns() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < labels.length; ) {
                int j = i;
                while (j < labels.length && labels[j] == labels[i]) j++;
                if (sb.length() > 0) sb.append(", ");
                sb.append("class ").append(labels[i]).append(" ×").append(j - i);
                i = j;
            }
            return sb.toString();
        }
    }

    /**
     * @param trainCounts training images per class after subsampling
     * @param attention   null when the run has no encoder
     */
    public record Result(Config config, int[] trainCounts, List<String> groupNames, List<SeedResult> perSeed, Attention attention) {

        public double[] values(String metric) {
            return perSeed.stream().mapToDouble(s -> metric.equals("overall") ? s.overall() : groupOrThrow(s, metric)).toArray();
        }

        private double groupOrThrow(SeedResult s, String g) {
            Double v = s.groups().get(g);
            if (v == null) throw new IllegalArgumentException("no metric '" + g + "'; this result has overall and " + s.groups().keySet());
            return v;
        }

        /** Mean over seeds ± Student-t 95% CI (df = seeds − 1): the interval includes seed-to-seed variation. */
        public MeanCi overall() { return MeanCi.overSeeds(values("overall")); }
        public MeanCi group(String name) { return MeanCi.overSeeds(values(name)); }

        /** Balanced test images behind each seed's overall accuracy; 0 when the whole test split was used (size not recorded). */
        public int testImages() { return config.testPerClass() * trainCounts.length; }

        /**
         * For reference only: one seed's within-run 95% CI of its overall accuracy, over the test images
         * (binomial, 1.96·√(p(1−p)/n)); it says nothing about another training run. NaN CI when the
         * test-set size is not known.
         */
        public MeanCi withinRunOverall(int seedIndex) {
            double p = perSeed.get(seedIndex).overall();
            int n = testImages();
            return new MeanCi(p, n == 0 ? Double.NaN : 1.96 * Math.sqrt(p * (1 - p) / n), n);
        }

        /** Mean per-class accuracy over seeds. */
        public double[] perClassMean() {
            double[] m = new double[trainCounts.length];
            for (SeedResult s : perSeed) for (int c = 0; c < m.length; c++) m[c] += s.perClass()[c] / perSeed.size();
            return m;
        }

        /** One results-table row per seed and metric (overall and every group). */
        public List<ResultRow> rows() {
            List<ResultRow> out = new ArrayList<>();
            List<String> metrics = new ArrayList<>(List.of("overall"));
            metrics.addAll(groupNames);
            for (SeedResult s : perSeed)
                for (String metric : metrics)
                    out.add(new ResultRow(config.method(), config.dataset() + "-LT", config.setting(), s.seed(), metric,
                            metric.equals("overall") ? s.overall() : s.groups().get(metric), Double.NaN, s.wallSeconds()));
            return out;
        }
    }

    /** {@link #run(Config)} through the on-disk result cache (GLIMPSE_RECOMPUTE=1 forces a rerun). */
    public static Result runCached(Config config) {
        return ResultCache.getOrCompute("batchformer", config, Result.class, () -> run(config));
    }

    /** Runs every seed of {@code config}; prints one line per seed. */
    public static Result run(Config config) {
        ImageSet fullTrain = Datasets.load(config.dataset()).split("train");
        ImageSet train = config.imbalance() == 0 ? fullTrain
                : new LongTail(config.imbalance(), config.maxPerClass(), config.subsetSeed()).apply(fullTrain);
        ImageSet fullTest = Datasets.load(config.dataset()).split("test");
        ImageSet test = config.testPerClass() == 0 ? fullTest : LongTail.balanced(fullTest, config.testPerClass(), 0);
        return run(config, train, test);
    }

    /** Runs on given training and test sets (tests and custom data); {@code config.dataset()} only names the rows. */
    public static Result run(Config config, ImageSet train, ImageSet test) {
        int[] counts = train.countsPerClass();
        ClassGroups thirds = ClassGroups.thirds(counts);
        ClassGroups shots = ClassGroups.shotsApply(counts) ? ClassGroups.shots(counts) : null;
        List<String> groupNames = new ArrayList<>(thirds.names());
        if (shots != null) groupNames.addAll(shots.names());
        List<SeedResult> seeds = new ArrayList<>();
        Attention attention = null;
        int[] labels = test.labels();
        for (long seed : config.seeds()) {
            try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
                BatchFormerNet net = newNet(config, train.classCount());
                TrainConfig tc = trainConfig(config, seed);
                TrainResult tr = TrainLoop.fit(manager, net, BatchSource.shuffled(train, config.batchSize(), seed), tc,
                        TwoStreamLoss.of(net, config.mode(), config.loss(), counts));
                int[] predicted = Predict.argmax(Predict.outputs(manager, net, test, 500));
                LongTailAccuracy byThirds = LongTailAccuracy.of(predicted, labels, counts, thirds);
                Map<String, Double> groups = new LinkedHashMap<>(byThirds.byGroup());
                if (shots != null) groups.putAll(LongTailAccuracy.of(predicted, labels, counts, shots).byGroup());
                SeedResult s = new SeedResult(seed, byThirds.overall(), groups, byThirds.perClass(), tr.finalLoss(), tr.wallSeconds(), tr.imagesPerSecond());
                seeds.add(s);
                if (attention == null && net.encoder().isPresent()) attention = attentionPicture(manager, net, train, config, seed);
                System.out.print(String.format("%s %s seed %d: overall %.2f%%, head %.2f%%, tail %.2f%% (%.1f s, %.0f img/s)%n", config.method(),
                        config.setting(), seed, 100 * s.overall(), 100 * groups.get("head"), 100 * groups.get("tail"),
                        tr.wallSeconds(), tr.imagesPerSecond()));
            }
        }
        return new Result(config, counts, groupNames, seeds, attention);
    }

    /** The model: Conv-4 features, a linear classifier, and the encoder when the mode uses one. */
    public static BatchFormerNet newNet(Config config, int classes) {
        return new BatchFormerNet(Conv4.build(config.backboneWidth(), Conv4.Output.FLATTEN), Blocks.linearHead(classes),
                config.mode().usesEncoder() ? new BatchFormer(config.backboneWidth(), config.encoder()) : null);
    }

    /** Adam with cosine decay; the encoder at {@code encoderLrMultiplier} × lr, as in the paper. */
    public static TrainConfig trainConfig(Config config, long seed) {
        return TrainConfig.builder().steps(config.steps()).batchSize(config.batchSize()).adam(config.learningRate())
                .weightDecay(config.weightDecay()).cosine().group(BatchFormerNet.ENCODER_PREFIX, config.encoderLrMultiplier())
                .seed(seed).logEvery(0).build();
    }

    /** Attention over one class-sorted training batch (seeded by the run's seed), in inference mode. */
    static Attention attentionPicture(NDManager manager, BatchFormerNet net, ImageSet train, Config config, long seed) {
        int n = Math.min(config.batchSize(), train.size());
        int[] perm = Draws.permutation(train.size(), Seeds.attentionBatch(seed));
        Integer[] batch = Arrays.stream(Arrays.copyOf(perm, n)).boxed().toArray(Integer[]::new);
        Arrays.sort(batch, java.util.Comparator.comparingInt((Integer i) -> train.label(i)).thenComparingInt(i -> i));
        int[] idx = Arrays.stream(batch).mapToInt(Integer::intValue).toArray();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray features = net.backbone().forward(ps, new NDList(train.toTensor(m, idx)), false).head();
            BatchFormer bf = (BatchFormer) net.encoder().orElseThrow();
            float[] flat = bf.attention(ps, features).toFloatArray();
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = flat[i * n + j];
            return new Attention(a, Arrays.stream(idx).map(train::label).toArray());
        }
    }
}
