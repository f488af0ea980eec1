package glimpse.fewshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A few-shot classifier as one DJL block: a backbone φ, then a method-specific head that turns
 * support features, their episode labels and query features into logits (n_q, N).
 *
 * <p>Input {@code (support images (n_s,C,H,W), support labels (n_s) int64, query images
 * (n_q,C,H,W))}; output {@code (logits (n_q, N))}. Supports and queries go through the backbone in
 * one batch, so BatchNorm sees the whole episode, as in the usual episodic implementations.
 */
public abstract class EpisodicModel extends AbstractBlock {
    protected final Block backbone;

    protected EpisodicModel(Block backbone) {
        this.backbone = addChildBlock("backbone", backbone);
    }

    public Block backbone() { return backbone; }

    /** The method: logits (n_q, ways) from backbone features of supports and queries. */
    public abstract NDArray logits(ParameterStore ps, NDArray supportFeatures, int[] supportLabels, int ways,
                                   NDArray queryFeatures, boolean training);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray support = inputs.get(0), labels = inputs.get(1), query = inputs.get(2);
        long ns = support.getShape().get(0);
        NDArray features = backbone.forward(ps, new NDList(support.concat(query)), training).singletonOrThrow();
        int[] ys = labels.toType(DataType.INT32, false).toIntArray();
        int ways = 0;
        for (int y : ys) ways = Math.max(ways, y + 1);
        return new NDList(logits(ps, features.get("0:" + ns), ys, ways, features.get(ns + ":"), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[2].get(0), -1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes[0]);
    }

    /** The backbone's output shape for images of this shape (batch first). */
    protected Shape featureShape(Shape imageShape) {
        return backbone.getOutputShapes(new Shape[] {imageShape})[0];
    }

    /** Per-class support counts; every label 0..ways-1 must occur. */
    public static int[] shotsPerClass(int[] labels, int ways) {
        int[] counts = new int[ways];
        for (int y : labels) {
            if (y < 0 || y >= ways) throw new IllegalArgumentException("support label " + y + " outside 0.." + (ways - 1));
            counts[y]++;
        }
        for (int c = 0; c < ways; c++)
            if (counts[c] == 0) throw new IllegalArgumentException("episode class " + c + " has no support image");
        return counts;
    }
}
