package glimpse.report;

import glimpse.eval.Convergence;
import glimpse.eval.Verdict;
import glimpse.method.batchformer.BatchAttention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    /** A training loss below this fraction of ln C that still falls is read as fitting the training set, not as not learning. */
    public static final double FITTING = 0.1;

    /** + BatchFormer − the same loss without it, on one group ("tail", "overall"), with what the verdict allows. */
    public static String gain(String loss, String group, Verdict v) {
        return String.format(Locale.ROOT, "With %s, + BatchFormer changes %s accuracy at ρ = 100 by %s; %s.", loss, group, Findings.difference(v), Findings.reading(v));
    }

    /**
     * Whether the headline arms' training had settled by {@link Convergence}'s test, and where it had not, how far
     * the loss still was from 0 in units of the chance loss ln C: a last quarter that is a small fraction of ln C
     * and still falling is a network fitting (memorising) its training set, not one that has not learned.
     *
     * @param arms    each arm's training over its seeds ({@link glimpse.classification.ClassificationResult#training}), by label
     * @param classes C, the classes of the cross-entropy
     * @param steps   the arms' training steps
     */
    public static String training(Map<String, Convergence> arms, int classes, int steps) {
        List<String> settled = new ArrayList<>(), unsettled = new ArrayList<>();
        double chance = Math.log(classes);
        boolean fitting = true;   // every unsettled arm still falling, below FITTING · ln C
        for (var e : arms.entrySet()) {
            Convergence c = e.getValue();
            if (c.settled()) { settled.add(e.getKey()); continue; }
            fitting &= c.status() == Convergence.Status.STILL_FALLING && c.lastQuarter() < FITTING * chance;
            unsettled.add(Double.isNaN(c.change()) ? e.getKey() + ": " + c
                    : String.format(Locale.ROOT, "%s %s, last quarter %.3f = %s of ln C, %+.1f %% of ln C against the quarter before",
                    e.getKey(), c.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), c.lastQuarter(), Findings.percent(c.lastQuarter() / chance), 100 * c.change()));
        }
        if (unsettled.isEmpty())
            return String.format(Locale.ROOT, "After %d steps every headline arm (%s) converged by the library's test (last two quarters of the loss within %.0f %% of ln C, or within their own noise), so their verdicts are tests of the claim.",
                    steps, String.join(", ", settled), 100 * Convergence.TOLERANCE);
        return String.format(Locale.ROOT, "After %d steps %d of %d headline arms had not converged by the library's test (last two quarters of the loss within %.0f %% of ln C, or within their own noise): %s; "
                        + "their verdicts therefore say \"not converged\"%s.", steps, unsettled.size(), arms.size(), 100 * Convergence.TOLERANCE, String.join("; ", unsettled),
                fitting ? String.format(Locale.ROOT, " — every such loss is below %.0f %% of the chance loss and still falling: the networks fit their training set ever more closely, they did not fail to learn it", 100 * FITTING) : "");
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
