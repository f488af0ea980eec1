package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention on tokens X (B, T, C) (Vaswani et al. 2017, arXiv 1706.03762 §3.2.2):
 * <pre>
 *   Q, K, V = X W_{q,k,v}ᵀ + b_{q,k,v}, each split into H heads of width d = C / H   → (B, H, T, d)
 *   head_h  = softmax(s · Q_h K_hᵀ + M) V_h                                         ({@link ScaledDotProductAttention})
 *   out     = concat_h(head_h) W_oᵀ + b_o                                            → (B, T, C)
 * </pre>
 * Dropout acts on the attention weights (training only). Forward takes (x) or (x, additive mask
 * broadcastable to (B, H, T, T)).
 *
 * <p>Parameter names: {@link Projections#SEPARATE} gives children "query", "key", "value",
 * "output"; {@link Projections#FUSED} gives "qkv" (C → 3C, rows [W_q; W_k; W_v], the layout of
 * timm's ViT checkpoints) and "output".
 */
public final class MultiHeadSelfAttention extends AbstractBlock {

    /** Three projection matrices or one stacked one: the same function, different parameters and rounding. */
    public enum Projections { SEPARATE, FUSED }

    /** s = 1/√d on the scores, or d^-¼ on q and on k (Visformer, Semantic Prompt). */
    public enum Scaling { ON_SCORES, SPLIT }

    /**
     * @param dim              token width C
     * @param heads            H; must divide C
     * @param qkvBias          whether Q, K, V have a bias (Visformer: no; ViT, PyTorch: yes)
     * @param attentionDropout dropout rate on the attention weights
     * @param outputBias       whether the output projection has a bias (Visformer's 1×1-conv projection: no)
     */
    public record Config(int dim, int heads, Projections projections, boolean qkvBias, Scaling scaling, float attentionDropout,
                         boolean outputBias) {
        public Config {
            if (dim <= 0 || heads <= 0) throw new IllegalArgumentException("dim and heads must be positive, got " + dim + ", " + heads);
            if (dim % heads != 0) throw new IllegalArgumentException("dim " + dim + " is not divisible by " + heads + " heads");
            if (attentionDropout < 0 || attentionDropout >= 1) throw new IllegalArgumentException("attention dropout must be in [0, 1), not " + attentionDropout);
            if (projections == null || scaling == null) throw new IllegalArgumentException("projections and scaling must be given");
        }
        /** Separate biased projections, 1/√d on the scores, no dropout. */
        public static Config of(int dim, int heads) { return new Config(dim, heads, Projections.SEPARATE, true, Scaling.ON_SCORES, 0f, true); }
        /** A changed copy: {@code config.with(b -> b.qkvBias(false).scaling(Scaling.SPLIT))}. */
        public Config with(java.util.function.UnaryOperator<Builder> change) { return change.apply(new Builder(this)).build(); }
        public int headDim() { return dim / heads; }
        ScaledDotProductAttention.Scale scale() {
            return scaling == Scaling.ON_SCORES ? ScaledDotProductAttention.Scale.inverseSqrt(headDim())
                    : ScaledDotProductAttention.Scale.splitInverseSqrt(headDim());
        }

        public static final class Builder {
            private int dim, heads;
            private Projections projections;
            private boolean qkvBias, outputBias;
            private Scaling scaling;
            private float attentionDropout;

            private Builder(Config c) {
                dim = c.dim; heads = c.heads; projections = c.projections; qkvBias = c.qkvBias; scaling = c.scaling;
                attentionDropout = c.attentionDropout; outputBias = c.outputBias;
            }

            public Builder projections(Projections v) { projections = v; return this; }
            public Builder qkvBias(boolean v) { qkvBias = v; return this; }
            public Builder scaling(Scaling v) { scaling = v; return this; }
            public Builder attentionDropout(float v) { attentionDropout = v; return this; }
            public Builder outputBias(boolean v) { outputBias = v; return this; }
            public Config build() { return new Config(dim, heads, projections, qkvBias, scaling, attentionDropout, outputBias); }
        }
    }

    private final Config config;
    private final Linear query, key, value, qkv, output;   // query/key/value or qkv, as config.projections says

    public MultiHeadSelfAttention(Config config) {
        this.config = config;
        boolean separate = config.projections() == Projections.SEPARATE;
        query = separate ? addChildBlock("query", projection(config.dim())) : null;
        key = separate ? addChildBlock("key", projection(config.dim())) : null;
        value = separate ? addChildBlock("value", projection(config.dim())) : null;
        qkv = separate ? null : addChildBlock("qkv", projection(3 * config.dim()));
        output = addChildBlock("output", Linear.builder().setUnits(config.dim()).optBias(config.outputBias()).build());
    }

    private Linear projection(int units) { return Linear.builder().setUnits(units).optBias(config.qkvBias()).build(); }

    public Config config() { return config; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(attend(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training).output());
    }

    /** The layer's output (B, T, C) and its attention weights (B, H, T, T) before dropout. */
    public ScaledDotProductAttention.Result attend(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        checkInput(x);
        NDArray[] qkvHeads = queryKeyValue(ps, x, training);
        ScaledDotProductAttention.Result r = ScaledDotProductAttention.attend(qkvHeads[0], qkvHeads[1], qkvHeads[2], mask,
                config.scale(), config.attentionDropout(), training);
        NDArray merged = mergeHeads(r.output());
        return new ScaledDotProductAttention.Result(TokenLinear.apply(output, ps, merged, training), r.weights());
    }

    /** The attention weights (B, H, T, T) in inference mode: who attends to whom. */
    public NDArray weights(ParameterStore ps, NDArray x, NDArray mask) {
        checkInput(x);
        NDArray q, k;
        if (qkv == null) {
            q = splitHeads(TokenLinear.apply(query, ps, x, false));
            k = splitHeads(TokenLinear.apply(key, ps, x, false));
        } else {
            NDArray[] all = queryKeyValue(ps, x, false);
            q = all[0];
            k = all[1];
        }
        return ScaledDotProductAttention.weights(q, k, mask, config.scale());
    }

    /** Q, K, V split into heads, each (B, H, T, d). */
    private NDArray[] queryKeyValue(ParameterStore ps, NDArray x, boolean training) {
        if (qkv == null)
            return new NDArray[] {splitHeads(TokenLinear.apply(query, ps, x, training)), splitHeads(TokenLinear.apply(key, ps, x, training)),
                    splitHeads(TokenLinear.apply(value, ps, x, training))};
        NDList parts = TokenLinear.apply(qkv, ps, x, training).split(3, 2);    // [Q | K | V] along the channels
        return new NDArray[] {splitHeads(parts.get(0)), splitHeads(parts.get(1)), splitHeads(parts.get(2))};
    }

    /** (B, T, C) → (B, H, T, d). */
    private NDArray splitHeads(NDArray t) {
        Shape s = t.getShape();
        return t.reshape(s.get(0), s.get(1), config.heads(), config.headDim()).transpose(0, 2, 1, 3);
    }

    /** (B, H, T, d) → (B, T, C), heads side by side as in concat_h. */
    private NDArray mergeHeads(NDArray t) {
        Shape s = t.getShape();
        return t.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), config.dim());
    }

    private void checkInput(NDArray x) {
        if (x.getShape().dimension() != 3 || x.getShape().get(2) != config.dim())
            throw new IllegalArgumentException("self-attention expects tokens (B, T, " + config.dim() + "), got " + x.getShape());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        for (Linear l : new Linear[] {query, key, value, qkv, output}) if (l != null) l.initialize(manager, dataType, tokens);
    }
}
