package glimpse.report;

import glimpse.eval.ResultRow;
import glimpse.eval.MeanCi;
import glimpse.method.FewShotExperiment.Outcome;
import glimpse.method.FewShotExperiment.ShotResult;

import java.util.ArrayList;
import java.util.List;

/** Few-shot outcomes as rows of the one results table and as curves. Accuracies are in percent. */
public final class FewShotResults {
    private FewShotResults() {}

    /** One accuracy row per evaluated shot count: mean ± 95% CI over the saved test episodes. */
    public static List<ResultRow> accuracyRows(Outcome o, int ways, long seed) {
        List<ResultRow> rows = new ArrayList<>();
        for (ShotResult r : o.results()) {
            MeanCi m = r.accuracy();
            rows.add(new ResultRow(o.method(), o.task(), ways + "-way " + r.shots() + "-shot", seed,
                    "accuracy % (" + r.perEpisode().length + " episodes)", 100 * m.mean(), 100 * m.ci95(), o.trainSeconds() + o.evalSeconds()));
        }
        return rows;
    }

    /** a − b on the same episodes for every shot count both were evaluated at (percentage points). */
    public static List<ResultRow> pairedRows(Outcome a, Outcome b, int ways, long seed) {
        if (!a.task().equals(b.task())) throw new IllegalArgumentException("paired comparison across tasks: " + a.task() + " vs " + b.task());
        List<ResultRow> rows = new ArrayList<>();
        for (ShotResult ra : a.results()) {
            for (ShotResult rb : b.results()) {
                if (rb.shots() != ra.shots()) continue;
                MeanCi d = MeanCi.pairedDifference(ra.perEpisode(), rb.perEpisode());
                rows.add(new ResultRow(a.method() + " − " + b.method(), a.task(), ways + "-way " + ra.shots() + "-shot", seed,
                        "paired diff, pp" + (d.excludesZero() ? " (CI excludes 0)" : " (CI includes 0)"), 100 * d.mean(), 100 * d.ci95(), 0));
            }
        }
        return rows;
    }

    /**
     * One line per paired row: the difference ± CI and what it supports — "A better", "B better" or
     * "no significant difference" (the 95% CI of the per-episode difference includes 0).
     */
    public static String verdicts(ResultsTable paired) {
        StringBuilder out = new StringBuilder();
        for (ResultRow r : paired.rows()) {
            String[] ab = r.method().split(" − ", 2);
            boolean significant = !Double.isNaN(r.ci95()) && Math.abs(r.value()) > r.ci95();
            String verdict = !significant ? "no significant difference"
                    : (r.value() > 0 ? ab[0] : ab.length > 1 ? ab[1] : "the second") + " better";
            out.append(String.format(java.util.Locale.ROOT, "%-34s %-12s %+6.2f ± %.2f pp  → %s%n",
                    r.dataset(), r.setting(), r.value(), r.ci95(), r.method() + ": " + verdict));
        }
        return out.toString();
    }

    /** Accuracy (%) ± CI against shots. */
    public static Figures.Series shotsCurve(Outcome o) {
        int n = o.results().size();
        double[] x = new double[n], y = new double[n], ci = new double[n];
        for (int i = 0; i < n; i++) {
            ShotResult r = o.results().get(i);
            x[i] = r.shots();
            y[i] = 100 * r.accuracy().mean();
            ci[i] = 100 * r.accuracy().ci95();
        }
        return new Figures.Series(o.method(), x, y, ci);
    }

    /** The training loss curve (thinned to at most 200 points, x in steps). */
    public static Figures.Series lossCurve(Outcome o) {
        float[] l = o.lossCurve();
        double[] x = new double[l.length], y = new double[l.length];
        double per = o.trainSteps() / (double) l.length;
        for (int i = 0; i < l.length; i++) { x[i] = (i + 1) * per; y[i] = l[i]; }
        return Figures.Series.of(o.method() + " · " + o.task(), x, y);
    }
}
