package glimpse.data.sampling;

/**
 * Which images make up each training step's batch, as indices into an image set. Must be a pure
 * function of the step (and the order's own seed), so runs repeat and resume exactly;
 * {@code glimpse.train.BatchSource.of} turns an order into tensors.
 */
@FunctionalInterface
public interface BatchOrder {
    /** The image indices of 0-based {@code step}'s batch. */
    int[] indices(int step);
}
