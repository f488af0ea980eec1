package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The scalar a step minimises. The default is softmax cross-entropy of the model's logits; methods
 * with their own objective (BatchFormer's shared-classifier loss, episodic few-shot losses) write a
 * lambda:
 *
 * <pre>{@code
 * StepLoss loss = step -> {
 *     NDArray feats = step.forward(encoder, new NDList(step.batch().x())).head();
 *     NDArray logits = step.forward(head, new NDList(feats)).head();
 *     return StepLoss.crossEntropy(logits, step.batch().y());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface StepLoss {
    /** A scalar NDArray (created in {@code step.manager()}) to minimise. */
    NDArray compute(Step step);

    /** Mean softmax cross-entropy of the model's output on {@code batch.x()} against int labels {@code batch.y()}. */
    static StepLoss crossEntropy() {
        return step -> crossEntropy(step.forward(step.batch().x()), step.batch().y());
    }

    /** Mean softmax cross-entropy of logits (B, K) against integer labels (B). */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray y = labels.getDataType() == DataType.INT64 ? labels : labels.toType(DataType.INT64, false);
        return logp.get(new NDIndex().addAllDim().addPickDim(y)).mean().neg();
    }
}
