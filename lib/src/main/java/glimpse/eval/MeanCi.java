package glimpse.eval;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean with the half-width of its 95% confidence interval. Two kinds, by what varies:
 * <ul>
 *   <li>{@link #of}/{@link #pairedDifference}: <b>within one training run</b>, over its test episodes
 *       (or test images): 1.96·s/√n, the few-shot literature's convention for hundreds of episodes. It
 *       says how well the saved episodes pin down <i>this</i> model's accuracy, not what another
 *       training run of the same recipe would give.</li>
 *   <li>{@link #overSeeds}/{@link #pairedOverSeeds}: <b>over training runs</b>, one value per seed
 *       (e.g. each seed's mean over the same saved episodes): Student-t, t(0.975, n−1)·s/√n. With 3
 *       seeds t(0.975, 2) = 4.30, so the interval is wide; that width is what a seed-to-seed
 *       difference of several points demands.</li>
 *   <li>{@link #overSeedsAndEpisodes}: <b>over training runs and the test episodes they share</b>: the
 *       seeds' spread alone misses the sampling error of the saved episodes, which every seed shares;
 *       verdicts of few-shot comparisons rest on this one.</li>
 * </ul>
 */
public record MeanCi(double mean, double ci95, int n) {

    /** Within one run: mean ± 1.96·s/√n over many values (episodes, test images); NaN CI for one value. */
    public static MeanCi of(double[] values) {
        int n = nonEmpty(values);
        double mean = mean(values);
        if (n == 1) return new MeanCi(mean, Double.NaN, 1);
        return new MeanCi(mean, 1.96 * sd(values, mean) / Math.sqrt(n), n);
    }

    /** Paired difference a[i] − b[i] over the same episodes, within one run (1.96·s/√n). */
    public static MeanCi pairedDifference(double[] a, double[] b) {
        return of(differences(a, b));
    }

    /**
     * Over training seeds: the mean of the seeds' values ± t(0.975, n−1)·s/√n, s their sample standard
     * deviation (df = n − 1). One seed has no interval (NaN).
     */
    public static MeanCi overSeeds(double[] seedMeans) {
        int n = nonEmpty(seedMeans);
        double mean = mean(seedMeans);
        if (n == 1) return new MeanCi(mean, Double.NaN, 1);
        return new MeanCi(mean, tQuantile975(n - 1) * sd(seedMeans, mean) / Math.sqrt(n), n);
    }

    /**
     * Over training seeds <b>and</b> the test episodes they share: {@code d[s][e]} per seed and episode, mean ± the
     * wider of two half-widths: t(0.975, df)·se of the two-way crossed random-effects model ({@link CrossedMean}),
     * which holds the sampling error of the saved episodes, common to every seed; and the t-interval over the
     * seeds' means ({@link #overSeeds}). Why both: simulated from the model (3 seeds, 30 or 400 shared episodes),
     * the seeds' interval alone excludes a true 0 in 13 % of tables where the episodes dominate, the crossed one
     * alone in up to 7.7 % where seeds and episodes weigh alike (Satterthwaite's df is optimistic on 2 seed df);
     * the wider of the two stayed at or below 5.1 % in every case tried. {@code n} is the seed count; one seed
     * has no interval (NaN).
     */
    public static MeanCi overSeedsAndEpisodes(double[][] d) {
        CrossedMean m = CrossedMean.of(d);
        if (m.seeds() < 2) return new MeanCi(m.mean(), Double.NaN, m.seeds());
        return new MeanCi(m.mean(), Math.max(m.ci95(), overSeeds(seedMeans(d)).ci95()), m.seeds());
    }

    /** Each seed's mean over its episodes. */
    static double[] seedMeans(double[][] d) {
        double[] m = new double[d.length];
        for (int s = 0; s < d.length; s++) m[s] = mean(d[s]);
        return m;
    }

    /**
     * Paired over seeds: a[s] − b[s] for the same seeds (each a seed's mean over the same episodes),
     * then {@link #overSeeds} of those differences.
     */
    public static MeanCi pairedOverSeeds(double[] a, double[] b) {
        return overSeeds(differences(a, b));
    }

    /** t(0.975, df), the two-sided 95% Student-t quantile (commons-math3); 12.706 for df 1, 4.303 for 2 (df may be fractional). */
    public static double tQuantile975(double df) {
        if (df < 1) throw new IllegalArgumentException("degrees of freedom must be >= 1, not " + df);
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    /** True when the interval excludes zero: the difference is significant at the 5% level. */
    public boolean excludesZero() { return !Double.isNaN(ci95) && Math.abs(mean) > ci95; }

    @Override public String toString() {
        return Double.isNaN(ci95) ? String.format("%.4f", mean) : String.format("%.4f ± %.4f", mean, ci95);
    }

    private static int nonEmpty(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("no values");
        return values.length;
    }

    private static double mean(double[] values) {
        double m = 0;
        for (double v : values) m += v;
        return m / values.length;
    }

    private static double sd(double[] values, double mean) {
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        return Math.sqrt(ss / (values.length - 1));
    }

    private static double[] differences(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }
}
