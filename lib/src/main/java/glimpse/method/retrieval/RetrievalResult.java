package glimpse.method.retrieval;

import glimpse.eval.Convergence;
import glimpse.eval.MapAtR;
import glimpse.eval.MeanCi;
import glimpse.eval.RecallAtK;

import java.util.List;
import java.util.Map;

/**
 * What an IRT experiment measured per training seed, on the same test queries for every seed and
 * every recipe of the same data (so differences pair query by query and seed by seed).
 *
 * @param queries       test images, each a query against the others
 * @param shownQueries  a fixed draw of queries (the same for every recipe on the same data) ...
 * @param shownTop      ... and, for the first seed, each one's nearest gallery items (test indices, best first)
 */
public record RetrievalResult(String label, String variant, String descriptor, String data, String memory, int queries,
                              int[] shownQueries, int[][] shownTop, List<SeedResult> perSeed, int memoryCapacity, int trainImages, int batchSize) {

    /** A result whose memory and training set sizes were not recorded (tests). */
    public RetrievalResult(String label, String variant, String descriptor, String data, String memory, int queries,
                           int[] shownQueries, int[][] shownTop, List<SeedResult> perSeed) {
        this(label, variant, descriptor, data, memory, queries, shownQueries, shownTop, perSeed, 0, 0, 0);
    }

    /**
     * The first fine-tuning step at which the memory holds {@link #memoryCapacity} entries (1-based:
     * ⌈capacity / batch⌉); 0 without a memory or without recorded sizes.
     */
    public int memoryFullAtStep() { return memoryCapacity == 0 || batchSize == 0 ? 0 : (memoryCapacity + batchSize - 1) / batchSize; }

    /**
     * The memory in words: "2000 entries = the training set of 2000 images, full from step 63 of 300"
     * (or "never full: 40 steps × 32 put 1280 in") or "none".
     */
    public String memoryFill() {
        if (memoryCapacity == 0) return "no memory";
        int steps = perSeed.get(0).steps(), fullAt = memoryFullAtStep();
        String size = memoryCapacity + " entries " + (memoryCapacity == trainImages ? "= the training set's " + trainImages + " images"
                : "for a training set of " + trainImages + " images");
        return size + (fullAt <= steps ? ", full from step " + fullAt + " of " + steps
                : ", never full: " + steps + " steps × " + batchSize + " put " + (long) steps * batchSize + " in");
    }

    /**
     * One seed. {@code firstHitRank} is {@link RecallAtK}'s per-query rank of the first same-class
     * item; {@code apAtR} {@link MapAtR}'s per-query AP@R; {@code energy} the cumulative energy of the
     * test descriptors' principal components ({@link glimpse.eval.SpectrumEnergy}); losses thinned
     * to at most 200 points (empty for IRT_O, which does not train); {@code pca} the same scores of
     * the descriptor projected by PCA to fewer dimensions, one entry per {@link RetrievalSpec#pcaDims}.
     */
    public record SeedResult(long seed, int[] firstHitRank, double[] apAtR, double[] energy, float[] losses,
                             Map<String, float[]> terms, double wallSeconds, double imagesPerSecond, List<Projected> pca, int steps) {
        public SeedResult { pca = List.copyOf(pca); }

        /** A seed without PCA scores, its steps the length of its loss curve (tests). */
        public SeedResult(long seed, int[] firstHitRank, double[] apAtR, double[] energy, float[] losses,
                          Map<String, float[]> terms, double wallSeconds, double imagesPerSecond) {
            this(seed, firstHitRank, apAtR, energy, losses, terms, wallSeconds, imagesPerSecond, List.of(), losses == null ? 0 : losses.length);
        }

        public RecallAtK recall() { return new RecallAtK(firstHitRank); }

        /**
         * Whether this seed's fine-tuning had settled: the quarter test ({@link Convergence}) on Eq. 1
         * per pair ({@link RetrievalLoss#PER_PAIR}; the total loss where that was not recorded), over the
         * logged steps from the first at which the memory was full — a sum over a filling memory grows
         * whatever the network does, and a per-pair mean still drifts while the memory's make-up changes.
         * A memory that never fills leaves nothing to judge ({@link Convergence.Status#TOO_SHORT}).
         * IRT_O (no training) is {@link Convergence.Status#NOT_TRAINED}.
         */
        public Convergence convergence() {
            if (losses == null || losses.length == 0) return Convergence.of(losses);
            float[] curve = terms.getOrDefault(RetrievalLoss.PER_PAIR, losses), fill = terms.get(RetrievalLoss.MEMORY_FILL);
            int from = 0;
            if (fill != null) {
                while (from < fill.length && !(fill[from] >= 1f)) from++;
                if (from == fill.length) return new Convergence(Convergence.Status.TOO_SHORT, Double.NaN, Double.NaN, Double.NaN);
            }
            return Convergence.of(java.util.Arrays.copyOfRange(curve, from, curve.length));
        }

        /** The mean of the last quarter of a recorded curve ({@code name}: a term or monitor; NaN when absent). */
        public double lastQuarter(String name) {
            float[] c = terms.get(name);
            if (c == null || c.length == 0) return Double.NaN;
            double s = 0;
            int n = 0;
            for (int i = c.length - Math.max(1, c.length / 4); i < c.length; i++) if (Float.isFinite(c[i])) { s += c[i]; n++; }
            return n == 0 ? Double.NaN : s / n;
        }
    }

    /** Over its seeds, the fine-tuning that settled least ({@link Convergence#worst}; IRT_O: not trained). */
    public Convergence convergence() { return Convergence.worst(perSeed.stream().map(SeedResult::convergence).toList()); }

    /** The scores of the descriptor after PCA to {@code dims} dimensions and L2 normalisation (same queries). */
    public record Projected(int dims, int[] firstHitRank, double[] apAtR, double[] energy) {}

    /** The dimensions this result was also scored at after PCA (the same for every seed). */
    public List<Integer> pcaDims() { return perSeed.get(0).pca().stream().map(Projected::dims).toList(); }

    /**
     * This result read through PCA to {@code dims} dimensions: the same recipe, network and seeds,
     * labelled "…, PCA d", so that tables and paired differences against the full descriptor apply.
     */
    public RetrievalResult projected(int dims) {
        if (!pcaDims().contains(dims))
            throw new IllegalArgumentException(label + " was scored after PCA to " + pcaDims() + " dimensions, not " + dims + "; add it with spec.with(b -> b.pca(...))");
        List<SeedResult> seeds = perSeed.stream().map(s -> {
            Projected p = s.pca().stream().filter(x -> x.dims() == dims).findFirst().orElseThrow();
            return new SeedResult(s.seed(), p.firstHitRank(), p.apAtR(), p.energy(), s.losses(), s.terms(), s.wallSeconds(), s.imagesPerSecond(), List.of(), s.steps());
        }).toList();
        return new RetrievalResult(label + ", PCA " + dims, variant, descriptor + "→PCA " + dims, data, memory, queries, shownQueries, shownTop, seeds,
                memoryCapacity, trainImages, batchSize);
    }

    /**
     * The seeds of one recipe run as separate experiments (one per seed, each cached and resumable on
     * its own, so they can run on different machines) joined into one result; the shown neighbours are the first's.
     */
    public static RetrievalResult ofSeeds(List<RetrievalResult> oneSeedEach) {
        RetrievalResult first = oneSeedEach.get(0);
        for (RetrievalResult r : oneSeedEach)
            if (!r.label.equals(first.label) || !r.data.equals(first.data) || r.queries != first.queries)
                throw new IllegalArgumentException("join the seeds of one recipe on one data set: " + r.label + " on " + r.data + " vs " + first.label + " on " + first.data);
        return new RetrievalResult(first.label, first.variant, first.descriptor, first.data, first.memory, first.queries, first.shownQueries, first.shownTop,
                oneSeedEach.stream().flatMap(r -> r.perSeed.stream()).toList(), first.memoryCapacity, first.trainImages, first.batchSize);
    }

    public List<Long> seeds() { return perSeed.stream().map(SeedResult::seed).toList(); }

    /** Recall@K per seed. */
    public double[] recallPerSeed(int k) { return perSeed.stream().mapToDouble(s -> s.recall().at(k)).toArray(); }

    /** Recall@K, mean over seeds ± Student-t 95% CI. */
    public MeanCi recall(int k) { return MeanCi.overSeeds(recallPerSeed(k)); }

    /** MAP@R per seed. */
    public double[] mapPerSeed() { return perSeed.stream().mapToDouble(s -> new MapAtR(s.apAtR()).mean()).toArray(); }

    public MeanCi mapAtR() { return MeanCi.overSeeds(mapPerSeed()); }

    /** The cumulative energy curve averaged over seeds. */
    public double[] meanEnergy() {
        double[] m = new double[perSeed.get(0).energy().length];
        for (SeedResult s : perSeed) for (int i = 0; i < m.length; i++) m[i] += s.energy()[i] / perSeed.size();
        return m;
    }

    /** The share of the variance in the first {@code k} components, per seed. */
    public double[] energyPerSeed(int k) { return perSeed.stream().mapToDouble(s -> s.energy()[k - 1]).toArray(); }

    /** Training seconds summed over seeds (fine-tuning; pre-training is cached separately). */
    public double wallSeconds() { return perSeed.stream().mapToDouble(SeedResult::wallSeconds).sum(); }
}
