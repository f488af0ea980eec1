package glimpse.eval;

import java.util.Locale;

/**
 * A difference a paper reported for the comparison a notebook re-derives, in the units the
 * comparison measures (accuracy or recall as a fraction), with where it comes from.
 *
 * @param difference a − b as the paper reports it (0.0367 for +3.67 points)
 * @param source     the paper, table or section and what exactly was compared, e.g.
 *                   "arXiv 2303.14123 abstract: mean 1-shot gain"
 */
public record PaperEffect(double difference, String source) {
    public PaperEffect {
        if (!Double.isFinite(difference)) throw new IllegalArgumentException("a paper's effect must be a number: " + difference);
        if (source == null || source.isBlank()) throw new IllegalArgumentException("a paper's effect needs its source (paper, table, what was compared)");
    }

    /** From percentage points, as papers print them: points(3.67, …) is +0.0367. */
    public static PaperEffect points(double pp, String source) { return new PaperEffect(pp / 100, source); }

    @Override public String toString() { return String.format(Locale.ROOT, "%+.2f pp (%s)", 100 * difference, source); }
}
