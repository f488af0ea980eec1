package glimpse.eval;

import java.util.Locale;

/**
 * The one verdict of a paired comparison a − b over training seeds, made here and nowhere else, from
 * the per-seed differences, whether both arms' training converged, and (when known) the difference
 * the paper reported. In order:
 * <ol>
 *   <li>{@link Kind#NOT_CONVERGED}: an arm's loss had not settled ({@link Convergence}); the
 *       difference is not a test of the paper's claim, whatever its interval.</li>
 *   <li>{@link Kind#ONE_RUN}: one seed; its interval would say nothing about another training run.</li>
 *   <li>Significant — the 95% interval of the difference excludes 0 ({@link Verdicts#decided}): Student-t over
 *       seeds, or for few-shot comparisons over seeds and the test episodes they share ({@link MeanCi#overSeedsAndEpisodes}):
 *       {@link Kind#HELD} in the paper's direction, {@link Kind#REVERSED} against it, or
 *       {@link Kind#SIGNIFICANT} where no paper effect is given.</li>
 *   <li>Not significant: {@link Kind#UNDERPOWERED} when the paper's effect is smaller than the
 *       minimal detectable difference ({@link Power}) of this run's seeds and spread — the run could
 *       not have seen it — else {@link Kind#NO_SIGNIFICANT_DIFFERENCE}.</li>
 * </ol>
 *
 * @param difference mean of the per-seed differences ± its 95% CI (over seeds, or seeds and shared episodes)
 * @param mdd        minimal detectable difference at 80 % power (NaN with one seed)
 * @param paper      the paper's reported a − b, or null where it reported none
 */
public record Verdict(Kind kind, String a, String b, MeanCi difference, double mdd, PaperEffect paper,
                      Convergence aTraining, Convergence bTraining) {

    public enum Kind { HELD, REVERSED, SIGNIFICANT, NO_SIGNIFICANT_DIFFERENCE, UNDERPOWERED, NOT_CONVERGED, ONE_RUN }

    /**
     * @param perSeed   a − b per training seed (same seeds, same test set)
     * @param aTraining a's training over its seeds ({@link Convergence#worst})
     * @param paper     the paper's a − b, or null
     */
    public static Verdict of(String a, String b, double[] perSeed, Convergence aTraining, Convergence bTraining, PaperEffect paper) {
        return of(a, b, MeanCi.overSeeds(perSeed), Power.minimalDetectableDifference(perSeed), aTraining, bTraining, paper);
    }

    /**
     * The same rule on an interval computed elsewhere, e.g. over seeds and shared test episodes
     * ({@link MeanCi#overSeedsAndEpisodes}, {@link Power#minimalDetectableDifference(double[][])}).
     *
     * @param d   the difference ± its 95 % CI; {@code d.n()} the number of training seeds
     * @param mdd the minimal detectable difference of the same interval
     */
    public static Verdict of(String a, String b, MeanCi d, double mdd, Convergence aTraining, Convergence bTraining, PaperEffect paper) {
        Kind kind;
        if (!aTraining.settled() || !bTraining.settled()) kind = Kind.NOT_CONVERGED;
        else if (d.n() < 2) kind = Kind.ONE_RUN;
        else if (Verdicts.decided(d, d.n()))
            kind = paper == null || paper.difference() == 0 ? Kind.SIGNIFICANT : Math.signum(d.mean()) == Math.signum(paper.difference()) ? Kind.HELD : Kind.REVERSED;
        else if (paper != null && Math.abs(paper.difference()) < mdd) kind = Kind.UNDERPOWERED;
        else kind = Kind.NO_SIGNIFICANT_DIFFERENCE;
        return new Verdict(kind, a, b, d, mdd, paper, aTraining, bTraining);
    }

    /** Whether the verdict rests on a significant difference (held, reversed or a winner without a paper effect). */
    public boolean significant() { return kind == Kind.HELD || kind == Kind.REVERSED || kind == Kind.SIGNIFICANT; }

    /** The verdict in words, e.g. "CTX better — held (the paper's direction)" or "underpowered (paper's effect below the MDD)". */
    public String word() {
        String winner = (difference.mean() > 0 ? a : b) + " better";
        return switch (kind) {
            case HELD -> winner + " — held (the paper's direction)";
            case REVERSED -> winner + " — reversed (against the paper)";
            case SIGNIFICANT -> winner;
            case NO_SIGNIFICANT_DIFFERENCE -> "no significant difference (CI includes 0)";
            case UNDERPOWERED -> "underpowered (the paper's effect is below the MDD: no significant difference, but none could be seen)";
            case NOT_CONVERGED -> "not converged — not a test of the paper's claim (" + unsettled() + ")";
            case ONE_RUN -> "no verdict (one training run)";
        };
    }

    /** The short word for table cells: "A better", "no clear difference", "underpowered", "not converged", "no verdict (1 run)". */
    public String brief() {
        return switch (kind) {
            case HELD, REVERSED, SIGNIFICANT -> (difference.mean() > 0 ? a : b) + " better";
            case NO_SIGNIFICANT_DIFFERENCE -> "no clear difference";
            case UNDERPOWERED -> "underpowered";
            case NOT_CONVERGED -> "not converged";
            case ONE_RUN -> "no verdict (1 run)";
        };
    }

    /** The MDD in points, or why there is none. */
    public String mddText() {
        if (Double.isNaN(mdd)) return "MDD n/a (one seed)";
        if (mdd == 0) return "MDD 0 (no spread between seeds)";
        return String.format(Locale.ROOT, "MDD %.2f pp", 100 * mdd);
    }

    /**
     * The printed line: "+1.23 ± 2.34 pp over 3 seeds, MDD 3.10 pp, paper: +3.67 pp (source), both arms
     * converged → verdict" (differences in percentage points; every arm's training named, "not trained" for
     * an off-the-shelf one).
     */
    public String line() {
        String interval = Double.isNaN(difference.ci95())
                ? String.format(Locale.ROOT, "%+.2f pp (one seed)", 100 * difference.mean())
                : String.format(Locale.ROOT, "%+.2f ± %.2f pp over %d seeds", 100 * difference.mean(), 100 * difference.ci95(), difference.n());
        return interval + ", " + context() + " → " + word();
    }

    /** What the verdict weighed besides the interval: "MDD 3.10 pp, paper: +3.67 pp (source), both arms converged". */
    public String context() { return mddText() + (paper == null ? "" : ", paper: " + paper) + trainingText(); }

    /** How both arms' training ended, where it does not block the verdict (otherwise {@link #word} says it). */
    private String trainingText() {
        if (kind == Kind.NOT_CONVERGED) return "";
        if (aTraining.status() == Convergence.Status.CONVERGED && bTraining.status() == Convergence.Status.CONVERGED) return ", both arms converged";
        return ", " + a + " " + aTraining.status().name().toLowerCase().replace('_', ' ') + ", " + b + " " + bTraining.status().name().toLowerCase().replace('_', ' ');
    }

    @Override public String toString() { return line(); }

    private String unsettled() {
        StringBuilder s = new StringBuilder();
        if (!aTraining.settled()) s.append(a).append(": ").append(aTraining);
        if (!bTraining.settled()) s.append(s.isEmpty() ? "" : "; ").append(b).append(": ").append(bTraining);
        return s.toString();
    }
}
