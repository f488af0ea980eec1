package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import glimpse.nn.Scalars;

/**
 * TASN's part-net → master-net distillation (Zheng et al., CVPR 2019, §3.3, Eq. 8): the soft
 * cross-entropy between temperature-softened distributions,
 * <pre>
 *   L_soft = −Σ_k softmax(z_part/T)_k · log softmax(z_master/T)_k        (mean over the batch)
 * </pre>
 * with T = 10 in the official code, weight 1, no T² factor and no stop-gradient on the soft target
 * (the part-net is pulled towards the master-net as well). By Gibbs' inequality it is at least the
 * entropy of softmax(z_part/T), with equality when the two logit rows differ by a constant.
 */
public record Distillation(float temperature) {
    public Distillation {
        if (!(temperature > 0)) throw new IllegalArgumentException("the distillation temperature must be positive, not " + temperature);
    }

    public static Distillation paper() { return new Distillation(10f); }

    /** Batch-mean soft cross-entropy of master logits (B, K) against the part-net's soft targets (B, K). */
    public NDArray softCrossEntropy(NDArray masterLogits, NDArray partLogits) {
        if (!masterLogits.getShape().equals(partLogits.getShape()))
            throw new IllegalArgumentException("master and part logits must have one shape, got " + masterLogits.getShape() + " and " + partLogits.getShape());
        NDArray target = partLogits.div(Scalars.like(partLogits, temperature)).softmax(1);
        NDArray logQ = masterLogits.div(Scalars.like(masterLogits, temperature)).logSoftmax(1);
        return target.mul(logQ).sum(new int[] {1}).mean().neg();
    }
}
