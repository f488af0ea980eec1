package glimpse.nn;

import ai.djl.ndarray.NDArray;

/** Pairwise distances that DJL lacks (no cdist): written once here, tested against plain loops. */
public final class Distances {
    private Distances() {}

    /**
     * Squared Euclidean distances between the rows of {@code a} (n, d) and {@code b} (m, d) as
     * (n, m), by ‖a‖² + ‖b‖² − 2abᵀ: one matrix product instead of an (n, m, d) difference tensor.
     * Rounding can push a true zero slightly negative; it is clamped at 0.
     */
    public static NDArray squaredEuclidean(NDArray a, NDArray b) {
        if (a.getShape().dimension() != 2 || b.getShape().dimension() != 2 || a.getShape().get(1) != b.getShape().get(1))
            throw new IllegalArgumentException("squaredEuclidean needs (n, d) and (m, d), got " + a.getShape() + " and " + b.getShape());
        NDArray aa = a.square().sum(new int[] {1}, true);              // (n, 1)
        NDArray bb = b.square().sum(new int[] {1}).reshape(1, -1);     // (1, m)
        NDArray ab = a.matMul(b.transpose());
        // PyTorch-owned scalars, not mul(2)/maximum(0): autograd saves both operands (see Scalars)
        NDArray d = aa.add(bb).sub(ab.mul(Scalars.like(ab, 2)));
        return d.maximum(Scalars.like(d, 0));
    }
}
