package glimpse.eval;

/**
 * The mean of a seeds × episodes table of paired differences, d[s][e] = a − b for training seed s on
 * test episode e, where <b>both</b> the seeds and the episodes are samples: the same saved episodes are
 * scored for every seed, so their sampling error is shared by all seeds and the spread of the seeds'
 * means cannot show it. The two-way crossed random-effects model d = μ + α_s + β_e + ε_se gives
 * <pre>  Var(d̄) = σ²_seed/S + σ²_episode/E + σ²_residual/(S·E)</pre>
 * estimated from the ANOVA mean squares (MS_seed, MS_episode, MS_residual, on S−1, E−1 and (S−1)(E−1)
 * degrees of freedom) with every component truncated at zero:
 * <pre>  se² = [max(0, MS_seed − MS_res) + max(0, MS_episode − MS_res) + MS_res] / (S·E)</pre>
 * and the Satterthwaite degrees of freedom of that combination of mean squares. With identical episodes
 * in each seed it is the Student-t interval over seeds ({@link MeanCi#overSeeds}); with identical seeds,
 * the t interval over episodes.
 *
 * @param mean the grand mean
 * @param se   its standard error
 * @param df   Satterthwaite degrees of freedom, at least 1 (NaN where se is 0 or there is one seed)
 */
record CrossedMean(double mean, double se, double df, int seeds) {

    static CrossedMean of(double[][] d) {
        int s = d.length;
        if (s == 0) throw new IllegalArgumentException("no seeds");
        int e = d[0].length;
        if (e == 0) throw new IllegalArgumentException("no episodes");
        for (double[] row : d) if (row.length != e) throw new IllegalArgumentException("every seed needs the same episodes: " + row.length + " vs " + e);
        double grand = 0;
        double[] seedMean = new double[s], episodeMean = new double[e];
        for (int i = 0; i < s; i++) for (int j = 0; j < e; j++) {
            seedMean[i] += d[i][j] / e;
            episodeMean[j] += d[i][j] / s;
            grand += d[i][j] / ((double) s * e);
        }
        if (s < 2) return new CrossedMean(grand, Double.NaN, Double.NaN, s);
        double ssSeed = 0, ssEpisode = 0, ssResidual = 0;
        for (double m : seedMean) ssSeed += e * (m - grand) * (m - grand);
        for (double m : episodeMean) ssEpisode += s * (m - grand) * (m - grand);
        for (int i = 0; i < s; i++) for (int j = 0; j < e; j++) {
            double r = d[i][j] - seedMean[i] - episodeMean[j] + grand;
            ssResidual += r * r;
        }
        double dfSeed = s - 1, dfEpisode = e - 1, dfResidual = (s - 1.0) * (e - 1);
        double msSeed = ssSeed / dfSeed;
        double msEpisode = e > 1 ? ssEpisode / dfEpisode : 0, msResidual = e > 1 ? ssResidual / dfResidual : 0;
        // a component estimated below zero is zero: its mean square then drops out and the residual's coefficient rises
        double cSeed = msSeed > msResidual ? 1 : 0, cEpisode = msEpisode > msResidual ? 1 : 0, cResidual = 1 - cSeed - cEpisode;
        double total = cSeed * msSeed + cEpisode * msEpisode + cResidual * msResidual;
        if (total <= 0) return new CrossedMean(grand, 0, Double.NaN, s);
        double denominator = sq(cSeed * msSeed) / dfSeed + (e > 1 ? sq(cEpisode * msEpisode) / dfEpisode + sq(cResidual * msResidual) / dfResidual : 0);
        // with a negative coefficient Satterthwaite's df can fall below 1; t(0.975, 1) is the widest interval it gives
        return new CrossedMean(grand, Math.sqrt(total / ((double) s * e)), Math.max(1, total * total / denominator), s);
    }

    /** Half-width of the two-sided 95 % interval: t(0.975, df)·se; 0 where se is 0, NaN for one seed. */
    double ci95() {
        if (Double.isNaN(se) || se == 0) return se;
        return MeanCi.tQuantile975(df) * se;
    }

    private static double sq(double x) { return x * x; }
}
