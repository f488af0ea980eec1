package glimpse.report;

import glimpse.eval.Verdict;
import glimpse.method.batchformer.BatchAttention;

import java.util.Arrays;
import java.util.Locale;

/**
 * Notebook 03's "What we found" (BatchFormer, arXiv 2203.01522): the tail and overall gain, and what
 * the batch attention looks like (own-class mass against uniform; hub columns).
 */
public final class BatchFormerFindings {
    private BatchFormerFindings() {}

    /** The share of columns counted as the top ones when looking for hubs. */
    public static final double HUB_COLUMNS = 0.1;
    /** Hubs: the top columns take at least this many times their uniform share. */
    public static final double HUB_FACTOR = 2;

    /** + BatchFormer − the same loss without it, on one group ("tail", "overall"), with what the verdict allows. */
    public static String gain(String loss, String group, Verdict v) {
        return String.format(Locale.ROOT, "With %s, + BatchFormer changes %s accuracy at ρ = 100 by %s; %s.", loss, group, Findings.difference(v), Findings.reading(v));
    }

    /**
     * Training without the shared classifier and testing without the module: the official repository's
     * issue #7 reports that the model then breaks; does it here?
     *
     * @param noShareMinusShared overall accuracy, no shared classifier − shared classifier, paired by seed
     */
    public static String sharedClassifier(Verdict noShareMinusShared) {
        Boolean favoursNoShare = Findings.favoursA(noShareMinusShared);
        String what = Boolean.FALSE.equals(favoursNoShare) ? "removing the module breaks a model trained without the shared classifier here too, as issue #7 of the official repository reports"
                : Boolean.TRUE.equals(favoursNoShare) ? "the model without the shared classifier is better here, unlike what issue #7 of the official repository reports"
                : "this run does not show the break that issue #7 of the official repository reports (" + Findings.reading(noShareMinusShared) + ")";
        return "Without the shared classifier, tested without the module, overall accuracy changes by " + Findings.difference(noShareMinusShared) + ": " + what + ".";
    }

    /** The share of all attention that the most-attended {@link #HUB_COLUMNS} of the columns receive. */
    public static double topColumnShare(BatchAttention att) {
        int n = att.matrix().length;
        double[] column = new double[n];
        double total = 0;
        for (double[] row : att.matrix()) for (int j = 0; j < n; j++) { column[j] += row[j]; total += row[j]; }
        Arrays.sort(column);
        int k = Math.max(1, (int) Math.ceil(HUB_COLUMNS * n));
        double top = 0;
        for (int j = n - k; j < n; j++) top += column[j];
        return top / total;
    }

    /** What the attention matrix shows: class-aware or not (own-class mass against uniform), hubs or not. */
    public static String attention(BatchAttention att) {
        double own = att.sameClassMass(), chance = att.sameClassChance();
        int n = att.matrix().length, k = Math.max(1, (int) Math.ceil(HUB_COLUMNS * n));
        double top = topColumnShare(att), uniform = (double) k / n;
        String classes = own > chance * 1.1 ? "more than uniform attention would: samples draw mostly on their own class"
                : own < chance * 0.9 ? "less than uniform attention would: the module mixes classes more than chance, it does not group a sample with its class"
                : "about what uniform attention would: the module ignores class";
        String hubs = top >= HUB_FACTOR * uniform ? String.format(Locale.ROOT, "the %d most-attended samples of %d take %s of all attention (uniform: %s):"
                + " a few hub samples that every row attends to, the vertical stripes of the figure", k, n, Findings.percent(top), Findings.percent(uniform))
                : String.format(Locale.ROOT, "the %d most-attended samples of %d take %s of all attention (uniform: %s): no hubs", k, n,
                Findings.percent(top), Findings.percent(uniform));
        return String.format(Locale.ROOT, "A sample puts %.3f of its attention on its own class (uniform attention: %.3f), %s; %s.", own, chance, classes, hubs);
    }
}
