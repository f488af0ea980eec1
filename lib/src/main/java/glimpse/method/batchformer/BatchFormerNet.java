package glimpse.method.batchformer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Optional;

/**
 * Backbone, classifier and (optionally) the BatchFormer encoder as one model, so the shared trainer
 * sees every parameter. Its {@link #forward} — what {@code Predict} and any test-time caller use —
 * is {@code head(backbone(x))}: the encoder is never called at inference, as in the paper. The
 * training step ({@link TwoStreamLoss}) calls the children one by one.
 *
 * <p>Parameter names: "01backbone…", "02head…", "03encoder…"; {@link #ENCODER_PREFIX} is what the
 * 0.1× learning-rate multiplier matches.
 */
public final class BatchFormerNet extends AbstractBlock {
    public static final String ENCODER_PREFIX = "03encoder";

    private final Block backbone;
    private final Block head;
    private final Block encoder;

    /** @param encoder the batch encoder, or null for the plain backbone + classifier baseline */
    public BatchFormerNet(Block backbone, Block head, Block encoder) {
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
        this.encoder = encoder == null ? null : addChildBlock("encoder", encoder);
    }

    public Block backbone() { return backbone; }
    public Block head() { return head; }
    public Optional<Block> encoder() { return Optional.ofNullable(encoder); }

    /** Inference: the classifier on the backbone's features; BatchFormer removed. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return head.forward(ps, backbone.forward(ps, inputs, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(backbone.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] features = backbone.getOutputShapes(inputShapes);
        head.initialize(manager, dataType, features);
        if (encoder != null) encoder.initialize(manager, dataType, features);
    }
}
