package glimpse.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.experiment.ResultCache;

import glimpse.testing.Digest;

/**
 * A small cached experiment for tests that need a separate process: a Conv-4 classifier trained
 * on {@link TinyData} through {@link ResultCache}, its training config passed through the computation's
 * {@link RunCheckpoints} (so it checkpoints as a notebook's experiments do). Prints {@code RESULT <sha-256 of weights, losses and test predictions>}.
 * Args: steps.
 */
public final class TrainingProbe {
    /** The spec (it keys the cache). */
    public record Spec(int steps, int batch, long seed) {}
    /** The result: digests of everything that must be bit-identical. */
    public record Result(String weights, String losses, String predictions, int resumedFrom) {}

    public static void main(String[] args) throws Exception {
        Spec spec = new Spec(Integer.parseInt(args[0]), 32, 7);
        Result r = ResultCache.getOrCompute("training-probe", spec, Result.class, checkpoints -> train(spec, checkpoints));
        System.out.println("RESULT " + r.weights() + " " + r.losses() + " " + r.predictions());
        System.out.println("resumedFrom " + r.resumedFrom());
    }

    static Result train(Spec spec, RunCheckpoints checkpoints) {
        ImageSet data = TinyData.halves(256, 3), test = TinyData.halves(200, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Blocks.classifier(Conv4.build(16, Conv4.Output.FLATTEN), 2);
            TrainConfig cfg = TrainConfig.builder().steps(spec.steps()).batchSize(spec.batch()).adam(2e-3f)
                    .cosine().weightDecay(1e-4f).seed(spec.seed()).logEvery(0).build();
            TrainResult tr = TrainLoop.fit(m, net, data, checkpoints.next(cfg));
            float[][] logits = Predict.outputs(m, net, test, 100);
            return new Result(digestOfParameters(net), Digest.start().floats(tr.losses()).hex(), Digest.of(Predict.argmax(logits)), tr.resumedFrom());
        }
    }

    /** Trains the probe's classifier with explicit checkpoints in {@code dir} every {@code every} steps. */
    public static TrainResult trainWithCheckpoints(java.nio.file.Path dir, int every) {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainConfig cfg = TrainConfig.builder().steps(2 * every).batchSize(16).seed(1).logEvery(0)
                    .checkpoints(dir.toString(), every).build();
            return TrainLoop.fit(m, Blocks.classifier(Conv4.build(8, Conv4.Output.FLATTEN), 2), TinyData.halves(64, 5), cfg);
        }
    }

    /** SHA-256 (16 hex) of every parameter's name and values, in parameter order. */
    public static String digestOfParameters(Block net) {
        Digest d = Digest.start();
        for (var p : net.getParameters()) d.ints(p.getKey().hashCode()).floats(p.getValue().getArray().toFloatArray());
        return d.hex();
    }
}
