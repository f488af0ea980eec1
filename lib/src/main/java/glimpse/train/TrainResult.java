package glimpse.train;

/**
 * What a training run did.
 *
 * @param steps           completed steps (including any restored from a checkpoint)
 * @param finalLoss       mean loss over the last min(10, steps) steps
 * @param losses          the loss of every step, index = step
 * @param wallSeconds     time spent in the step loop (summed over resumed sessions)
 * @param imagesPerSecond images processed per second of step-loop time in this session
 * @param resumedFrom     the step this session started at (0 unless resumed from a checkpoint)
 */
public record TrainResult(int steps, float finalLoss, float[] losses, double wallSeconds, double imagesPerSecond,
                          int resumedFrom) {

    static float tailMean(float[] losses, int upTo) {
        int n = Math.min(10, upTo);
        if (n == 0) return Float.NaN;
        double s = 0;
        for (int i = upTo - n; i < upTo; i++) s += losses[i];
        return (float) (s / n);
    }

    @Override public String toString() {
        return String.format("TrainResult[steps=%d, finalLoss=%.4f, wall=%.1fs, %.0f img/s%s]", steps, finalLoss,
                wallSeconds, imagesPerSecond, resumedFrom > 0 ? ", resumed at step " + resumedFrom : "");
    }
}
