package glimpse.eval;

/**
 * A mean with the half-width of its 95% confidence interval, 1.96·s/√n (s the sample standard
 * deviation), the convention of the few-shot literature for accuracies over episodes or seeds.
 */
public record MeanCi(double mean, double ci95, int n) {

    public static MeanCi of(double[] values) {
        int n = values.length;
        if (n == 0) throw new IllegalArgumentException("no values");
        double mean = 0;
        for (double v : values) mean += v;
        mean /= n;
        if (n == 1) return new MeanCi(mean, Double.NaN, 1);
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (n - 1));
        return new MeanCi(mean, 1.96 * sd / Math.sqrt(n), n);
    }

    /** Paired difference a[i] − b[i] over the same episodes or seeds. */
    public static MeanCi pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return of(d);
    }

    /** True when the interval excludes zero: the difference is significant at the 5% level. */
    public boolean excludesZero() { return !Double.isNaN(ci95) && Math.abs(mean) > ci95; }

    @Override public String toString() {
        return Double.isNaN(ci95) ? String.format("%.4f", mean) : String.format("%.4f ± %.4f", mean, ci95);
    }

    /** As a percentage with two decimals, e.g. "71.23 ± 0.84". */
    public String percent() {
        return Double.isNaN(ci95) ? String.format("%.2f", 100 * mean) : String.format("%.2f ± %.2f", 100 * mean, 100 * ci95);
    }
}
