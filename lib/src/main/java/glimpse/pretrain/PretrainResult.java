package glimpse.pretrain;

import glimpse.eval.Convergence;

import java.util.Locale;

/**
 * A finished pre-training: where the backbone's weights are (a {@link glimpse.train.Weights} file,
 * without the classification head) and what the run did.
 *
 * @param weights       the backbone's weights file (absolute path, beside the result cache)
 * @param firstLoss     mean loss of the first {@value #ENDS} steps (≈ ln classes at the start)
 * @param lastLoss      mean loss of the last {@value #ENDS} steps
 * @param lossCurve     the loss per step, thinned to at most 200 points
 * @param heldOutTop1   top-1 of the head on the held-out images of the base classes ({@link BaseData#heldOut}), never trained on
 * @param convergence   the loss curve's {@link Convergence} over all steps, chance level ln {@code classes}
 */
public record PretrainResult(String weights, String architecture, String data, int classes, int trainImages, int heldOutImages,
                             int steps, double seconds, float firstLoss, float lastLoss, float[] lossCurve, double heldOutTop1,
                             Convergence convergence) {
    /** Steps averaged for {@link #firstLoss} and {@link #lastLoss}. */
    public static final int ENDS = 10;

    public boolean converged() { return convergence != null && convergence.settled(); }

    /**
     * The line a notebook prints per pre-trained backbone, e.g. "pre-trained Conv-4 on glyphs base, 32 px (804 classes):
     * 2000 steps, 95.1 s, loss 6.71 → 0.52, held-out top-1 85.3 % (1608 images), converged: yes".
     */
    public String line() {
        return String.format(Locale.ROOT, "pre-trained %s on %s (%d classes): %d steps, %.1f s, loss %.2f → %.2f, held-out top-1 %.1f %% (%d images), converged: %s",
                architecture, data, classes, steps, seconds, firstLoss, lastLoss, 100 * heldOutTop1, heldOutImages,
                converged() ? "yes" : "no — " + convergence);
    }
}
