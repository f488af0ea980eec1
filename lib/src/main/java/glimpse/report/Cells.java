package glimpse.report;

import glimpse.eval.MeanCi;
import glimpse.eval.Verdicts;

import java.util.Locale;

/**
 * The one way a number with its interval is written, in tables and in text alike: "mean ± CI".
 *
 * <p>The rule: the half-width is rounded to <b>two significant digits</b>, and the mean to the
 * <b>same decimal place</b> — 31.27 ± 3.21 → "31.3 ± 3.2", 34.1 ± 57 → "34 ± 57", 26.5 ± 0.98 →
 * "26.50 ± 0.98", 71.2345 ± 0.8412 → "71.23 ± 0.84". The decimals therefore differ between cells of
 * one table on purpose: each value carries as many digits as its own interval supports, and no more
 * (more would only be noise). Decimals are never negative (a CI of 157 prints "34 ± 157", not "0 ± 160")
 * and at most 2 for values in percent or percentage points, 4 for fractions. Rounding the CI may carry
 * into a third digit (0.996 → "1.00"), as the half-width is rounded at the place of its second digit.
 * Accuracies and their differences are always written in percent (pp for differences), never as
 * fractions, in text and in tables.
 */
public final class Cells {
    private Cells() {}

    /** Marks a paired difference whose Student-t CI over ≥ 2 training seeds excludes 0 ({@link Verdicts#decided}). */
    public static final String DECIDED = "✱";
    /** Marks a value from one training run: its interval is within that run (test episodes or images). */
    public static final String ONE_RUN = "†";

    public static final String LEGEND_DECIDED = DECIDED + " Student-t 95% CI over ≥ 2 training seeds excludes 0 (a verdict under glimpse.eval.Verdicts)";
    public static final String LEGEND_ONE_RUN = ONE_RUN + " one training run: the interval is within that run, no verdict";

    /** Decimals for an interval of half-width {@code ci}: two significant digits, between 0 and 2 (percent-scale values). */
    public static int decimals(double ci) { return decimals(ci, 2); }

    /**
     * Two significant digits of {@code ci}, between 0 and {@code max} decimals. Without an interval (or
     * a zero one): one decimal at percent scale (max 2), else all {@code max} decimals (0.7500).
     */
    public static int decimals(double ci, int max) {
        if (Double.isNaN(ci) || ci <= 0) return max <= 2 ? 1 : max;
        return (int) Math.max(0, Math.min(max, 1 - Math.floor(Math.log10(ci))));
    }

    /** "57.7 ± 4.9" (values already in display units, e.g. percent); the mean alone when the CI is NaN. */
    public static String meanCi(double mean, double ci) { return meanCi(mean, ci, 2); }

    /** {@link #meanCi(double, double)} with up to {@code maxDecimals} (4 for fractions such as 0.6123 ± 0.0210). */
    public static String meanCi(double mean, double ci, int maxDecimals) {
        int d = decimals(ci, maxDecimals);
        return Double.isNaN(ci) ? fixed(mean, d) : fixed(mean, d) + " ± " + fixed(ci, d);
    }

    /** A difference, signed: "+2.3 ± 1.1". */
    public static String signed(double mean, double ci) {
        int d = decimals(ci);
        String m = String.format(Locale.ROOT, "%+." + d + "f", mean);
        return Double.isNaN(ci) ? m : m + " ± " + fixed(ci, d);
    }

    /** A fraction's MeanCi in percent: "71.23 ± 0.84". */
    public static String percent(MeanCi m) { return meanCi(100 * m.mean(), 100 * m.ci95()); }

    /** A paired difference over seeds (fractions) in percentage points, marked {@value #DECIDED} where the one rule decides. */
    public static String difference(MeanCi overSeeds, int seeds) {
        return signed(100 * overSeeds.mean(), 100 * overSeeds.ci95()) + (Verdicts.decided(overSeeds, seeds) ? " " + DECIDED : "");
    }

    /** Each seed's value in a cell whose mean has interval {@code ci}, at the mean's decimals: "61.2 / 60.9 / 62.0". */
    public static String perSeed(double[] values, double ci) { return join(values, ci, "%."); }

    /** {@link #perSeed} for differences, signed: "+1.2 / -0.4". */
    public static String perSeedSigned(double[] values, double ci) { return join(values, ci, "%+."); }

    private static String join(double[] values, double ci, String flags) {
        String f = flags + decimals(ci) + "f";
        return String.join(" / ", java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, f, v)).toList());
    }

    private static String fixed(double v, int d) { return String.format(Locale.ROOT, "%." + d + "f", v); }
}
