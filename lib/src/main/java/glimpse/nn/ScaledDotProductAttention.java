package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * Scaled dot-product attention (Vaswani et al. 2017, arXiv 1706.03762 §3.2.1):
 * <pre>
 *   A   = softmax_S( s · Q Kᵀ + M )      Q (B, H, T, d), K (B, H, S, d), M additive, broadcast to (B, H, T, S)
 *   out = Drop(A) V                      V (B, H, S, d_v)  →  out (B, H, T, d_v)
 * </pre>
 * with s = 1/√d by default. A mask entry of −∞ gives that key exactly zero weight; a query row
 * whose every key is −∞ has no defined softmax and comes out NaN, so callers keep one key open.
 * Leading dimensions of size 1 broadcast (q (B, 1, T, d) against k (1, H, S, d)), as matMul does.
 *
 * <p>The weights returned are A before dropout: the attention picture, not the random mask.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {}

    /** Where the factor s of the scores is applied. */
    public sealed interface Scale {
        /** Scores (Q Kᵀ)·factor: one multiplication after the product (PyTorch, BatchFormer). */
        record OnScores(float factor) implements Scale {}

        /**
         * (Q·factor)(K·factor)ᵀ: each side scaled before the product, so the scores carry factor².
         * Semantic Prompt's Visformer uses factor d^-¼: mathematically the same scores as d^-½ on
         * the product, but rounded differently (guaranteed bit-equal only when d^-¼ is a power of two), so a
         * port that must reproduce it uses this form.
         */
        record OnQueryAndKey(float factor) implements Scale {}

        /** s = 1/√d on the scores, the paper's default. */
        static Scale inverseSqrt(long headDim) { return new OnScores((float) (1.0 / Math.sqrt(headDim))); }

        /** q·d^-¼ and k·d^-¼. */
        static Scale splitInverseSqrt(long headDim) { return new OnQueryAndKey((float) Math.pow(headDim, -0.25)); }
    }

    /** The attended values (B, H, T, d_v) and the attention weights A (B, H, T, S), rows summing to 1. */
    public record Result(NDArray output, NDArray weights) {}

    /** softmax(Q Kᵀ/√d) V, no mask, no dropout. */
    public static Result attend(NDArray q, NDArray k, NDArray v) {
        Shape qs = q.getShape();
        return attend(q, k, v, null, Scale.inverseSqrt(qs.get(qs.dimension() - 1)), 0f, false);
    }

    /** @param mask additive mask broadcastable to (B, H, T, S), or null */
    public static Result attend(NDArray q, NDArray k, NDArray v, NDArray mask, Scale scale) {
        return attend(q, k, v, mask, scale, 0f, false);
    }

    /**
     * @param mask    additive mask broadcastable to (B, H, T, S), or null
     * @param dropout rate of the dropout on the weights before they mix the values; acts only in training
     */
    public static Result attend(NDArray q, NDArray k, NDArray v, NDArray mask, Scale scale, float dropout, boolean training) {
        checkValues(k, v);
        NDArray weights = weights(q, k, mask, scale);
        NDArray dropped = Dropout.dropout(weights, dropout, training).singletonOrThrow();
        return new Result(dropped.matMul(v), weights);
    }

    /** A = softmax(s · Q Kᵀ + M) over the last axis, (B, H, T, S). */
    public static NDArray weights(NDArray q, NDArray k, NDArray mask, Scale scale) {
        checkQueryKey(q, k);
        NDArray scores;
        if (scale instanceof Scale.OnScores s) {
            NDArray dots = q.matMul(keysTransposed(k));
            scores = dots.mul(Scalars.like(dots, s.factor()));          // not mul(float): autograd keeps the factor (see Scalars)
        } else if (scale instanceof Scale.OnQueryAndKey s) {
            scores = q.mul(Scalars.like(q, s.factor())).matMul(keysTransposed(k.mul(Scalars.like(k, s.factor()))));
        } else {
            throw new IllegalArgumentException("unknown scale " + scale);
        }
        if (mask != null) scores = scores.add(mask);
        return scores.softmax(-1);
    }

    private static NDArray keysTransposed(NDArray k) { return k.transpose(0, 1, 3, 2); }

    private static void checkQueryKey(NDArray q, NDArray k) {
        Shape qs = q.getShape(), ks = k.getShape();
        if (qs.dimension() != 4 || ks.dimension() != 4)
            throw new IllegalArgumentException("attention needs q (B, H, T, d) and k (B, H, S, d), got " + qs + " and " + ks);
        if (qs.get(3) != ks.get(3))
            throw new IllegalArgumentException("q and k must share the key width d, got " + qs + " and " + ks);
        for (int axis = 0; axis < 2; axis++)
            if (qs.get(axis) != ks.get(axis) && qs.get(axis) != 1 && ks.get(axis) != 1)
                throw new IllegalArgumentException("q " + qs + " and k " + ks + " do not broadcast on axis " + axis);
    }

    private static void checkValues(NDArray k, NDArray v) {
        Shape ks = k.getShape(), vs = v.getShape();
        if (vs.dimension() != 4 || vs.get(2) != ks.get(2))
            throw new IllegalArgumentException("v must be (B, H, S, d_v) with the keys' S, got k " + ks + " and v " + vs);
    }
}
