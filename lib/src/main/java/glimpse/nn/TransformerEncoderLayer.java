package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One transformer encoder layer on tokens X (B, T, C) (Vaswani et al. 2017, arXiv 1706.03762 §3.1;
 * pre-norm as in ViT, Dosovitskiy et al. 2020, arXiv 2010.11929 §3.1, eq. 2–3):
 * <pre>
 *   MLP(X) = W₂ Drop(act(W₁ X + b₁)) + b₂                     W₁: C → hidden, W₂: hidden → C
 *   pre-norm:   X₁ = X + Drop(MSA(N₁(X)))       out = X₁ + Drop(MLP(N₂(X₁)))
 *   post-norm:  X₁ = N₁(X + Drop(MSA(X)))       out = N₂(X₁ + Drop(MLP(X₁)))
 * </pre>
 * N₁, N₂ come from a {@link TokenNorm} (LayerNorm, or BatchNorm over channels for Visformer).
 * Without positional information the layer is permutation-equivariant over its T tokens.
 * Forward takes (x) or (x, additive attention mask broadcastable to (B, H, T, T)).
 *
 * <p>Children (parameter-name segments): "norm1", "attention", "norm2", "mlpHidden", "mlpOutput".
 */
public final class TransformerEncoderLayer extends AbstractBlock {
    /** PyTorch's LayerNorm ε, used by {@link Config#postNormRelu}. */
    public static final float PYTORCH_LAYER_NORM_EPSILON = 1e-5f;

    /** Where the norms sit: before each sub-layer inside the residual branch, or after each residual sum. */
    public enum NormPlacement { PRE, POST }

    public enum MlpActivation { GELU, RELU }

    /**
     * @param mlpHidden width of the MLP's hidden layer (ViT: 4·C; PyTorch's dim_feedforward)
     * @param dropout   rate after the attention and MLP outputs and inside the MLP (attention-weight
     *                  dropout is {@code attention.attentionDropout()})
     * @param mlpBias   whether the MLP's two linear maps have biases (Visformer's 1×1 convs: no)
     */
    public record Config(MultiHeadSelfAttention.Config attention, int mlpHidden, NormPlacement placement, TokenNorm norm,
                         MlpActivation activation, float dropout, boolean mlpBias) {
        public Config {
            if (attention == null || placement == null || norm == null || activation == null)
                throw new IllegalArgumentException("attention, placement, norm and activation must be given");
            if (mlpHidden <= 0) throw new IllegalArgumentException("mlpHidden must be positive, not " + mlpHidden);
            if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        }

        /**
         * PyTorch's {@code nn.TransformerEncoderLayer} with its defaults: post-LayerNorm (ε 1e-5),
         * ReLU, separate biased projections, the same dropout on weights, residual branches and MLP.
         */
        public static Config postNormRelu(int dim, int heads, int mlpHidden, float dropout) {
            return new Config(MultiHeadSelfAttention.Config.of(dim, heads).with(a -> a.attentionDropout(dropout)), mlpHidden,
                    NormPlacement.POST, TokenNorm.layerNorm(PYTORCH_LAYER_NORM_EPSILON), MlpActivation.RELU, dropout, true);
        }

        /** The ViT block: pre-LayerNorm (ε 1e-6, as timm), GELU, fused biased qkv, hidden = round(ratio·C), no dropout. */
        public static Config preNormGelu(int dim, int heads, double mlpRatio) {
            if (mlpRatio <= 0) throw new IllegalArgumentException("mlpRatio must be positive, not " + mlpRatio);
            return new Config(MultiHeadSelfAttention.Config.of(dim, heads).with(a -> a.projections(MultiHeadSelfAttention.Projections.FUSED)),
                    (int) Math.round(mlpRatio * dim), NormPlacement.PRE, TokenNorm.layerNorm(1e-6f), MlpActivation.GELU, 0f, true);
        }

        /** A changed copy: {@code config.with(b -> b.norm(TokenNorm.batchNorm()).mlpBias(false))}. */
        public Config with(java.util.function.UnaryOperator<Builder> change) { return change.apply(new Builder(this)).build(); }

        public int dim() { return attention.dim(); }

        public static final class Builder {
            private MultiHeadSelfAttention.Config attention;
            private int mlpHidden;
            private NormPlacement placement;
            private TokenNorm norm;
            private MlpActivation activation;
            private float dropout;
            private boolean mlpBias;

            private Builder(Config c) {
                attention = c.attention; mlpHidden = c.mlpHidden; placement = c.placement; norm = c.norm; activation = c.activation;
                dropout = c.dropout; mlpBias = c.mlpBias;
            }

            public Builder attention(MultiHeadSelfAttention.Config v) { attention = v; return this; }
            /** A change of the attention's config, e.g. {@code a -> a.qkvBias(false)}. */
            public Builder attention(java.util.function.UnaryOperator<MultiHeadSelfAttention.Config.Builder> change) { attention = attention.with(change); return this; }
            public Builder mlpHidden(int v) { mlpHidden = v; return this; }
            public Builder placement(NormPlacement v) { placement = v; return this; }
            public Builder norm(TokenNorm v) { norm = v; return this; }
            public Builder activation(MlpActivation v) { activation = v; return this; }
            /** Residual and MLP dropout only; attention-weight dropout is the attention's. */
            public Builder dropout(float v) { dropout = v; return this; }
            public Builder mlpBias(boolean v) { mlpBias = v; return this; }
            public Config build() { return new Config(attention, mlpHidden, placement, norm, activation, dropout, mlpBias); }
        }
    }

