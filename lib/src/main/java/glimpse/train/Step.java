package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * What a {@link StepLoss} sees: the step's sub-manager (everything created here is closed after the
 * step), the model, the batch and the 0-based step index.
 */
public record Step(NDManager manager, Block model, Batch batch, int index, ParameterStore parameters) {

    /** The model in training mode on one input tensor; the first output. */
    public NDArray forward(NDArray x) {
        return model.forward(parameters, new NDList(x), true).head();
    }

    /** A sub-block of the model (e.g. an encoder) in training mode, with this step's parameters. */
    public NDList forward(Block block, NDList inputs) {
        return block.forward(parameters, inputs, true);
    }
}
