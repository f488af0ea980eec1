package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The BatchFormer module (Hou, Yu, Tao, CVPR 2022): a stack of {@link BatchEncoderLayer}s over the
 * batch dimension. Input and output are batch features (N, C); samples attend to each other.
 * The paper's setting is one layer, FFN width C, dropout 0.5, 4 heads (1 head when C ≤ 128).
 */
public final class BatchFormer extends AbstractBlock {

    /**
     * @param layers  encoder layers (paper: 1)
     * @param heads   attention heads; 0 picks the paper's rule (4, or 1 when C ≤ 128)
     * @param dropout dropout rate (paper: 0.5)
     */
    public record Config(int layers, int heads, double dropout) {
        public Config {
            if (layers <= 0) throw new IllegalArgumentException("layers must be positive, not " + layers);
            if (heads < 0) throw new IllegalArgumentException("heads must be >= 0 (0 = paper's rule), not " + heads);
            if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        }
        public static Config paper() { return new Config(1, 0, 0.5); }
        public Config withLayers(int v) { return new Config(v, heads, dropout); }
        public Config withHeads(int v) { return new Config(layers, v, dropout); }
        public Config withDropout(double v) { return new Config(layers, heads, v); }
        /** The head count for feature width {@code c}. */
        public int headsFor(int c) { return heads > 0 ? heads : c <= 128 ? 1 : 4; }
    }

    private final List<BatchEncoderLayer> layers = new ArrayList<>();

    /** The encoder for C-dimensional features, FFN width C as in the paper. */
    public BatchFormer(int featureDim, Config settings) {
        int h = settings.headsFor(featureDim);
        for (int i = 0; i < settings.layers(); i++)
            layers.add(addChildBlock("layer" + i, new BatchEncoderLayer(featureDim, h, featureDim, (float) settings.dropout())));
    }

    public List<BatchEncoderLayer> layers() { return List.copyOf(layers); }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block layer : layers) x = layer.forward(ps, x, training);
        return x;
    }

    /**
     * The first layer's attention over a batch, averaged over heads (N, N), in inference mode:
     * what a picture of "who attends to whom" shows.
     */
    public NDArray attention(ParameterStore ps, NDArray features) {
        return layers.get(0).attention(ps, features).mean(new int[] {0});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block layer : layers) layer.initialize(manager, dataType, inputShapes);
    }
}
