package glimpse.pretrain;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import glimpse.data.ImageSet;
import glimpse.eval.HeldOutPlateau;
import glimpse.train.Predict;
import glimpse.train.TrainLoop;
import glimpse.train.TrainingState;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Scores a pre-training's classifier on the held-out images at the end of each quarter of the run, keeping
 * which images it got right, so the run can say whether its held-out top-1 had stopped rising
 * ({@link HeldOutPlateau}: third quarter against the end). A {@link TrainingState}: a resumed run keeps the
 * probes made before it stopped. Scoring runs in inference mode and draws nothing, so probing leaves the
 * training run bit-for-bit what it was without it.
 */
final class HeldOutProbe implements TrainingState, TrainLoop.AfterStep {
    private static final int QUARTERS = 4;
    private final NDManager manager;
    private final ImageSet heldOut;
    private final int steps, classes;
    /** Per quarter, which held-out images were right at its end (null until probed). */
    private final boolean[][] right = new boolean[QUARTERS][];

    /** @param classes the classes the head chooses among (chance top-1 1/classes) */
    HeldOutProbe(NDManager manager, ImageSet heldOut, int classes, int steps) {
        this.manager = manager;
        this.heldOut = heldOut;
        this.classes = classes;
        this.steps = steps;
    }

    /** The step (1-based count of steps done) that ends quarter {@code q} (0-based). */
    private int endOf(int q) { return (q + 1) * steps / QUARTERS; }

    @Override public void stepDone(int step, Block model) {
        for (int q = 0; q < QUARTERS; q++) {
            if (step + 1 != endOf(q) || right[q] != null) continue;
            int[] predicted = Predict.argmax(Predict.outputs(manager, model, heldOut, 256));
            boolean[] r = new boolean[predicted.length];
            for (int i = 0; i < r.length; i++) r[i] = predicted[i] == heldOut.labels()[i];
            right[q] = r;
        }
    }

    /** Top-1 at the end of each quarter (NaN where not probed: no images, or a run shorter than four steps). */
    double[] top1ByQuarter() {
        double[] top1 = new double[QUARTERS];
        for (int q = 0; q < QUARTERS; q++) {
            if (right[q] == null || right[q].length == 0) { top1[q] = Double.NaN; continue; }
            int n = 0;
            for (boolean b : right[q]) if (b) n++;
            top1[q] = n / (double) right[q].length;
        }
        return top1;
    }

    /** Third quarter against the end; not measured when the two probes are the same step or either is missing. */
    HeldOutPlateau plateau() {
        if (endOf(QUARTERS - 2) == endOf(QUARTERS - 1) || endOf(QUARTERS - 2) < 1) return HeldOutPlateau.notMeasured();
        return HeldOutPlateau.of(right[QUARTERS - 2], right[QUARTERS - 1], classes);
    }

    @Override public String stateName() { return "held-out-probe"; }

    @Override public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(heldOut.size());
        for (boolean[] r : right) {
            out.writeBoolean(r != null);
            if (r != null) for (boolean b : r) out.writeBoolean(b);
        }
    }

    @Override public void loadState(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n != heldOut.size()) throw new IOException("the saved probe scored " + n + " held-out images, this run holds out " + heldOut.size());
        for (int q = 0; q < QUARTERS; q++) {
            right[q] = null;
            if (!in.readBoolean()) continue;
            right[q] = new boolean[n];
            for (int i = 0; i < n; i++) right[q][i] = in.readBoolean();
        }
    }

    @Override public String toString() { return "HeldOutProbe" + Arrays.toString(top1ByQuarter()); }
}
