package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.util.ArrayList;
import java.util.List;

/**
 * The non-finite policy: a step whose loss or gradient is NaN/Inf is skipped (weights and
 * optimizer state unchanged, a warning printed); a run that skips more than
 * {@link #maxSkippedSteps} steps fails, saying where the NaN came from.
 */
final class NonFiniteGuard {
    private final TrainConfig config;
    private final Block model;
    private final RunHistory run;

    NonFiniteGuard(TrainConfig config, Block model, RunHistory run) {
        this.config = config;
        this.model = model;
        this.run = run;
    }

    /** Applies step {@code step}'s update unless its loss or gradient is non-finite. */
    void update(int step, float loss, Updater updater, NDManager stepManager, Batch batch) {
        if (Float.isFinite(loss) && updater.apply(step, stepManager)) return;
        if (!Float.isFinite(loss)) updater.discard(stepManager);
        int skipped = run.skip(step);
        if (skipped > maxSkippedSteps(config.steps()))
            throw new ArithmeticException("non-finite loss or gradient in " + skipped + " steps (the last at step " + step
                    + ", lr " + config.learningRateAt(step) + "; skipped steps " + run.skippedSteps() + "); " + report(model, batch)
                    + ". Lower the learning rate or enable clipping (TrainConfig.Builder.clipNorm)");
        System.out.println("warning: step " + step + " skipped (non-finite " + (Float.isFinite(loss) ? "gradient" : "loss")
                + "); weights and optimizer state unchanged");
    }

    /** A run may skip a few steps with a non-finite loss or gradient (2 % of its steps, at least 5) before it fails. */
    static int maxSkippedSteps(int steps) { return Math.max(5, steps / 50); }

    /** Where a non-finite loss came from: non-finite inputs, or which parameters already hold NaN/Inf (a bad earlier update). */
    static String report(Block model, Batch batch) {
        List<String> bad = new ArrayList<>();
        for (var p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (!Updater.finite(a)) bad.add(p.getKey());
        }
        boolean inputsFinite = batch.data().stream().allMatch(Updater::finite);
        return (inputsFinite ? "inputs finite" : "NON-FINITE INPUTS")
                + (bad.isEmpty() ? ", every parameter finite" : ", non-finite parameters: " + bad);
    }
}
