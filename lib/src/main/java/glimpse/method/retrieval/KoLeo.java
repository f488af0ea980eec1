package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import glimpse.nn.Scalars;

/**
 * The Kozachenko–Leonenko differential-entropy regulariser of El-Nouby et al. (arXiv 2102.05644,
 * §3, Eq. 5; Sablayrolles et al., arXiv 1806.03198): L = −(1/N) Σ_i log ρ_i with
 * ρ_i = min_{j≠i} ‖z_i − z_j‖, over the <b>batch only</b> (never the memory) and blind to labels.
 *
 * <p>ε convention of dinov2's {@code KoLeoLoss}: the rows are L2-normalised (norm floored at 1e-8),
 * the nearest neighbour is the row of largest dot product other than itself, the distance is
 * ‖z_i − z_{nn(i)} + 1e-8‖ (PyTorch's {@code PairwiseDistance} adds ε to the difference vector) and
 * the log is of ρ_i + 1e-8. So a duplicated row gives ρ = 1e-8·√d, not 0: on e0, e1, e0 in R³⁸⁴
 * the loss is 10.1482. One deviation: the diagonal is masked with −3, below every cosine, where
 * dinov2 writes −1 (which can tie with an antipodal neighbour and pick the row itself).
 */
public final class KoLeo {
    static final double EPSILON = 1e-8;

    private KoLeo() {}

    /** The loss on z (N, d), N ≥ 2, float32 or float64; a scalar of z's dtype in z's manager. */
    public static NDArray loss(NDArray z) {
        long n = z.getShape().get(0);
        if (z.getShape().dimension() != 2 || n < 2) throw new IllegalArgumentException("KoLeo needs a batch (N >= 2, d), got " + z.getShape());
        NDManager m = z.getManager();
        NDArray norm = z.square().sum(new int[] {1}, true).sqrt();
        NDArray x = z.div(norm.maximum(Scalars.like(norm, EPSILON)));
        // the neighbour's index carries no gradient (as torch.max's index); the distance to it does
        NDArray dots = x.stopGradient().matMul(x.stopGradient().transpose());
        // the mask and the one-hot take z's dtype: a float32 one-hot times float64 rows is an error, not a promotion
        int rows = Math.toIntExact(n);
        NDArray eye = m.eye(rows, rows, 0, z.getDataType());
        NDArray nearest = dots.sub(eye.mul(Scalars.like(eye, 4))).argMax(1);            // diagonal → dot − 4 ≤ −3
        NDArray neighbours = nearest.oneHot(rows, z.getDataType()).matMul(x);
        NDArray diff = x.sub(neighbours).add(Scalars.like(x, EPSILON));
        NDArray rho = diff.square().sum(new int[] {1}).sqrt();
        return rho.add(Scalars.like(rho, EPSILON)).log().mean().neg();
    }
}
