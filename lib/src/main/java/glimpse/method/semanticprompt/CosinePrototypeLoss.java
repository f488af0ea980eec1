package glimpse.method.semanticprompt;

import glimpse.nn.Pooling;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import glimpse.nn.Scalars;

/**
 * Semantic Prompt's meta-tuning objective (arXiv 2303.14123 §3.4, eq. 9): logits are the cosine
 * similarities of the queries to the class prototypes divided by a temperature τ (0.2 in the
 * official code), and the loss is their cross-entropy. With cos = [1, 0, 0, 0, 0] and the true
 * class first, the loss is −log(e⁵ / (e⁵ + 4)) = 0.026595.
 */
public final class CosinePrototypeLoss {
    public static final float TEMPERATURE = 0.2f;

    private CosinePrototypeLoss() {}

    /** cos(q_i, p_c) / τ: (n_q, d) queries against (ways, d) prototypes → (n_q, ways). */
    public static NDArray logits(NDArray queries, NDArray prototypes, float temperature) {
        NDArray cos = Pooling.l2Normalise(queries).matMul(Pooling.l2Normalise(prototypes).transpose());
        return cos.div(Scalars.like(cos, temperature));
    }

    /** Mean cross-entropy of logits (n, ways) against integer labels (n). */
    public static NDArray loss(NDArray logits, int[] labels) {
        NDArray y = logits.getManager().create(labels).toType(ai.djl.ndarray.types.DataType.INT64, false).toDevice(logits.getDevice(), false);
        NDArray picked = logits.logSoftmax(1).get(new NDIndex().addAllDim().addPickDim(y.expandDims(1)));
        return picked.mean().neg();
    }
}