    private final Config config;
    private final Block norm1, norm2;
    private final MultiHeadSelfAttention attention;
    private final Linear mlpHidden, mlpOutput;

    public TransformerEncoderLayer(Config config) {
        this.config = config;
        norm1 = addChildBlock("norm1", config.norm().create());
        attention = addChildBlock("attention", new MultiHeadSelfAttention(config.attention()));
        norm2 = addChildBlock("norm2", config.norm().create());
        mlpHidden = addChildBlock("mlpHidden", Linear.builder().setUnits(config.mlpHidden()).optBias(config.mlpBias()).build());
        mlpOutput = addChildBlock("mlpOutput", Linear.builder().setUnits(config.dim()).optBias(config.mlpBias()).build());
    }

    public Config config() { return config; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0), mask = inputs.size() > 1 ? inputs.get(1) : null;
        if (config.placement() == NormPlacement.PRE) {
            NDArray x1 = x.add(drop(attention.attend(ps, norm(ps, norm1, x, training), mask, training).output(), training));
            return new NDList(x1.add(drop(mlp(ps, norm(ps, norm2, x1, training), training), training)));
        }
        NDArray x1 = norm(ps, norm1, x.add(drop(attention.attend(ps, x, mask, training).output(), training)), training);
        return new NDList(norm(ps, norm2, x1.add(drop(mlp(ps, x1, training), training)), training));
    }

    /** The attention weights (B, H, T, T) this layer computes on x, in inference mode. */
    public NDArray attentionWeights(ParameterStore ps, NDArray x, NDArray mask) {
        NDArray attended = config.placement() == NormPlacement.PRE ? norm(ps, norm1, x, false) : x;
        return attention.weights(ps, attended, mask);
    }

    private NDArray mlp(ParameterStore ps, NDArray x, boolean training) {
        NDArray hidden = TokenLinear.apply(mlpHidden, ps, x, training);
        hidden = config.activation() == MlpActivation.GELU ? Activation.gelu(hidden) : Activation.relu(hidden);
        return TokenLinear.apply(mlpOutput, ps, drop(hidden, training), training);
    }

    private NDArray drop(NDArray x, boolean training) { return Dropout.dropout(x, config.dropout(), training).singletonOrThrow(); }

    private static NDArray norm(ParameterStore ps, Block norm, NDArray x, boolean training) {
        return norm.forward(ps, new NDList(x), training).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        if (tokens.dimension() != 3 || tokens.get(2) != config.dim())
            throw new IllegalArgumentException("encoder layer expects tokens (B, T, " + config.dim() + "), got " + tokens);
        norm1.initialize(manager, dataType, tokens);
        attention.initialize(manager, dataType, tokens);
        norm2.initialize(manager, dataType, tokens);
        mlpHidden.initialize(manager, dataType, tokens);
        mlpOutput.initialize(manager, dataType, new Shape(tokens.get(0), tokens.get(1), config.mlpHidden()));
    }
}
