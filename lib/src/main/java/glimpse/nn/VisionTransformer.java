package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A vision transformer backbone (Dosovitskiy et al. 2020, arXiv 2010.11929 §3.1, eq. 1–4):
 * <pre>
 *   z₀ = [x_cls; x_p¹E; …; x_pᴺE] + E_pos        E: a p×p convolution with stride p (one patch → one token)
 *   z_ℓ = Layer_ℓ(z_{ℓ−1}), ℓ = 1…depth            {@link TransformerEncoderLayer}
 *   y  = Norm(z_depth)                              then the {@link BackboneOutput} asked for
 * </pre>
 * N = (image / p)² patches, row-major over the grid. The class token is optional; the learned
 * position embedding E_pos has one row per class and patch token. Both start from a truncated
 * normal with σ = 0.02 (timm's choice); the convolution and the linear layers keep DJL's default
 * (Xavier) initialisation. Dropout (the layers' rate) follows the position embedding.
 *
 * <p><b>Extra tokens</b> (e.g. Semantic Prompt's prompt token): with {@code extraTokens(P, ℓ)} the
 * forward takes (images, extra (B, P, C)); the P tokens are appended after the class and patch tokens
 * right before layer ℓ and carry no position embedding. MAP and POOLED use the patch tokens only.
 *
 * <pre>{@code
 * // IRT-sized: 32 px, patch 4 (8×8 = 64 patches), width 64, depth 2, 4 heads, MLP ratio 2, CLS out
 * VisionTransformer vit = VisionTransformer.builder().image(32, 4)
 *         .encoder(2, TransformerEncoderLayer.Config.preNormGelu(64, 4, 2.0))
 *         .classToken(true).output(BackboneOutput.CLS).build();
 * }</pre>
 *
 * <p>Parameter names: "classToken", "positions", "01patchEmbedding_…", "02layer0_…", …, and the
 * final norm's last (depth 2: "04finalNorm_gamma").
 */
public final class VisionTransformer extends AbstractBlock {
    private final int imageSize, patchSize, gridSize, extraTokens, extraTokensBeforeLayer;
    private final boolean classToken;
    private final TransformerEncoderLayer.Config layerConfig;
    private final BackboneOutput output;
    private final Conv2d patchEmbedding;
    private final List<TransformerEncoderLayer> layers = new ArrayList<>();
    private final Block finalNorm;                      // null when omitted
    private final Parameter classTokenValue, positions; // classTokenValue null without a class token

    private VisionTransformer(Builder b) {
        imageSize = b.imageSize;
        patchSize = b.patchSize;
        gridSize = b.imageSize / b.patchSize;
        classToken = b.classToken;
        extraTokens = b.extraTokens;
        extraTokensBeforeLayer = b.extraTokensBeforeLayer;
        layerConfig = b.layer;
        output = b.output;
        int c = layerConfig.dim();
        classTokenValue = classToken ? addParameter(tokenParameter("classToken")) : null;
        positions = addParameter(tokenParameter("positions"));
        patchEmbedding = addChildBlock("patchEmbedding", Conv2d.builder().setKernelShape(new Shape(patchSize, patchSize))
                .optStride(new Shape(patchSize, patchSize)).setFilters(c).build());
        for (int i = 0; i < b.depth; i++) layers.add(addChildBlock("layer" + i, new TransformerEncoderLayer(layerConfig)));
        finalNorm = b.finalNorm ? addChildBlock("finalNorm", layerConfig.norm().create()) : null;
    }

    private static Parameter tokenParameter(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optInitializer(new TruncatedNormalInitializer(0.02f)).build();
    }

    public static Builder builder() { return new Builder(); }

    /**
     * DeiT-Small (Touvron et al. 2021, arXiv 2012.12877, Table 1; timm's {@code deit_small_patch16_224}):
     * 16-px patches, width 384, 12 pre-LayerNorm layers (ε 1e-6) of 6 heads, MLP 1536 with exact
     * GELU, a class token and the final norm; IRT's backbone. Its ImageNet checkpoint loads through
     * {@link glimpse.nn.weights.TimmDeitImport}, which resizes the position embedding for image
     * sizes other than 224 (any multiple of 16).
     */
    public static VisionTransformer deitSmall(int imageSize, BackboneOutput output) {
        return builder().image(imageSize, 16).encoder(12, TransformerEncoderLayer.Config.preNormGelu(384, 6, 4.0))
                .classToken(true).output(output).build();
    }

    public int patchCount() { return gridSize * gridSize; }
    public int dim() { return layerConfig.dim(); }
    public BackboneOutput output() { return output; }
    public List<TransformerEncoderLayer> layers() { return List.copyOf(layers); }

    /** Tokens in the sequence: [class token] + patches + extra tokens. */
    public int sequenceLength() { return (classToken ? 1 : 0) + patchCount() + extraTokens; }

    @Override
    protected void prepare(Shape[] inputShapes) {
        checkImages(inputShapes[0]);
        if (classTokenValue != null) classTokenValue.setShape(new Shape(1, 1, dim()));
        positions.setShape(new Shape(1, (classToken ? 1 : 0) + patchCount(), dim()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        checkImages(images.getShape());
        NDArray extra = extraTokens == 0 ? null : checkedExtraTokens(inputs, images.getShape().get(0));
        NDArray tokens = drop(embed(ps, images, training), training);
        for (int i = 0; i < layers.size(); i++) {
            if (extra != null && i == extraTokensBeforeLayer) tokens = tokens.concat(extra, 1);
            tokens = layers.get(i).forward(ps, new NDList(tokens), training).head();
        }
        if (finalNorm != null) tokens = finalNorm.forward(ps, new NDList(tokens), training).head();
        return new NDList(select(tokens));
    }

    /** z₀: patch tokens, the class token in front, plus E_pos (B, [1 +] N, C). */
    private NDArray embed(ParameterStore ps, NDArray images, boolean training) {
        long batch = images.getShape().get(0);
        NDArray maps = patchEmbedding.forward(ps, new NDList(images), training).head();             // (B, C, g, g)
        NDArray tokens = maps.reshape(batch, dim(), patchCount()).transpose(0, 2, 1);                // (B, N, C)
        if (classTokenValue != null) {
            NDArray cls = ps.getValue(classTokenValue, images.getDevice(), training).broadcast(new Shape(batch, 1, dim()));
            cls.attach(tokens.getManager());   // an op on a parameter lands in the parameter's manager: bring it to the step's, or every later op leaks there
            tokens = NDArrays.concat(new NDList(cls, tokens), 1);
        }
        return tokens.add(ps.getValue(positions, images.getDevice(), training));
    }

    private NDArray select(NDArray tokens) {
        int first = classToken ? 1 : 0;
        return switch (output) {
            case TOKENS -> tokens;
            case CLS -> tokens.get(new NDIndex(":, 0, :"));
            case POOLED -> patchTokens(tokens, first).mean(new int[] {1});
            case MAP -> patchTokens(tokens, first).transpose(0, 2, 1).reshape(tokens.getShape().get(0), dim(), gridSize, gridSize);
            case FLATTENED -> throw new IllegalStateException("checked in the builder");
        };
    }

    private NDArray patchTokens(NDArray tokens, int first) {
        return tokens.get(new NDIndex(":, {}:{}, :", first, first + patchCount()));
    }

    private NDArray drop(NDArray x, boolean training) { return Dropout.dropout(x, layerConfig.dropout(), training).singletonOrThrow(); }

    private void checkImages(Shape s) {
        if (s.dimension() != 4 || s.get(2) != imageSize || s.get(3) != imageSize)
            throw new IllegalArgumentException("this ViT takes images (B, channels, " + imageSize + ", " + imageSize
                    + ") (its position embedding has one row per patch), got " + s);
    }

    private NDArray checkedExtraTokens(NDList inputs, long batch) {
        if (inputs.size() < 2) throw new IllegalArgumentException("this ViT appends " + extraTokens + " extra token(s): forward (images, extra (B, " + extraTokens + ", " + dim() + "))");
        NDArray extra = inputs.get(1);
        if (!extra.getShape().equals(new Shape(batch, extraTokens, dim())))
            throw new IllegalArgumentException("extra tokens must be (" + batch + ", " + extraTokens + ", " + dim() + "), got " + extra.getShape());
        return extra;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {switch (output) {
            case TOKENS -> new Shape(batch, sequenceLength(), dim());
            case CLS, POOLED -> new Shape(batch, dim());
            case MAP -> new Shape(batch, dim(), gridSize, gridSize);
            case FLATTENED -> throw new IllegalStateException("checked in the builder");
        }};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        patchEmbedding.initialize(manager, dataType, inputShapes[0]);
        Shape tokens = new Shape(inputShapes[0].get(0), sequenceLength(), dim());
        for (TransformerEncoderLayer layer : layers) layer.initialize(manager, dataType, tokens);
        if (finalNorm != null) finalNorm.initialize(manager, dataType, tokens);
    }

    /** Builds a {@link VisionTransformer}; image and encoder are required. */
    public static final class Builder {
        private int imageSize, patchSize, depth, extraTokens, extraTokensBeforeLayer;
        private TransformerEncoderLayer.Config layer;
        private boolean classToken, finalNorm = true;
        private BackboneOutput output = BackboneOutput.TOKENS;

        private Builder() {}

        /** Square images of {@code imageSize} px cut into {@code patchSize}-px patches (patchSize must divide imageSize). */
        public Builder image(int imageSize, int patchSize) { this.imageSize = imageSize; this.patchSize = patchSize; return this; }

        /** {@code depth} encoder layers, each configured by {@code layer} (its dim is the token width). */
        public Builder encoder(int depth, TransformerEncoderLayer.Config layer) { this.depth = depth; this.layer = layer; return this; }

        public Builder classToken(boolean v) { this.classToken = v; return this; }

        /** {@code count} caller-supplied tokens appended right before layer {@code beforeLayer} (0 = into the first layer). */
        public Builder extraTokens(int count, int beforeLayer) { this.extraTokens = count; this.extraTokensBeforeLayer = beforeLayer; return this; }

        /** Whether the layers' norm is applied to the last layer's tokens (default true; ViT's pre-norm stack needs it). */
        public Builder finalNorm(boolean v) { this.finalNorm = v; return this; }

        public Builder output(BackboneOutput v) { this.output = v; return this; }

        public VisionTransformer build() {
            if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0)
                throw new IllegalArgumentException("patch size " + patchSize + " must be positive and divide the image size " + imageSize);
            if (layer == null || depth <= 0) throw new IllegalArgumentException("set encoder(depth > 0, layer config), got depth " + depth);
            if (extraTokens < 0 || (extraTokens > 0 && (extraTokensBeforeLayer < 0 || extraTokensBeforeLayer >= depth)))
                throw new IllegalArgumentException("extra tokens: count >= 0 and 0 <= beforeLayer < depth, got " + extraTokens + ", " + extraTokensBeforeLayer);
            if (output == null || output == BackboneOutput.FLATTENED) throw new IllegalArgumentException("a ViT outputs MAP, POOLED, TOKENS or CLS, not " + output);
            if (output == BackboneOutput.CLS && !classToken) throw new IllegalArgumentException("CLS output needs classToken(true)");
            return new VisionTransformer(this);
        }
    }
}
