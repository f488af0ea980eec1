package glimpse.data.sampling;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Meta-Dataset's episode shapes (Triantafillou et al., arXiv 1903.03096, §3.2 "Sampling of
 * episodes"), the rules with their bounds. Of the split's classes C_split and images Im(c):
 * <ol>
 *   <li>ways N uniform in [{@code minWays}, min({@code maxWays}, |C_split|)], N classes uniformly without
 *       replacement (Step 1 for a dataset without a class hierarchy — see the simplification below);</li>
 *   <li>queries per class q = min({@code maxQueriesPerClass}, min over the chosen classes of ⌊|Im(c)| / 2⌋);</li>
 *   <li>support-set size |S| = min({@code maxSupport}, Σ_c ⌈β · min({@code maxSupportPerClass}, |Im(c)| − q)⌉),
 *       β uniform in (0, 1];</li>
 *   <li>shares R_c = exp(α_c)·|Im(c)| / Σ_c' exp(α_c')·|Im(c')|, α_c uniform in [log 0.5, log 2), and
 *       shots k_c = min(⌊R_c · (|S| − N)⌋ + 1, |Im(c)| − q): at least one each, the rest shared out
 *       roughly in proportion to class size with noise.</li>
 * </ol>
 * {@link #PAPER} holds the paper's bounds (5, 50, 10, 500, 100); smaller bounds keep the same rules
 * for a smoke run.
 *
 * <p><b>Simplified:</b> for ILSVRC the paper's Step 1 is hierarchy-aware — it picks an internal node
 * of the split's WordNet sub-graph and takes the leaves under it (at most 50, at least 5), so an
 * episode's classes are semantically related and its way follows from the node. Here classes are
 * drawn uniformly for every dataset, as the paper does for datasets without a hierarchy: episodes are
 * on average easier (less fine-grained) than Meta-Dataset's ILSVRC episodes, and ways are uniform
 * instead of following the node-size distribution.
 */
public record VariableEpisodes(int minWays, int maxWays, int maxQueriesPerClass, int maxSupport, int maxSupportPerClass) {

    /** The paper's bounds (arXiv 1903.03096 §3.2): 5..50 ways, ≤ 10 queries per class, ≤ 500 supports, ≤ 100 per class in the budget. */
    public static final VariableEpisodes PAPER = new VariableEpisodes(5, 50, 10, 500, 100);

    public VariableEpisodes {
        if (minWays < 2 || maxWays < minWays || maxQueriesPerClass < 1 || maxSupportPerClass < 1 || maxSupport < maxWays)
            throw new IllegalArgumentException("variable episodes need 2 <= minWays <= maxWays <= maxSupport and positive query and per-class bounds, not "
                    + toStringOf(minWays, maxWays, maxQueriesPerClass, maxSupport, maxSupportPerClass));
    }

    private static String toStringOf(int a, int b, int q, int s, int k) { return "ways " + a + ".." + b + ", queries <= " + q + ", support <= " + s + " (<= " + k + " per class)"; }

    /** Step 1: N uniform in [minWays, min(maxWays, classes)]. */
    public int ways(int classes, RandomGenerator rng) {
        if (classes < minWays)
            throw new IllegalArgumentException("a split of " + classes + " classes is too small for episodes of at least " + minWays + " ways");
        int most = Math.min(maxWays, classes);
        return minWays + rng.nextInt(most - minWays + 1);
    }

    /** q = min(maxQueriesPerClass, min_c ⌊|Im(c)| / 2⌋) over the chosen classes' image counts. */
    public int queriesPerClass(int[] sizes) {
        int q = maxQueriesPerClass;
        for (int n : sizes) q = Math.min(q, n / 2);
        if (q < 1) throw new IllegalArgumentException("a class of fewer than 2 images cannot be in a variable episode: " + Arrays.toString(sizes));
        return q;
    }

    /** |S| = min(maxSupport, Σ_c ⌈β · min(maxSupportPerClass, |Im(c)| − q)⌉) for β in (0, 1]. */
    public int supportBudget(int[] sizes, int q, double beta) {
        if (!(beta > 0 && beta <= 1)) throw new IllegalArgumentException("beta must lie in (0, 1], not " + beta);
        long sum = 0;
        for (int n : sizes) sum += (long) Math.ceil(beta * Math.min(maxSupportPerClass, n - q));
        return (int) Math.min(maxSupport, sum);
    }

    /** k_c = min(⌊R_c · (|S| − N)⌋ + 1, |Im(c)| − q), R_c ∝ exp(α_c)·|Im(c)|. */
    public static int[] shots(int[] sizes, int q, int budget, double[] alpha) {
        int n = sizes.length;
        if (alpha.length != n) throw new IllegalArgumentException(alpha.length + " noise values for " + n + " classes");
        double[] w = new double[n];
        double total = 0;
        for (int c = 0; c < n; c++) { w[c] = Math.exp(alpha[c]) * sizes[c]; total += w[c]; }
        int[] k = new int[n];
        for (int c = 0; c < n; c++) k[c] = (int) Math.min(Math.floor(w[c] / total * (budget - n)) + 1, sizes[c] - q);
        return k;
    }

    /**
     * One episode over the split whose images of class c are {@code byClass[c]}: the draws in order —
     * N, the N classes, β, the N values α_c, then each class's k_c + q images (its supports first).
     */
    public Episode sample(int[][] byClass, RandomGenerator rng) {
        int ways = ways(byClass.length, rng);
        int[] classes = Draws.sample(byClass.length, ways, rng);
        int[] sizes = new int[ways];
        for (int c = 0; c < ways; c++) sizes[c] = byClass[classes[c]].length;
        int q = queriesPerClass(sizes);
        double beta = 1 - rng.nextDouble();                           // (0, 1]
        int budget = supportBudget(sizes, q, beta);
        double[] alpha = new double[ways];
        double lo = Math.log(0.5), hi = Math.log(2);
        for (int c = 0; c < ways; c++) alpha[c] = lo + (hi - lo) * rng.nextDouble();
        int[] k = shots(sizes, q, budget, alpha);
        int[][] s = new int[ways][], qs = new int[ways][];
        for (int c = 0; c < ways; c++) {
            int[] picked = Draws.sample(byClass[classes[c]], k[c] + q, rng);
            s[c] = Arrays.copyOfRange(picked, 0, k[c]);
            qs[c] = Arrays.copyOfRange(picked, k[c], k[c] + q);
        }
        return Episode.of(classes, s, qs);
    }

    /** Mean sizes of an episode: supports |S|, queries N·q, and |S|·q (what a SimCLR episode with q queries per class adds). */
    public record MeanShape(double supports, double queries, double supportsTimesQueries) {}

    /**
     * The mean shape of {@code episodes} episodes over {@code classes} classes of {@code imagesPerClass}
     * images each, drawn from stream {@code seed} (for cost estimates before any data is read).
     */
    public MeanShape meanShape(int classes, int imagesPerClass, int episodes, long seed) {
        int[][] byClass = new int[classes][imagesPerClass];
        for (int c = 0; c < classes; c++) for (int i = 0; i < imagesPerClass; i++) byClass[c][i] = c * imagesPerClass + i;
        java.util.SplittableRandom rng = Seeds.random(seed, MEAN_SHAPE_STREAM);
        double s = 0, q = 0, sq = 0;
        for (int e = 0; e < episodes; e++) {
            Episode ep = sample(byClass, rng);
            s += ep.support().length;
            q += ep.query().length;
            sq += (double) ep.support().length * ep.queriesPerClass();
        }
        return new MeanShape(s / episodes, q / episodes, sq / episodes);
    }

    /** The stream coordinate of {@link #meanShape}. */
    private static final long MEAN_SHAPE_STREAM = 0x3E7A_DA7AL;

    @Override public String toString() { return "Meta-Dataset episodes (" + toStringOf(minWays, maxWays, maxQueriesPerClass, maxSupport, maxSupportPerClass) + ")"; }
}
