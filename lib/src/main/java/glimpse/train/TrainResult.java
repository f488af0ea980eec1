package glimpse.train;

/**
 * What a training run did.
 *
 * @param steps           completed steps (including any restored from a checkpoint)
 * @param finalLoss       mean of the last 10 finite step losses (NaN if there are none)
 * @param losses          the loss of every step, index = step
 * @param wallSeconds     time spent in the step loop (summed over resumed sessions)
 * @param imagesPerSecond images processed per second of step-loop time, over every session of the run
 * @param resumedFrom     the step this session started at (0 unless resumed from a checkpoint)
 * @param termCurves      each named loss term's value per step, when the loss has more than one
 *                        term ({@link LossTerms}); NaN where a step had no such term
 * @param skippedSteps    steps not applied because their loss or gradient was NaN/Inf (over every session of the run)
 */
public record TrainResult(int steps, float finalLoss, float[] losses, double wallSeconds, double imagesPerSecond,
                          int resumedFrom, int skippedSteps, java.util.Map<String, float[]> termCurves) {
    public TrainResult {
        termCurves = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(termCurves));
    }


    static float tailMean(float[] losses, int upTo) {
        // the last 10 finite losses (a skipped step may have recorded NaN)
        double s = 0;
        int n = 0;
        for (int i = upTo - 1; i >= 0 && n < 10; i--) if (Float.isFinite(losses[i])) { s += losses[i]; n++; }
        return n == 0 ? Float.NaN : (float) (s / n);
    }

    @Override public String toString() {
        return String.format("TrainResult[steps=%d, finalLoss=%.4f, wall=%.1fs, %.0f img/s%s]", steps, finalLoss,
                wallSeconds, imagesPerSecond, (resumedFrom > 0 ? ", resumed at step " + resumedFrom : "")
                + (skippedSteps > 0 ? ", " + skippedSteps + " steps skipped (non-finite)" : ""));
    }

    /**
     * At most {@code points} values: means of consecutive runs of steps (bin i covers steps
     * [i·n/points, (i+1)·n/points), so every step lands in a bin — runs differ in length by at most one
     * step), skipping non-finite (skipped-step) losses; for plotting and storing.
     */
    public static float[] thin(float[] losses, int points) {
        if (losses.length <= points) return losses.clone();
        float[] out = new float[points];
        for (int i = 0; i < points; i++) {
            double s = 0;
            int n = 0;
            int from = (int) ((long) i * losses.length / points), to = (int) ((long) (i + 1) * losses.length / points);
            for (int j = from; j < to; j++) if (Float.isFinite(losses[j])) { s += losses[j]; n++; }
            out[i] = n == 0 ? Float.NaN : (float) (s / n);
        }
        return out;
    }
}
