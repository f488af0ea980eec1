package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import java.util.function.Function;

/**
 * What a step minimises. The default is softmax cross-entropy of the model's logits; methods with
 * their own objective write a lambda returning one scalar, or, when the objective has parts worth
 * watching separately, {@link #ofTerms} returning named {@link LossTerms}:
 *
 * <pre>{@code
 * StepLoss loss = StepLoss.ofTerms(step -> {
 *     NDArray logits = step.forward(step.batch().x());
 *     return LossTerms.of("ce", StepLoss.crossEntropy(logits, step.batch().y()))
 *             .and("koleo", koleo(logits).mul(Scalars.like(logits, 0.1)));   // not mul(0.1f): see Scalars
 * });
 * }</pre>
 */
@FunctionalInterface
public interface StepLoss {
    /** A scalar NDArray (created in {@code step.manager()}) to minimise. */
    NDArray compute(Step step);

    /** The loss as named terms; a plain loss is the single term "loss". */
    default LossTerms terms(Step step) { return LossTerms.of("loss", compute(step)); }

    /** A loss made of named terms; the loop minimises their sum and records each term per step. */
    static StepLoss ofTerms(Function<Step, LossTerms> terms) {
        return new StepLoss() {
            @Override public NDArray compute(Step step) { return terms.apply(step).total(); }
            @Override public LossTerms terms(Step step) { return terms.apply(step); }
        };
    }

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
