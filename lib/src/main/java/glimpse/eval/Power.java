package glimpse.eval;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * How large a true difference a paired comparison over training seeds could have detected. For a
 * two-sided paired t-test at α = 0.05 with 80 % power, n seeds and standard deviation s of the
 * per-seed differences, the minimal detectable difference is
 * <pre>  MDD = (t(0.975, n−1) + t(0.80, n−1)) · s / √n</pre>
 * the usual central-t approximation (the exact value solves a noncentral-t equation and is slightly
 * larger for small n). The observed s stands in for the true spread, so with 3 seeds the MDD is
 * itself uncertain; it says what this run could have seen, not what the recipe can.
 */
public final class Power {
    private Power() {}

    public static final double ALPHA = 0.05;
    public static final double POWER = 0.80;

    /** MDD for n seeds and sample SD s of the paired differences; NaN for n &lt; 2 (no spread observed), 0 for s = 0. */
    public static double minimalDetectableDifference(int n, double sd) {
        if (n < 1) throw new IllegalArgumentException("need at least one seed, not " + n);
        if (sd < 0 || Double.isNaN(sd)) throw new IllegalArgumentException("standard deviation must be ≥ 0, not " + sd);
        if (n < 2) return Double.NaN;
        return ofStandardError(sd / Math.sqrt(n), n - 1);
    }

    /** (t(1 − α/2, df) + t(power, df))·se: the MDD of a t-test on a difference with standard error se and df degrees of freedom. */
    static double ofStandardError(double se, double df) {
        TDistribution t = new TDistribution(null, df);
        return (t.inverseCumulativeProbability(1 - ALPHA / 2) + t.inverseCumulativeProbability(POWER)) * se;
    }

    /**
     * MDD of a seeds × shared-episodes table of paired differences, for the test {@link MeanCi#overSeedsAndEpisodes}
     * makes: the larger of (t(0.975, df) + t(0.80, df))·se with the crossed model's se and Satterthwaite df
     * ({@link CrossedMean}) and the MDD of the seeds' means; NaN for one seed, 0 where every difference is the same.
     */
    public static double minimalDetectableDifference(double[][] d) {
        CrossedMean m = CrossedMean.of(d);
        if (Double.isNaN(m.se())) return Double.NaN;
        double seeds = minimalDetectableDifference(MeanCi.seedMeans(d));
        if (m.se() == 0) return seeds;
        return Math.max(seeds, ofStandardError(m.se(), m.df()));
    }

    /** MDD of the paired differences themselves (their sample SD). */
    public static double minimalDetectableDifference(double[] differences) {
        int n = differences.length;
        if (n < 2) return minimalDetectableDifference(Math.max(n, 1), 0);
        double m = 0, ss = 0;
        for (double d : differences) m += d / n;
        for (double d : differences) ss += (d - m) * (d - m);
        return minimalDetectableDifference(n, Math.sqrt(ss / (n - 1)));
    }
}
