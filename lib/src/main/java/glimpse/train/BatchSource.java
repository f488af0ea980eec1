package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageSet;
import glimpse.data.sampling.BatchOrder;
import glimpse.data.sampling.ShuffledBatches;

/**
 * Where each step's batch comes from. A source must be a pure function of the step index (and its
 * own seed): that is what makes a run repeatable and a resumed run continue exactly where it stopped.
 * Episodic methods implement this with their episode sampler seeded by (seed, step).
 */
@FunctionalInterface
public interface BatchSource {
    /** The batch for 0-based {@code step}, created in {@code stepManager} (closed after the step). */
    Batch batch(NDManager stepManager, int step);

    /**
     * Shuffled mini-batches over {@code set}: epoch e visits the images in a permutation drawn from
     * (seed, e); the incomplete last batch of an epoch is dropped so every step has {@code batchSize}.
     */
    static BatchSource shuffled(ImageSet set, int batchSize, long seed) {
        return of(set, new ShuffledBatches(set, batchSize, seed));
    }

    /** The images of {@code set} that {@code order} picks for each step, with their labels. */
    static BatchSource of(ImageSet set, BatchOrder order) {
        return (stepManager, step) -> {
            int[] idx = order.indices(step);
            return Batch.of(set.toTensor(stepManager, idx), set.labelsTensor(stepManager, idx));
        };
    }
}
