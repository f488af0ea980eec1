package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import glimpse.nn.TransformerEncoderLayer;

/**
 * One transformer encoder layer as BatchFormer uses it (Hou, Yu, Tao 2022, arXiv 2203.01522 §3):
 * the shared {@link TransformerEncoderLayer} with PyTorch's {@code nn.TransformerEncoderLayer}
 * defaults (post-LayerNorm, ReLU; {@link TransformerEncoderLayer.Config#postNormRelu}) applied to a
 * whole mini-batch of features X ∈ R^{N×C} read as ONE sequence (1, N, C), with no positional encoding:
 * <pre>
 *   A   = softmax(Q Kᵀ / √d) per head,  Q, K, V = X W_{q,k,v}ᵀ + b,  d = C / heads
 *   X₁  = LN(X  + Drop(concat_heads(Drop(A) V) W_oᵀ + b_o))
 *   out = LN(X₁ + Drop(W₂ Drop(ReLU(W₁ X₁ + b₁)) + b₂))      W₁: C→ffn, W₂: ffn→C
 * </pre>
 * Row i of the output mixes every row of the input, which is the point: sample i's feature now
 * depends on the other samples of its batch. Without positional encoding the layer is
 * permutation-equivariant over the batch. Dropout acts only in training mode.
 *
 * <p>Its numbers are those of the layer's earlier stand-alone implementation bit for bit
 * ({@code BatchEncoderLayerRegressionTest}). Parameter names: "01transformer_" + the shared layer's.
 */
public final class BatchEncoderLayer extends AbstractBlock {
    /** PyTorch's LayerNorm ε, so the layer matches nn.TransformerEncoderLayer. */
    public static final float LN_EPSILON = TransformerEncoderLayer.PYTORCH_LAYER_NORM_EPSILON;

    private final int dModel;
    private final TransformerEncoderLayer transformer;

    public BatchEncoderLayer(int dModel, int heads, int ffnWidth, float dropout) {
        if (dModel <= 0 || heads <= 0 || ffnWidth <= 0) throw new IllegalArgumentException("dModel, heads and ffnWidth must be positive");
        if (dModel % heads != 0) throw new IllegalArgumentException("dModel " + dModel + " is not divisible by " + heads + " heads");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        this.dModel = dModel;
        transformer = addChildBlock("transformer", new TransformerEncoderLayer(
                TransformerEncoderLayer.Config.postNormRelu(dModel, heads, ffnWidth, dropout)));
    }

    public int heads() { return transformer.config().attention().heads(); }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x);
        return new NDList(transformer.forward(ps, new NDList(asOneSequence(x)), training).head().squeeze(0));
    }

    /** The attention probabilities (heads, N, N): row i says how much sample i attends to each sample. */
    public NDArray attention(ParameterStore ps, NDArray x) {
        checkInput(x);
        return transformer.attentionWeights(ps, asOneSequence(x), null).squeeze(0);
    }

    /** (N, C) → (1, N, C): the batch is the sequence. */
    private static NDArray asOneSequence(NDArray x) { return x.expandDims(0); }

    private void checkInput(NDArray x) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != dModel)
            throw new IllegalArgumentException("BatchFormer expects batch features (N, " + dModel + "), got " + x.getShape());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transformer.initialize(manager, dataType, new Shape(1).addAll(inputShapes[0]));
    }
}
