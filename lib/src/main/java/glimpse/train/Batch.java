package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One step's tensors, living in that step's sub-manager: model inputs, targets, and how many
 * images the step processes (for images/s). An episode fits too: e.g. data = (support, query),
 * labels = (supportLabels, queryLabels), images = support + query count.
 */
public record Batch(NDList data, NDList labels, int images) {
    /** A plain supervised batch: one input tensor (B, …) and one label tensor (B). */
    public static Batch of(NDArray x, NDArray y) {
        return new Batch(new NDList(x), new NDList(y), Math.toIntExact(x.getShape().get(0)));
    }

    /** The first input tensor. */
    public NDArray x() { return data.head(); }

    /** The first label tensor. */
    public NDArray y() { return labels.head(); }
}
