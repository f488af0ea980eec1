package glimpse.eval;

import java.util.Collection;
import java.util.Locale;

/**
 * Whether a training run had settled when it stopped, read from its recorded loss curve: the mean of
 * the last quarter of the curve against the mean of the quarter before it. A paired comparison
 * between networks that were still learning (or never learned) says nothing about the method, so
 * {@link Verdict} refuses to give one over an arm that has not converged.
 *
 * <p><b>Why a tolerance of 2 % ({@link #TOLERANCE}).</b> A loss that still drops 2 % from one quarter of the
 * run to the next would, continued at that pace for four more quarters (a run as long again), fall by
 * about 8 % (0.98⁴ = 0.92) — small next to the drop of a network that is learning (from ln C at chance
 * to a fraction of it). A larger drop means the run was cut off mid-descent; a rise larger than that,
 * that it was diverging (or, for a loss summed over a filling memory, that the run is too short to tell).
 *
 * <p><b>Noise.</b> Quarter means of noisy minibatch losses differ by chance: a 5-way episode's loss varies
 * from episode to episode by about as much as its mean, so over 250 episodes two quarter means of a
 * flat curve differ by ±1.9 % of ln 5 (95 %), and a test at 2 % alone called about one flat run in
 * three "still falling" (most verdicts of notebooks 01 and 02 in the full run of 8ffc755). A change
 * is therefore a trend only when it also exceeds its own noise, {@link #Z95} standard errors of the
 * difference of the two quarter means (from the spread of the losses within each quarter); a curve
 * whose noise alone exceeds {@link #NOISE_LIMIT} × the tolerance can show neither a flat nor a falling
 * loss, and is "too noisy to judge" — not settled, the safe side for a verdict.
 *
 * <p><b>On what scale.</b> Without a known chance level the change is relative to the previous quarter's
 * mean. Where the loss is a cross-entropy over C classes, it is relative to ln C instead, the loss the
 * run started from at chance: a network that fits its training set drives the loss towards 0, where
 * 0.10 → 0.07 is a 30 % relative fall yet 1.3 % of ln 10 — flattened on the scale of what it learned.
 * Measured against the previous quarter, no such run would ever pass (notebooks 03 and 04 at 1,000+
 * steps showed −27 to −64 % per quarter at losses of 0.004–0.3).
 *
 * <p>A loss that adds several cross-entropies over the same C classes (TASN's terms, weights summing to w)
 * is judged on w·ln C, its value for a uniform guess ({@link #againstChance}).
 *
 * <p><b>Flat at chance.</b> A curve that is flat because nothing learns passes the quarter test, so
 * where the loss is a cross-entropy over a known number of classes C, a last quarter at or
 * above {@value #CHANCE_FRACTION}·ln C (the loss of a uniform guess; w·ln C for a weighted sum) is "flat at chance", not converged.
 *
 * @param status          what the curve says
 * @param previousQuarter mean of the finite losses in the third quarter of the curve (NaN when not computed)
 * @param lastQuarter     mean of the finite losses in the last quarter
 * @param change          (last − previous) / scale, the scale ln C where the loss's classes are known, else |previous|:
 *                        negative while the loss still falls
 * @param noise           half-width of the 95 % interval of {@code change} from the losses' spread within the two quarters,
 *                        on the same scale (NaN when not computed)
 */
public record Convergence(Status status, double previousQuarter, double lastQuarter, double change, double noise) {

    /** Largest change between the last two quarters of a converged curve, on the scale above: 2 %. */
    public static final double TOLERANCE = 0.02;
    /** A last quarter at or above this fraction of ln C is at chance. */
    public static final double CHANCE_FRACTION = 0.95;
    /** Fewer finite points than this per quarter cannot show a trend. */
    static final int MIN_PER_QUARTER = 2;
    /** A change is a trend only beyond this many standard errors of the difference of the two quarter means. */
    public static final double Z95 = 1.959964;
    /** A curve whose noise exceeds this multiple of {@link #TOLERANCE} cannot show a change of that size: too noisy. */
    public static final double NOISE_LIMIT = 2;

    /** A judgement without a noise estimate (tests, results stored before it existed). */
    public Convergence(Status status, double previousQuarter, double lastQuarter, double change) {
        this(status, previousQuarter, lastQuarter, change, Double.NaN);
    }

    public enum Status {
        /** The last two quarters agree within {@link #TOLERANCE}, or differ by no more than their noise. */
        CONVERGED,
        /** The two quarter means' noise exceeds {@link #NOISE_LIMIT} × {@link #TOLERANCE}: flat and falling look alike. */
        TOO_NOISY,
        /** No training, nothing to converge (an off-the-shelf model): no obstacle to a verdict. */
        NOT_TRAINED,
        STILL_FALLING,
        RISING,
        AT_CHANCE,
        /** Too few finite losses for two quarters of {@value #MIN_PER_QUARTER} points, or no curve recorded. */
        TOO_SHORT;

