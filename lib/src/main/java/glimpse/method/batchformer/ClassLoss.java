package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The per-sample classification losses the long-tail experiments compare.
 * <ul>
 * <li>{@link #CROSS_ENTROPY}: −log softmax(z)_y.</li>
 * <li>{@link #BALANCED_SOFTMAX} (Ren et al., NeurIPS 2020; one of the long-tail methods
 *     BatchFormer is added to): cross-entropy of z + log n, n the training count per class, i.e.
 *     −log( n_y e^{z_y} / Σ_j n_j e^{z_j} ). It compensates the label prior of the long-tailed
 *     training set; at test time the plain logits z are used, which then estimate a balanced
 *     posterior.</li>
 * </ul>
 */
public enum ClassLoss {
    CROSS_ENTROPY, BALANCED_SOFTMAX;

    /**
     * Per-sample losses (B) of logits (B, K) against integer labels (B).
     *
     * @param logCounts log n per class (K), created in the step's manager; ignored by cross-entropy
     */
    public NDArray perSample(NDArray logits, NDArray labels, NDArray logCounts) {
        NDArray z = this == BALANCED_SOFTMAX ? logits.add(logCounts.reshape(1, -1)) : logits;
        NDArray y = labels.getDataType() == DataType.INT64 ? labels : labels.toType(DataType.INT64, false);
        return z.logSoftmax(1).get(new NDIndex().addAllDim().addPickDim(y)).neg();
    }

    /** log n per class as floats (a class with no training image gets log 1e-12 rather than −∞). */
    public static float[] logCounts(int[] counts) {
        float[] out = new float[counts.length];
        for (int c = 0; c < counts.length; c++) out[c] = (float) Math.log(Math.max(counts[c], 1e-12));
        return out;
    }
}
