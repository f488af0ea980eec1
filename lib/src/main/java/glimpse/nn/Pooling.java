package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * How a descriptor is read off a backbone's tokens (B, T, C) — a ViT's [class token] + patch
 * tokens, or a CNN map laid out as tokens by {@link #mapToTokens}. The alternatives compared by
 * El-Nouby et al. (arXiv 2102.05644 §4, pooling table): the class token, or mean, max or GeM over the
 * patch tokens only.
 */
public enum Pooling {
    /** Token 0, the class token (a ViT built with one). */
    CLS,
    /** The mean over the patch tokens. */
    MEAN,
    /** The per-channel maximum over the patch tokens. */
    MAX,
    /**
     * Generalised mean (Radenović, Tolias, Chum, arXiv 1711.02512 Eq. 3): (mean_t x_t^p)^(1/p) per
     * channel, p = 3 fixed; x is clamped at 1e-6 first, as in that paper's code, since tokens can be negative.
     */
    GEM;

    public static final double GEM_P = 3, GEM_MIN = 1e-6;
    /** The floor of a norm in {@link #l2Normalise} (as torch.nn.functional.normalize's default ε). */
    public static final double NORM_FLOOR = 1e-12;

    /** (B, T, C) → (B, C); {@code classToken} says whether token 0 is a class token (then excluded from MEAN/MAX/GEM). */
    public NDArray pool(NDArray tokens, boolean classToken) {
        if (tokens.getShape().dimension() != 3) throw new IllegalArgumentException("pooling takes tokens (B, T, C), got " + tokens.getShape());
        if (this == CLS) {
            if (!classToken) throw new IllegalArgumentException("CLS pooling needs a backbone with a class token (a ViT built with classToken(true))");
            return tokens.get(new NDIndex(":, 0, :"));
        }
        NDArray patches = classToken ? tokens.get(new NDIndex(":, 1:, :")) : tokens;
        return switch (this) {
            case MEAN -> patches.mean(new int[] {1});
            case MAX -> patches.max(new int[] {1});
            case GEM -> patches.maximum(Scalars.like(patches, GEM_MIN)).pow(Scalars.like(patches, GEM_P)).mean(new int[] {1})
                    .pow(Scalars.like(patches, 1 / GEM_P));
            case CLS -> throw new IllegalStateException("handled above");
        };
    }

    /** A CNN feature map (B, C, H, W) as H·W tokens (B, H·W, C), row-major. */
    public static NDArray mapToTokens(NDArray map) {
        if (map.getShape().dimension() != 4) throw new IllegalArgumentException("a feature map is (B, C, H, W), got " + map.getShape());
        long b = map.getShape().get(0), c = map.getShape().get(1);
        return map.reshape(b, c, -1).transpose(0, 2, 1);
    }

    /** Each row divided by its L2 norm (floored at {@link #NORM_FLOOR}): (B, C) → (B, C). */
    public static NDArray l2Normalise(NDArray x) {
        NDArray norm = x.square().sum(new int[] {1}, true).sqrt();
        return x.div(norm.maximum(Scalars.like(norm, NORM_FLOOR)));
    }
}
