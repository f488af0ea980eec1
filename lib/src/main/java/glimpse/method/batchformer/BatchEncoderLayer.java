package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import glimpse.nn.Scalars;

/**
 * One transformer encoder layer as BatchFormer uses it (PyTorch's {@code TransformerEncoderLayer}
 * with its defaults: post-LayerNorm, ReLU), applied to a whole mini-batch of features
 * X ∈ R^{N×C} read as ONE sequence of N tokens, with no positional encoding:
 * <pre>
 *   A   = softmax(Q Kᵀ / √d) per head,  Q, K, V = X W_{q,k,v}ᵀ + b,  d = C / heads
 *   X₁  = LN(X  + Drop(concat_heads(Drop(A) V) W_oᵀ + b_o))
 *   out = LN(X₁ + Drop(W₂ Drop(ReLU(W₁ X₁ + b₁)) + b₂))      W₁: C→ffn, W₂: ffn→C
 * </pre>
 * Row i of the output mixes every row of the input, which is the point: sample i's feature now
 * depends on the other samples of its batch. Without positional encoding the layer is
 * permutation-equivariant over the batch. Dropout acts only in training mode.
 */
public final class BatchEncoderLayer extends AbstractBlock {
    /** PyTorch's LayerNorm ε, so the layer matches nn.TransformerEncoderLayer. */
    public static final float LN_EPSILON = 1e-5f;

    private final int dModel, heads, ffnWidth;
    private final float dropout;
    private final Linear query, key, value, output, ffn1, ffn2;
    private final LayerNorm norm1, norm2;

    public BatchEncoderLayer(int dModel, int heads, int ffnWidth, float dropout) {
        if (dModel <= 0 || heads <= 0 || ffnWidth <= 0) throw new IllegalArgumentException("dModel, heads and ffnWidth must be positive");
        if (dModel % heads != 0) throw new IllegalArgumentException("dModel " + dModel + " is not divisible by " + heads + " heads");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        this.dModel = dModel;
        this.heads = heads;
        this.ffnWidth = ffnWidth;
        this.dropout = dropout;
        query = addChildBlock("query", Linear.builder().setUnits(dModel).build());
        key = addChildBlock("key", Linear.builder().setUnits(dModel).build());
        value = addChildBlock("value", Linear.builder().setUnits(dModel).build());
        output = addChildBlock("output", Linear.builder().setUnits(dModel).build());
        norm1 = addChildBlock("norm1", LayerNorm.builder().axis(1).optEpsilon(LN_EPSILON).build());
        ffn1 = addChildBlock("ffn1", Linear.builder().setUnits(ffnWidth).build());
        ffn2 = addChildBlock("ffn2", Linear.builder().setUnits(dModel).build());
        norm2 = addChildBlock("norm2", LayerNorm.builder().axis(1).optEpsilon(LN_EPSILON).build());
    }

    public int heads() { return heads; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x);
        NDArray probs = attentionProbabilities(ps, x, training);
        NDArray attended = mixValues(ps, x, Dropout.dropout(probs, dropout, training).singletonOrThrow(), training);
        NDArray x1 = norm1.forward(ps, new NDList(x.add(Dropout.dropout(attended, dropout, training).singletonOrThrow())), training).head();
        NDArray hidden = ffn1.forward(ps, new NDList(x1), training).head().getNDArrayInternal().relu();
        hidden = Dropout.dropout(hidden, dropout, training).singletonOrThrow();
        NDArray ff = ffn2.forward(ps, new NDList(hidden), training).head();
        return new NDList(norm2.forward(ps, new NDList(x1.add(Dropout.dropout(ff, dropout, training).singletonOrThrow())), training).head());
    }

    /** The attention probabilities (heads, N, N): row i says how much sample i attends to each sample. */
    public NDArray attention(ParameterStore ps, NDArray x) {
        checkInput(x);
        return attentionProbabilities(ps, x, false);
    }

    private NDArray attentionProbabilities(ParameterStore ps, NDArray x, boolean training) {
        NDArray q = splitHeads(query.forward(ps, new NDList(x), training).head());
        NDArray k = splitHeads(key.forward(ps, new NDList(x), training).head());
        float scale = (float) (1.0 / Math.sqrt(dModel / (double) heads));
        NDArray dots = q.matMul(k.transpose(0, 2, 1));                   // (h, N, N)
        return dots.mul(Scalars.like(dots, scale)).softmax(-1);          // not mul(scale): see Scalars
    }

    private NDArray mixValues(ParameterStore ps, NDArray x, NDArray probs, boolean training) {
        long n = x.getShape().get(0);
        NDArray v = splitHeads(value.forward(ps, new NDList(x), training).head());        // (h, N, d)
        NDArray merged = probs.matMul(v).transpose(1, 0, 2).reshape(n, dModel);            // (N, C)
        return output.forward(ps, new NDList(merged), training).head();
    }

    /** (N, C) → (heads, N, C/heads). */
    private NDArray splitHeads(NDArray t) {
        long n = t.getShape().get(0);
        return t.reshape(n, heads, dModel / heads).transpose(1, 0, 2);
    }

    private void checkInput(NDArray x) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != dModel)
            throw new IllegalArgumentException("BatchFormer expects batch features (N, " + dModel + "), got " + x.getShape());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        for (Linear l : new Linear[] {query, key, value, output}) l.initialize(manager, dataType, in);
        norm1.initialize(manager, dataType, in);
        ffn1.initialize(manager, dataType, in);
        ffn2.initialize(manager, dataType, new Shape(in.get(0), ffnWidth));
        norm2.initialize(manager, dataType, in);
    }
}
