package glimpse.eval;

import java.util.Locale;

/**
 * Whether a classifier's accuracy on held-out images had stopped rising when its training stopped: the
 * same images scored at the end of the third quarter of the run and at its end, compared as paired
 * outcomes. It is how a pre-training is judged converged (what a backbone carries to the next stage is
 * what it recognises on images it never saw), where {@link Convergence} judges a training loss: a
 * network that fits a few images per class drives its training loss on towards 0 long after its
 * held-out top-1 has stopped gaining (the full run of 8ffc755: every glyph pre-training's loss still fell
 * 4–14 % of ln C in its last quarter).
 *
 * <p><b>Rule.</b> The gain is a trend when it is at least {@link Convergence#TOLERANCE} (2 points of
 * top-1) and beyond its noise, {@link Convergence#Z95} standard errors of a paired difference of
 * proportions: with b images right before and wrong after, c the reverse, of n,
 * d = (c − b)/n and SE² = ((b + c)/n − d²)/n (the variance of the mean of the per-image differences, each
 * −1, 0 or +1). A gain within 2 points or within noise is a plateau; a fall beyond both is past its best
 * (over-fitting), which is settled too: training longer would not help. Noise above
 * {@link Convergence#NOISE_LIMIT} × the tolerance (too few held-out images) cannot tell, and is not settled.
 * A top-1 flat because nothing was learnt is no plateau: where the end's top-1 is not above chance (1/C) by more
 * than its own 95 % half-width, 1.96·√(p(1 − p)/n), the run is "at chance", not settled.
 *
 * @param previous top-1 at the end of the third quarter
 * @param last     top-1 at the end of the run
 * @param gain     last − previous (a fraction, + while still rising)
 * @param noise    half-width of the 95 % interval of {@code gain}
 */
public record HeldOutPlateau(Status status, double previous, double last, double gain, double noise) {

    public enum Status {
        PLATEAU, PAST_BEST, STILL_RISING, TOO_NOISY,
        /** The end's top-1 is not distinguishable from a uniform guess over the classes. */
        AT_CHANCE,
        /** Not measured: no held-out images, or a run too short for a third-quarter probe. */
        NOT_MEASURED;

        public boolean settled() { return this == PLATEAU || this == PAST_BEST; }
    }

    /**
     * The judgement from which held-out images were right at the third-quarter probe ({@code before}) and at the end
     * ({@code after}), of {@code classes} classes (chance top-1 1/classes).
     */
    public static HeldOutPlateau of(boolean[] before, boolean[] after, int classes) {
        if (classes < 2) throw new IllegalArgumentException("a top-1 over " + classes + " classes has no chance level: give 2 or more");
        if (before == null || after == null || before.length == 0) return notMeasured();
        if (before.length != after.length) throw new IllegalArgumentException("the two probes scored " + before.length + " and " + after.length + " images: they must score the same ones");
        int n = before.length, b = 0, c = 0, right0 = 0, right1 = 0;
        for (int i = 0; i < n; i++) {
            if (before[i]) right0++;
            if (after[i]) right1++;
            if (before[i] && !after[i]) b++;
            if (!before[i] && after[i]) c++;
        }
        double gain = (c - b) / (double) n;
        double noise = Convergence.Z95 * Math.sqrt(Math.max(0, ((b + c) / (double) n - gain * gain) / n));
        double last = right1 / (double) n;
        Status status;
        if (last - Convergence.Z95 * Math.sqrt(last * (1 - last) / n) <= 1.0 / classes) status = Status.AT_CHANCE;
        else if (gain >= Convergence.TOLERANCE && gain > noise) status = Status.STILL_RISING;
        else if (gain <= -Convergence.TOLERANCE && gain < -noise) status = Status.PAST_BEST;
        else if (noise > Convergence.NOISE_LIMIT * Convergence.TOLERANCE) status = Status.TOO_NOISY;
        else status = Status.PLATEAU;
        return new HeldOutPlateau(status, right0 / (double) n, last, gain, noise);
    }

    public static HeldOutPlateau notMeasured() { return new HeldOutPlateau(Status.NOT_MEASURED, Double.NaN, Double.NaN, Double.NaN, Double.NaN); }

    public boolean settled() { return status.settled(); }

    @Override public String toString() {
        String probes = String.format(Locale.ROOT, "held-out top-1 %.1f → %.1f %% over the last quarter, %+.1f ± %.1f points", 100 * previous, 100 * last, 100 * gain, 100 * noise);
        return switch (status) {
            case PLATEAU -> "plateau (" + probes + ")";
            case PAST_BEST -> "past its best, over-fitting (" + probes + ")";
            case STILL_RISING -> "still rising (" + probes + ")";
            case TOO_NOISY -> "too noisy to judge (" + probes + ")";
            case AT_CHANCE -> String.format(Locale.ROOT, "at chance (held-out top-1 %.1f %%, not above a uniform guess by its own 95 %% interval)", 100 * last);
            case NOT_MEASURED -> "held-out top-1 not probed";
        };
    }
}
