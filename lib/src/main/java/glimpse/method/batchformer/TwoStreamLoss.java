package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.train.StepLoss;

/**
 * BatchFormer's training objective, as a {@link StepLoss} for the shared trainer.
 * <pre>
 *   f  = backbone(x)                       (N, C)   features, no interaction between samples
 *   f' = BatchFormer(f)                    (N, C)   every sample attends to the whole batch
 *   SHARED_CLASSIFIER:    loss = mean ℓ(head(cat[f, f']), cat[y, y])   (2N rows, one classifier)
 *   NO_SHARED_CLASSIFIER: loss = mean ℓ(head(f'), y)                   (ablation)
 *   NONE:                 loss = mean ℓ(head(f), y)                    (baseline)
 * </pre>
 * With the shared classifier the f-stream keeps the classifier valid for features that never saw
 * the module, which is why it can be removed at test time; the ablation trains the classifier on
 * f' only and still tests on head(f) (what {@link BatchFormerNet#forward} does), which breaks.
 */
public final class TwoStreamLoss {
    private TwoStreamLoss() {}

    /** Which objective a run trains. */
    public enum Mode {
        NONE, SHARED_CLASSIFIER, NO_SHARED_CLASSIFIER;
        public boolean usesEncoder() { return this != NONE; }
    }

    /** The step loss: mean of {@link #perRow} over the batch. */
    public static StepLoss of(BatchFormerNet net, Mode mode, ClassLoss loss, int[] trainCounts) {
        if (mode.usesEncoder() && net.encoder().isEmpty()) throw new IllegalArgumentException(mode + " needs a net with an encoder");
        float[] logCounts = ClassLoss.logCounts(trainCounts);
        return step -> {
            NDArray features = step.forward(net.backbone(), new NDList(step.batch().x())).head();
            NDArray prior = step.manager().create(logCounts);
            return perRow(step.parameters(), net, features, step.batch().y(), mode, loss, prior, true).mean();
        };
    }

    /**
     * The per-row losses on batch features: 2N rows for the shared classifier (row i: sample i
     * through the classifier directly; row N+i: sample i after BatchFormer), N rows otherwise.
     */
    public static NDArray perRow(ParameterStore ps, BatchFormerNet net, NDArray features, NDArray labels, Mode mode,
                                 ClassLoss loss, NDArray logCounts, boolean training) {
        return switch (mode) {
            case NONE -> loss.perSample(classify(ps, net, features, training), labels, logCounts);
            case NO_SHARED_CLASSIFIER -> loss.perSample(classify(ps, net, encode(ps, net, features, training), training), labels, logCounts);
            case SHARED_CLASSIFIER -> {
                NDArray both = features.concat(encode(ps, net, features, training), 0);
                yield loss.perSample(classify(ps, net, both, training), labels.concat(labels, 0), logCounts);
            }
        };
    }

    private static NDArray encode(ParameterStore ps, BatchFormerNet net, NDArray f, boolean training) {
        return net.encoder().orElseThrow().forward(ps, new NDList(f), training).head();
    }

    private static NDArray classify(ParameterStore ps, BatchFormerNet net, NDArray f, boolean training) {
        return net.head().forward(ps, new NDList(f), training).head();
    }

    /** Convenience for tests and pictures: a step-free manager-bound log-count array. */
    static NDArray logCounts(NDManager m, int[] counts) { return m.create(ClassLoss.logCounts(counts)); }
}
