package glimpse.nn;

import ai.djl.nn.Block;

/**
 * The workbook's small ViT: patches of {@code patch} px, {@code depth} pre-LayerNorm GELU blocks of
 * {@code width} with {@code heads} heads and MLP ratio {@code mlpRatio}, a class token. As a pre-trained
 * {@link Architecture} it is read through its class token; a pipeline that pools the tokens itself builds
 * it with {@link #build}{@code (size, TOKENS)} and loads the same weights.
 */
public record SmallVit(int patch, int width, int depth, int heads, int mlpRatio) implements Architecture {
    public SmallVit {
        if (patch < 1 || depth < 1 || heads < 1 || width % heads != 0)
            throw new IllegalArgumentException("patch, depth and heads >= 1 and heads dividing the width: " + this);
    }

    /** Patch 4, width 128, depth 4, 4 heads, MLP 4 (≈ 0.8 M parameters, ≈ 56 M multiply-adds per 32-px image). */
    public static SmallVit workbook() { return new SmallVit(4, 128, 4, 4, 4); }

    /** The ViT for square images of {@code imageSize} px (a multiple of the patch) with the given output. */
    public VisionTransformer build(int imageSize, BackboneOutput output) {
        if (imageSize % patch != 0)
            throw new IllegalArgumentException("the small ViT cuts " + patch + " px patches: image size " + imageSize + " is not a multiple of " + patch);
        return VisionTransformer.builder().image(imageSize, patch).encoder(depth, TransformerEncoderLayer.Config.preNormGelu(width, heads, mlpRatio))
                .classToken(true).output(output).build();
    }

    @Override public String label() { return "ViT-small p" + patch + " w" + width + " d" + depth; }

    @Override public Block backbone(int imageSize) { return build(imageSize, BackboneOutput.CLS); }
}