        /** Whether a verdict may rest on a run in this state. */
        public boolean settled() { return this == CONVERGED || this == NOT_TRAINED; }
    }

    /** The quarter test alone (the loss's value at chance is not known). An empty curve is {@link Status#NOT_TRAINED}. */
    public static Convergence of(float[] losses) { return of(losses, 0); }

    /**
     * The quarter test, and where {@code classes} ≥ 2 (the loss is a cross-entropy over that many
     * classes) the chance test; {@code classes} 0 skips it.
     */
    public static Convergence of(float[] losses, int classes) {
        if (classes == 1 || classes < 0) throw new IllegalArgumentException("a chance level needs at least 2 classes (or 0 for unknown), not " + classes);
        return againstChance(losses, classes >= 2 ? Math.log(classes) : Double.NaN);
    }

    /**
     * The quarter test on the scale of {@code chanceLoss}, the loss of a uniform guess — ln C for one cross-entropy over
     * C classes, w·ln C for a sum of cross-entropies over the same C classes whose weights add up to w — and the chance
     * test against it; NaN (not known) judges relative to the previous quarter and skips the chance test.
     */
    public static Convergence againstChance(float[] losses, double chanceLoss) {
        if (losses == null) return new Convergence(Status.TOO_SHORT, Double.NaN, Double.NaN, Double.NaN);   // a result stored without its curve
        if (chanceLoss <= 0) throw new IllegalArgumentException("a loss at chance is positive (or NaN for unknown), not " + chanceLoss);
        if (losses.length == 0) return new Convergence(Status.NOT_TRAINED, Double.NaN, Double.NaN, Double.NaN);
        boolean known = !Double.isNaN(chanceLoss);
        int q = losses.length / 4;
        double[] previous = finiteMean(losses, losses.length - 2 * q, losses.length - q), last = finiteMean(losses, losses.length - q, losses.length);
        if (previous[1] < MIN_PER_QUARTER || last[1] < MIN_PER_QUARTER)
            return new Convergence(Status.TOO_SHORT, previous[0], last[0], Double.NaN);
        double scale = known ? chanceLoss : Math.abs(previous[0]);
        double change = (last[0] - previous[0]) / scale;
        double noise = Z95 * Math.sqrt(previous[2] / previous[1] + last[2] / last[1]) / scale;
        Status status;
        if (known && last[0] >= CHANCE_FRACTION * chanceLoss) status = Status.AT_CHANCE;
        else if (change <= -TOLERANCE && change < -noise) status = Status.STILL_FALLING;
        else if (change >= TOLERANCE && change > noise) status = Status.RISING;
        else if (noise > NOISE_LIMIT * TOLERANCE) status = Status.TOO_NOISY;
        else status = Status.CONVERGED;
        return new Convergence(status, previous[0], last[0], change, noise);
    }

    /** Over several runs (seeds, or both arms): the first that has not settled, else the first; empty gives NOT_TRAINED. */
    public static Convergence worst(Collection<Convergence> runs) {
        return runs.stream().filter(c -> !c.status.settled()).findFirst()
                .orElse(runs.stream().findFirst().orElse(new Convergence(Status.NOT_TRAINED, Double.NaN, Double.NaN, Double.NaN)));
    }

    public boolean settled() { return status.settled(); }

    @Override public String toString() {
        String quarters = String.format(Locale.ROOT, "last quarter %.3f vs previous %.3f, %+.1f %%", lastQuarter, previousQuarter, 100 * change)   // % of ln C or of the previous quarter, as of() measured it
                + (Double.isNaN(noise) ? "" : String.format(Locale.ROOT, " ± %.1f %%", 100 * noise));
        return switch (status) {
            case CONVERGED -> "converged (" + quarters + ")";
            case NOT_TRAINED -> "not trained";
            case STILL_FALLING -> "still falling (" + quarters + ")";
            case TOO_NOISY -> "too noisy to judge (" + quarters + ")";
            case RISING -> "rising (" + quarters + ")";
            case AT_CHANCE -> String.format(Locale.ROOT, "flat at chance (last quarter %.3f ≥ %.2f × the loss of a uniform guess)", lastQuarter, CHANCE_FRACTION);
            case TOO_SHORT -> "too few losses recorded to judge";
        };
    }

    /** {mean, count, sample variance} of the finite values in [from, to). */
    private static double[] finiteMean(float[] v, int from, int to) {
        double s = 0, ss = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < to; i++) if (Float.isFinite(v[i])) { s += v[i]; ss += (double) v[i] * v[i]; n++; }
        double mean = n == 0 ? Double.NaN : s / n;
        return new double[] {mean, n, n < 2 ? Double.NaN : Math.max(0, (ss - n * mean * mean) / (n - 1))};
    }
}
