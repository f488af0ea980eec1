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
 * <p>Input: the list read by {@link EpisodeInputs#from} — support images, support labels, query
 * images, the episode's global class ids and optionally per-class vectors (class-text features);
 * output {@code (logits (n_q, N))}. By default supports and queries go through the backbone in one
 * batch, so BatchNorm sees the whole episode, as in the usual episodic implementations. A method
 * whose support encoding depends on the episode (Semantic Prompt steers the backbone with class
 * text on supports only) overrides {@link #encodeSupport} and {@link #supportDependsOnEpisode}; the
 * queries then go through {@link #encodeQuery} alone, and evaluation caches query features only.
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

    /**
     * True when a support image's features depend on its episode (its class text, the other
     * supports): evaluation then encodes supports per episode instead of once per image.
     */
    public boolean supportDependsOnEpisode() { return false; }

    /** Support features; the default is the backbone alone. */
    public NDArray encodeSupport(ParameterStore ps, EpisodeInputs episode, boolean training) {
        return backbone.forward(ps, new NDList(episode.support()), training).singletonOrThrow();
    }

    /** Query features; the default is the backbone alone. Never sees class texts or labels. */
    public NDArray encodeQuery(ParameterStore ps, NDArray queries, boolean training) {
        return backbone.forward(ps, new NDList(queries), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        EpisodeInputs e = EpisodeInputs.from(inputs);
        if (supportDependsOnEpisode()) {
            NDArray fs = encodeSupport(ps, e, training), fq = encodeQuery(ps, e.query(), training);
            return new NDList(logits(ps, fs, e.supportLabels(), e.ways(), fq, training));
        }
        long ns = e.support().getShape().get(0);
        NDArray features = backbone.forward(ps, new NDList(e.support().concat(e.query())), training).singletonOrThrow();
        return new NDList(logits(ps, features.get("0:" + ns), e.supportLabels(), e.ways(), features.get(ns + ":"), training));
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
