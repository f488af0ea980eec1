package glimpse.method.retrieval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.ImageSet;
import glimpse.data.RetrievalSplit;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.MPerClassBatches;
import glimpse.data.sampling.Seeds;
import glimpse.eval.MapAtR;
import glimpse.eval.Pca;
import glimpse.eval.RecallAtK;
import glimpse.eval.SpectrumEnergy;
import glimpse.experiment.Experiment;
import glimpse.nn.Devices;
import glimpse.pretrain.PretrainExperiment;
import glimpse.pretrain.PretrainSpec;
import glimpse.train.BatchSource;
import glimpse.train.Predict;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;
import glimpse.train.Weights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The IRT pipeline (El-Nouby et al., arXiv 2102.05644): (1) the cached classification pre-training
 * of the backbone ({@link PretrainExperiment}, one for every seed, shared with other notebooks); then per
 * training seed (2) IRT_O reads the pre-trained backbone as it is, IRT_L / IRT_R warm-start from it and fine-tune with {@link RetrievalLoss}
 * on {@link MPerClassBatches} through {@link TrainLoop#fit}, the {@link CrossBatchMemory} as the
 * run's {@link glimpse.train.TrainingState}; (3) describe every test image and score Recall@K and
 * MAP@R (the test set its own gallery, each query excluded) and the spectrum's cumulative energy.
 */
public final class RetrievalExperiment implements Experiment<RetrievalSpec, RetrievalResult> {
    public static final RetrievalExperiment INSTANCE = new RetrievalExperiment();
    /** Queries shown in pictures, and how many neighbours each. */
    public static final int SHOWN_QUERIES = 6, SHOWN_NEIGHBOURS = 8;
    /** Training images (evenly spaced over the set) whose descriptors fit the optional PCA. */
    public static final int PCA_FIT_IMAGES = 300;

    private RetrievalExperiment() {}

    @Override public String id() { return "irt-retrieval"; }
    @Override public Class<RetrievalResult> resultType() { return RetrievalResult.class; }

    @Override
    public RetrievalResult run(RetrievalSpec spec, RunCheckpoints checkpoints) {
        return run(spec, spec.data().images(), PretrainExperiment::weights, checkpoints);
    }

    /** On a given in-memory split, with {@code pretrained} giving each seed's stage-1 weights file (tests: uncached). */
    public static RetrievalResult run(RetrievalSpec spec, RetrievalSplit split, Function<PretrainSpec, Path> pretrained, RunCheckpoints checkpoints) {
        return run(spec, RetrievalImages.of(split), pretrained, checkpoints);
    }

    static RetrievalResult run(RetrievalSpec spec, RetrievalImages images, Function<PretrainSpec, Path> pretrained, RunCheckpoints checkpoints) {
        int[] queryLabels = images.queryLabels(), galleryLabels = images.selfGallery() ? queryLabels : images.galleryLabels();
        int[] shown = Draws.sample(queryLabels.length, Math.min(SHOWN_QUERIES, queryLabels.length), Seeds.random(0x51484F57L, queryLabels.length));   // "SHOW"
        int[][] shownTop = null;
        List<RetrievalResult.SeedResult> seeds = new ArrayList<>();
        Path weights = spec.pretraining() == null ? null : pretrained.apply(spec.pretrainSpec());   // one pre-training for every seed
        for (long seed : spec.seeds()) {
            try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
                RetrievalNet net = spec.descriptor().net(Math.toIntExact(images.inputShape().get(2)));
                TrainLoop.initialize(manager, net, seed, images.inputShape());
                if (spec.descriptor().imported()) spec.descriptor().loadImported(net);   // the paper's start: ImageNet weights
                TrainResult tr = null;
                if (spec.objective() == null) { if (weights != null) Weights.load(net.backbone(), weights); }   // IRT_O: the pre-trained backbone itself
                else tr = fineTune(spec, net, manager, images, seed, weights, checkpoints);
                float[][] q = images.embedQueries(manager, net), g = images.selfGallery() ? q : images.embedGallery(manager, net);
                RecallAtK recall = images.selfGallery() ? RecallAtK.selfGallery(q, queryLabels) : RecallAtK.queryGallery(q, queryLabels, g, galleryLabels);
                MapAtR map = images.selfGallery() ? MapAtR.selfGallery(q, queryLabels) : MapAtR.queryGallery(q, queryLabels, g, galleryLabels);
                if (shownTop == null) shownTop = nearest(q, g, images.selfGallery(), shown, SHOWN_NEIGHBOURS);
                var s = new RetrievalResult.SeedResult(seed, recall.firstHitRank(), map.perQuery(),
                        SpectrumEnergy.of(q).cumulative(), tr == null ? new float[0] : TrainResult.thin(tr.losses(), 200), thinned(tr),
                        tr == null ? 0 : tr.wallSeconds(), tr == null ? 0 : tr.imagesPerSecond(),
                        projected(spec.pcaDims(), manager, net, images, q, g, queryLabels, galleryLabels));
                seeds.add(s);
                glimpse.RunLog.line(String.format(java.util.Locale.ROOT, "%s on %s seed %d: R@1 %.2f%%, R@8 %.2f%%%s", spec.label(), images.name(), seed, 100 * recall.at(1), 100 * recall.at(8),
                        tr == null ? "" : String.format(" (%d steps, %.1f s, %.0f img/s)", tr.steps(), tr.wallSeconds(), tr.imagesPerSecond())));
            }
        }
        return new RetrievalResult(spec.label(), spec.variant(), spec.descriptor().label(), images.name(),
                spec.objective() == null ? "n/a" : spec.objective().memoryLabel(), queryLabels.length, shown, shownTop, seeds);
    }

    private static TrainResult fineTune(RetrievalSpec spec, RetrievalNet net, NDManager manager, RetrievalImages images, long seed, Path weights,
                                        RunCheckpoints checkpoints) {
        TrainConfig training = spec.training().with(b -> b.seed(seed));
        Objective o = spec.objective();
        int capacity = o.memoryCapacity(training.batchSize(), images.trainSize());
        int dim = Math.toIntExact(net.getOutputShapes(new Shape[] {images.inputShape()})[0].get(1));
        CrossBatchMemory memory = capacity == 0 ? null : new CrossBatchMemory(manager, capacity, dim);
        TrainLoop.Extras extras = memory == null ? TrainLoop.Extras.NONE : TrainLoop.Extras.states(memory);
        if (weights != null) extras = extras.startingFrom(m -> Weights.load(net.backbone(), weights));
        var order = new MPerClassBatches(images.trainLabels(), training.batchSize(), spec.perClass(), seed);
        BatchSource batches = images.trainBatches(order, training.batchSize(), seed);
        try {
            return TrainLoop.fit(manager, net, batches, checkpoints.next(training),
                    new RetrievalLoss(new ContrastiveLoss(o.margin()), o.koleoWeight(), memory).stepLoss(), extras);
        } finally {
            if (batches instanceof AutoCloseable c) {
                try { c.close(); } catch (Exception e) { throw new IllegalStateException("closing the training images' loader: " + e, e); }
            }
        }
    }

    /**
     * The query descriptors {@code q} (and gallery {@code g}, the same array for a self-gallery set)
     * after PCA to each of {@code dims}: the components fitted on the descriptors of up to
     * {@link #PCA_FIT_IMAGES} training images, evenly spaced (training data, not the queries, so the
     * test set stays unseen), the projections L2-normalised again and scored as the full ones.
     */
    static List<RetrievalResult.Projected> projected(List<Integer> dims, NDManager manager, RetrievalNet net, RetrievalImages images,
                                                     float[][] q, float[][] g, int[] queryLabels, int[] galleryLabels) {
        if (dims.isEmpty()) return List.of();
        int n = Math.min(PCA_FIT_IMAGES, images.trainSize());
        int[] fitImages = java.util.stream.IntStream.range(0, n).map(i -> (int) ((long) i * images.trainSize() / n)).toArray();
        Pca widest = Pca.fit(images.embedTrain(manager, net, fitImages), dims.stream().mapToInt(Integer::intValue).max().getAsInt());
        boolean self = q == g;
        List<RetrievalResult.Projected> out = new ArrayList<>();
        for (int d : dims) {
            Pca pca = new Pca(widest.mean(), java.util.Arrays.copyOf(widest.components(), d), widest.eigenvalues());
            float[][] pq = unitRows(pca.project(q)), pg = self ? pq : unitRows(pca.project(g));
            out.add(new RetrievalResult.Projected(d,
                    (self ? RecallAtK.selfGallery(pq, queryLabels) : RecallAtK.queryGallery(pq, queryLabels, pg, galleryLabels)).firstHitRank(),
                    (self ? MapAtR.selfGallery(pq, queryLabels) : MapAtR.queryGallery(pq, queryLabels, pg, galleryLabels)).perQuery(),
                    SpectrumEnergy.of(pq).cumulative()));
        }
        return out;
    }

    /** Each row divided by its Euclidean norm (a zero row stays zero). */
    static float[][] unitRows(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double n = 0;
            for (float v : x[i]) n += (double) v * v;
            double inv = n > 0 ? 1 / Math.sqrt(n) : 0;
            out[i] = new float[x[i].length];
            for (int k = 0; k < x[i].length; k++) out[i][k] = (float) (x[i][k] * inv);
        }
        return out;
    }

    private static Map<String, float[]> thinned(TrainResult tr) {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (tr != null) tr.termCurves().forEach((k, v) -> out.put(k, TrainResult.thin(v, 200)));
        return out;
    }

    /**
     * Each shown query's {@code k} nearest gallery items by cosine (rows are unit), best first; the
     * query itself excluded when the query set is its own gallery; of equal similarities the lower
     * index first, as {@link RecallAtK} ranks them.
     */
    static int[][] nearest(float[][] q, float[][] g, boolean self, int[] queries, int k) {
        int[][] out = new int[queries.length][];
        for (int n = 0; n < queries.length; n++) {
            int i = queries[n];
            double[] s = new double[g.length];
            for (int j = 0; j < g.length; j++) {
                double d = 0;
                for (int c = 0; c < q[i].length; c++) d += q[i][c] * g[j][c];
                s[j] = d;
            }
            out[n] = java.util.stream.IntStream.range(0, g.length).filter(j -> !self || j != i).boxed()
                    .sorted((a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b))
                    .limit(k).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
