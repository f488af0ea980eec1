package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import glimpse.nn.Scalars;

/**
 * TASN's trilinear attention (Zheng et al., CVPR 2019, §3.1, Eq. 2): from feature maps
 * X ∈ R^{c×h×w}, reshaped to c×hw,
 * <pre>
 *   M = softmax_row( softmax_spatial(β·X) · Xᵀ ) · X        β = 7 in the official code
 * </pre>
 * The inner softmax normalises each channel over its hw positions (β only there); the outer one
 * normalises each row of the c×c channel-relation matrix; Xᵀ and the right-hand X are raw. Each row
 * of M, laid back on h×w, is an attention map and (with the outer softmax) a convex combination of
 * the raw maps. The paper ablates the normalisation (§4.3): {@link Normalisation} selects it.
 *
 * <p>The input is detached ({@code stopGradient}): in TASN no gradient flows back from the sampler
 * into the attention network, which learns from its own auxiliary classifier only.
 */
public record TrilinearAttention(Normalisation normalisation, float beta) {
    /** Which of the two softmaxes are applied (the paper's normalisation ablation). */
    public enum Normalisation {
        /** softmax_row(softmax_spatial(βX)·Xᵀ)·X: the paper's choice. */
        BOTH,
        /** softmax_row(X·Xᵀ)·X: no spatial softmax. */
        NO_INNER,
        /** softmax_spatial(βX)·Xᵀ·X: no relation softmax. */
        NO_OUTER,
        /** X·Xᵀ·X: no normalisation. */
        NONE;

        boolean inner() { return this == BOTH || this == NO_OUTER; }
        boolean outer() { return this == BOTH || this == NO_INNER; }
    }

    public TrilinearAttention {
        if (!(beta > 0)) throw new IllegalArgumentException("the spatial softmax's factor β must be positive, not " + beta);
    }

    /** The official setting: both softmaxes, β = 7. */
    public static TrilinearAttention paper() { return new TrilinearAttention(Normalisation.BOTH, 7f); }

    /** Feature maps (B, c, h, w) → attention maps (B, c, h, w), with no gradient to the input. */
    public NDArray maps(NDArray features) {
        Shape s = features.getShape();
        if (s.dimension() != 4) throw new IllegalArgumentException("trilinear attention wants (B, c, h, w) maps, got " + s);
        NDArray x = features.stopGradient().reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        return relation(x).batchMatMul(x).reshape(s);
    }

    /** The c×c relation matrix per image (B, c, c): the left-hand factor of M, from X (B, c, hw). */
    public NDArray relation(NDArray x) {
        NDArray left = normalisation.inner() ? x.mul(Scalars.like(x, beta)).softmax(2) : x;
        NDArray r = left.batchMatMul(x.transpose(0, 2, 1));
        return normalisation.outer() ? r.softmax(2) : r;
    }
}
