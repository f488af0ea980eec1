package glimpse.nn;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/**
 * Small shared building blocks on top of DJL's {@link Block}s.
 *
 * <pre>{@code
 * Block net = Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), 10);
 * Blocks.initialize(net, manager, new Shape(1, 1, 28, 28));
 * System.out.println(Blocks.parameterCount(net) + " parameters");
 * }</pre>
 */
public final class Blocks {
    private Blocks() {}

    /** A backbone followed by a linear layer to {@code classes} logits (children "backbone" and "head"). */
    public static SequentialBlock classifier(Block backbone, int classes) {
        if (classes <= 0) throw new IllegalArgumentException("classes must be positive, not " + classes);
        return new SequentialBlock().add(backbone).add(linearHead(classes));
    }

    /**
     * The same for a backbone that may keep its spatial map: global average pooling is inserted when
     * the backbone's output for images of {@code imageShape} (batch first) is 4-D.
     */
    public static SequentialBlock classifier(Block backbone, Shape imageShape, int classes) {
        if (classes <= 0) throw new IllegalArgumentException("classes must be positive, not " + classes);
        SequentialBlock net = new SequentialBlock().add(backbone);
        if (backbone.getOutputShapes(new Shape[] {imageShape})[0].dimension() == 4) net.add(ResNets.globalAveragePool());
        return net.add(linearHead(classes));
    }

    /** A single fully-connected layer with bias: (B, d) → (B, outputs). */
    public static Linear linearHead(int outputs) {
        return Linear.builder().setUnits(outputs).build();
    }

    /** Initialises the parameters for inputs of the given shape (batch dimension included, any size). */
    public static void initialize(Block block, NDManager manager, Shape... inputShapes) {
        block.initialize(manager, DataType.FLOAT32, inputShapes);
    }

    /** The names DJL gives the block's parameters (child ordinals and names joined by "_"), in order. */
    public static java.util.List<String> parameterNames(Block block) {
        return block.getParameters().keys();
    }

    /** Number of trainable scalars (parameters that take a gradient). */
    public static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient() && p.getValue().isInitialized()) n += p.getValue().getArray().size();
        }
        return n;
    }
}
