package glimpse.nn;

/**
 * What a backbone hands on, one vocabulary for the CNNs and the vision transformer. It replaces
 * two overlapping ones: {@link Conv4.Output} (FLATTEN, GLOBAL_AVG_POOL, SPATIAL_MAP) and the
 * {@code pool} flag of {@link ResNets} and {@link FewShotBackbone#build(boolean)}; both still work
 * and map onto it (see {@link #conv4Output} and {@link #pooled}).
 */
public enum BackboneOutput {
    /** (B, C, h, w): the feature map; for a ViT, its patch tokens laid back on their h×w grid. */
    MAP,
    /** (B, C): the mean over the map's h·w positions; for a ViT, over its patch tokens only. */
    POOLED,
    /** (B, C·h·w): the map flattened, Prototypical Networks' Conv-4 embedding (CNNs). */
    FLATTENED,
    /** (B, T, C): every token after the final norm, in the order [class token], patches, extra tokens (ViT only). */
    TOKENS,
    /** (B, C): the class token after the final norm (a ViT built with one). */
    CLS;

    /** The Conv-4 option that produces this output. */
    public Conv4.Output conv4Output() {
        return switch (this) {
            case MAP -> Conv4.Output.SPATIAL_MAP;
            case POOLED -> Conv4.Output.GLOBAL_AVG_POOL;
            case FLATTENED -> Conv4.Output.FLATTEN;
            case TOKENS, CLS -> throw new IllegalArgumentException(this + " is a transformer output; a CNN has no tokens");
        };
    }

    /** The {@code pool} flag of the ResNets and FewShotBackbone that produces this output. */
    public boolean pooled() {
        return switch (this) {
            case MAP -> false;
            case POOLED -> true;
            case FLATTENED, TOKENS, CLS -> throw new IllegalArgumentException(this + " is not a map-or-pooled output");
        };
    }
}
