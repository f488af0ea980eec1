package glimpse.pretrain;

import glimpse.eval.Convergence;
import glimpse.eval.HeldOutPlateau;

import java.util.Locale;

/**
 * A finished pre-training: where the backbone's weights are (a {@link glimpse.train.Weights} file,
 * without the classification head) and what the run did.
 *
 * @param weights       the backbone's weights file (absolute path, beside the result cache)
 * @param firstLoss     mean loss of the first {@value #ENDS} steps, or of the first quarter of a shorter run (≈ ln classes at the start)
 * @param lastLoss      mean loss of the last {@value #ENDS} steps, or of the last quarter of a shorter run
 * @param lossCurve     the loss per step, thinned to at most 200 points
 * @param heldOutTop1   top-1 of the head on the held-out images of the base classes ({@link BaseData#heldOut}), never trained on
 * @param convergence   the loss curve's {@link Convergence} over all steps, chance level ln {@code classes}
 * @param heldOutByQuarter top-1 on the held-out images at the end of each quarter of the run (NaN where not probed)
 * @param plateau       whether that top-1 had stopped rising over the last quarter: how a pre-training is judged converged
 */
public record PretrainResult(String weights, String architecture, String data, int classes, int trainImages, int heldOutImages,
                             int steps, double seconds, float firstLoss, float lastLoss, float[] lossCurve, double heldOutTop1,
                             Convergence convergence, double[] heldOutByQuarter, HeldOutPlateau plateau) {
    /** Steps averaged for {@link #firstLoss} and {@link #lastLoss}. */
    public static final int ENDS = 10;

    /**
     * Whether the pre-training had converged: its held-out top-1 no longer rising ({@link #plateau}) — what a backbone
     * brings to the next stage; only where no held-out images were probed, its training loss's {@link #convergence}.
     */
    public boolean converged() {
        if (plateau != null && plateau.status() != HeldOutPlateau.Status.NOT_MEASURED) return plateau.settled();
        return convergence != null && convergence.settled();
    }

    /**
     * The line a notebook prints per pre-trained backbone, e.g. "pre-trained Conv-4 on glyphs base, 32 px (804 classes):
     * 2000 steps, 95.1 s, loss 6.71 → 0.52, held-out top-1 85.3 % (1608 images), converged: yes — plateau (held-out top-1
     * 84.9 → 85.3 % over the last quarter, +0.4 ± 1.1 points); training loss still falling (…)".
     */
    public String line() {
        boolean probed = plateau != null && plateau.status() != HeldOutPlateau.Status.NOT_MEASURED;
        String judged = probed ? plateau + "; training loss " + convergence : String.valueOf(convergence);
        return String.format(Locale.ROOT, "pre-trained %s on %s (%d classes): %d steps, %.1f s, loss %.2f → %.2f, held-out top-1 %.1f %% (%d images), converged: %s — %s",
                architecture, data, classes, steps, seconds, firstLoss, lastLoss, 100 * heldOutTop1, heldOutImages, converged() ? "yes" : "no", judged);
    }
}
