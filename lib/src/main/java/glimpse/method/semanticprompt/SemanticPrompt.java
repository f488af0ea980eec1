package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The Semantic Prompt module (Chen et al., arXiv 2303.14123 §3.3, eq. 4–8), acting on the tokens
 * x (B, T, C) that enter one block of the backbone's last stage, for support images with class-text
 * features g (B, d):
 * <pre>
 *   channel interaction (first):  p_c = W_c g                       (Linear d → C, no bias)
 *                                 c   = mean of the T patch tokens
 *                                 β   = σ(W₂ σ(W₁ [c; p_c] + b₁) + b₂)   (W₁: 2C → C, W₂: C → C, sigmoids)
 *                                 β  ← β − mean_C(β);   every patch += β
 *   spatial interaction:          p_s = h_s(g)                      (Linear d → C no bias, or Linear d→d, ReLU, Linear d → C no bias)
 *                                 tokens ← [patches; p_s]           (T + 1 tokens through the remaining blocks)
 * </pre>
 * Input order [context; prompt] and the activations follow the official code. Forward takes
 * (tokens, text) and returns (B, T + 1, C), or (B, T, C) with the spatial part off.
 *
 * <p><b>BatchNorm and the prompt token.</b> The official code appends p_s as an extra map row copied
 * W times (an 8×7 map), so in training mode the remaining blocks' BatchNorms count the prompt W = 7
 * times per image. Here the prompt is <em>one</em> token: every BN after the insertion point
 * normalises over the B·(T+1) tokens, the prompt counted once per image — the clean version of
 * the same model (attention already saw a single prompt copy there). In inference mode, with
 * running statistics, the two coincide.
 */
public final class SemanticPrompt extends AbstractBlock {
    public enum Projection { LINEAR, MLP }

    /**
     * @param spatial  append the projected text as a token (spatial interaction)
     * @param channel  add β to every patch (channel interaction)
     */
    @RecordBuilder
    public record Config(int textDim, int dim, Projection projection, boolean spatial, boolean channel)
            implements SemanticPromptConfigBuilder.With {
        public Config {
            if (textDim <= 0 || dim <= 0) throw new IllegalArgumentException("text and feature widths must be positive, got " + textDim + ", " + dim);
            if (!spatial && !channel) throw new IllegalArgumentException("a Semantic Prompt with neither spatial nor channel interaction does nothing");
        }
        public static Config full(int textDim, int dim) { return new Config(textDim, dim, Projection.LINEAR, true, true); }
        public Config withInteractions(boolean spatialOn, boolean channelOn) { return with(b -> b.spatial(spatialOn).channel(channelOn)); }
    }

    private final Config config;
    private final Block spatialProjection, channelProjection, se1, se2;     // null where the interaction is off

    public SemanticPrompt(Config config) {
        this.config = config;
        if (config.spatial()) {
            Linear last = Linear.builder().setUnits(config.dim()).optBias(false).build();
            spatialProjection = addChildBlock("spatialProjection", config.projection() == Projection.LINEAR ? last
                    : new SequentialBlock().add(Linear.builder().setUnits(config.textDim()).build()).add(Activation.reluBlock()).add(last));
        } else spatialProjection = null;
        channelProjection = config.channel() ? addChildBlock("channelProjection", Linear.builder().setUnits(config.dim()).optBias(false).build()) : null;
        se1 = config.channel() ? addChildBlock("se1", Linear.builder().setUnits(config.dim()).build()) : null;
        se2 = config.channel() ? addChildBlock("se2", Linear.builder().setUnits(config.dim()).build()) : null;
    }

    public Config config() { return config; }

    /** The text projections (h_s, W_c): the group meta-tuned at the higher learning rate; the SE-MLP is not in it (official code). */
    public java.util.List<Block> textProjections() {
        java.util.List<Block> out = new java.util.ArrayList<>();
        if (spatialProjection != null) out.add(spatialProjection);
        if (channelProjection != null) out.add(channelProjection);
        return out;
    }

    public Block se2() { return se2; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0), g = inputs.get(1);
        checkInputs(x.getShape(), g.getShape());
        if (config.channel()) x = x.add(beta(ps, x, g, training).expandDims(1));
        if (config.spatial()) x = x.concat(spatialProjection.forward(ps, new NDList(g), training).head().expandDims(1), 1);
        return new NDList(x);
    }

    /** β (B, C), mean-centred over the channels: what channel interaction adds to every patch. */
    public NDArray beta(ParameterStore ps, NDArray tokens, NDArray text, boolean training) {
        NDArray context = tokens.mean(new int[] {1});
        NDArray prompt = channelProjection.forward(ps, new NDList(text), training).head();
        NDArray h = Activation.sigmoid(se1.forward(ps, new NDList(context.concat(prompt, 1)), training).head());
        NDArray beta = Activation.sigmoid(se2.forward(ps, new NDList(h), training).head());
        return beta.sub(beta.mean(new int[] {1}, true));
    }

    private void checkInputs(Shape x, Shape g) {
        if (x.dimension() != 3 || x.get(2) != config.dim())
            throw new IllegalArgumentException("Semantic Prompt expects tokens (B, T, " + config.dim() + "), got " + x);
        if (g.dimension() != 2 || g.get(0) != x.get(0) || g.get(1) != config.textDim())
            throw new IllegalArgumentException("Semantic Prompt expects one " + config.textDim() + "-d text vector per image, (" + x.get(0)
                    + ", " + config.textDim() + "), got " + g);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {config.spatial() ? new Shape(x.get(0), x.get(1) + 1, x.get(2)) : x};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape text = inputShapes[1];
        if (spatialProjection != null) spatialProjection.initialize(manager, dataType, text);
        if (channelProjection != null) {
            channelProjection.initialize(manager, dataType, text);
            se1.initialize(manager, dataType, new Shape(text.get(0), 2L * config.dim()));
            se2.initialize(manager, dataType, new Shape(text.get(0), config.dim()));
        }
    }
}
