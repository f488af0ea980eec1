package glimpse.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainLoopTest {

    static boolean fashionMnistPresent() {
        return Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
    }

    private static Block conv4Classifier(int classes) {
        return Blocks.classifier(Conv4.build(16, Conv4.Output.FLATTEN), classes);
    }

    private static List<float[]> parameterValues(Block b) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) out.add(p.getValue().getArray().toFloatArray());
        return out;
    }

    @Test
    @EnabledIf("glimpse.train.TrainLoopTest#fashionMnistPresent")
    void learnsTwoFashionMnistClassesWellAboveChance() {
        var fm = Datasets.load("fashion-mnist");
        int[] classes = {7, 9};   // sneaker vs ankle boot: similar shoes, not trivially separable
        ImageSet train = fm.split("train").restrictToClasses("train", classes);
        ImageSet test = fm.split("test").restrictToClasses("test", classes);
        train = train.subset("train-400", java.util.stream.IntStream.range(0, 400).toArray());
        test = test.subset("test-600", java.util.stream.IntStream.range(0, 600).toArray());
        try (NDManager m = NDManager.newBaseManager()) {
            // half-width Conv-4 keeps the test to seconds; the loop is what is under test
            Block net = Blocks.classifier(Conv4.build(32, Conv4.Output.FLATTEN), 2);
            TrainConfig cfg = TrainConfig.builder().steps(40).batchSize(32).adam(3e-3f).seed(1).logEvery(20).build();
            TrainResult r = TrainLoop.fit(m, net, train, cfg);
            float first = (r.losses()[0] + r.losses()[1] + r.losses()[2]) / 3;
            assertTrue(r.finalLoss() < 0.5f * first, "loss should fall by half: first " + first + ", final " + r.finalLoss());
            double acc = Predict.accuracy(Predict.outputs(m, net, test, 256), test);
            assertTrue(acc > 0.85, "test accuracy " + acc + " on 600 test images (chance 0.5)");
            assertTrue(r.imagesPerSecond() > 0);
        }
    }

    @Test
    void sameSeedGivesTheSameLossCurveAndAnotherSeedDoesNot() {
        ImageSet data = TinyData.halves(96, 1);
        TrainConfig cfg = TrainConfig.builder().steps(6).batchSize(16).logEvery(0).seed(11).build();
        float[][] curves = new float[3][];
        for (int run = 0; run < 3; run++) {
            try (NDManager m = NDManager.newBaseManager()) {
                curves[run] = TrainLoop.fit(m, conv4Classifier(2), data, run < 2 ? cfg : cfg.with(b -> b.seed(12))).losses();
            }
        }
        assertArrayEquals(curves[0], curves[1]);
        assertFalse(java.util.Arrays.equals(curves[0], curves[2]));
    }

    @Test
    void resumingFromACheckpointContinuesExactlyLikeAnUninterruptedRun(@TempDir Path dir) {
        ImageSet data = TinyData.halves(96, 2);
        TrainConfig cfg = TrainConfig.builder().steps(10).batchSize(16).logEvery(0).seed(5)
                .adam(3e-3f).cosine().weightDecay(1e-3f).build();
        List<float[]> uninterrupted;
        float[] curve;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = conv4Classifier(2);
            curve = TrainLoop.fit(m, net, data, cfg).losses();
            uninterrupted = parameterValues(net);
        }
        TrainConfig ckpt = cfg.with(b -> b.checkpoints(dir.toString(), 4));
        BatchSource real = BatchSource.shuffled(data, 16, 5);
        BatchSource crashesAtStep6 = (mgr, step) -> {
            if (step == 6) throw new IllegalStateException("simulated crash");
            return real.batch(mgr, step);
        };
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalStateException.class, () -> TrainLoop.fit(m, conv4Classifier(2), crashesAtStep6, ckpt, StepLoss.crossEntropy()));
        }
        assertTrue(Files.isRegularFile(dir.resolve(Checkpoint.FILE)), "a checkpoint after step 4");
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = conv4Classifier(2);
            TrainResult r = TrainLoop.fit(m, net, data, ckpt);
            assertEquals(4, r.resumedFrom());
            assertArrayEquals(curve, r.losses());
            List<float[]> resumed = parameterValues(net);
            assertEquals(uninterrupted.size(), resumed.size());
            // same thread count, same ops, same order: CPU kernels are deterministic, so bit-identical
            for (int i = 0; i < resumed.size(); i++) assertArrayEquals(uninterrupted.get(i), resumed.get(i));
        }
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedWithAClearMessage(@TempDir Path dir) {
        ImageSet data = TinyData.halves(64, 3);
        TrainConfig cfg = TrainConfig.builder().steps(2).batchSize(16).logEvery(0).checkpoints(dir.toString(), 0).build();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainLoop.fit(m, conv4Classifier(2), data, cfg);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalStateException.class, () -> TrainLoop.fit(m, conv4Classifier(2), data, cfg.with(b -> b.adam(0.5f))));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("another run"), e.getMessage());
        }
    }

    @Test
    void aCheckpointOfTheSameRunWatchedDifferentlyResumes(@TempDir Path dir) {
        ImageSet data = TinyData.halves(64, 3);
        TrainConfig cfg = TrainConfig.builder().steps(2).batchSize(16).logEvery(0).checkpoints(dir.toString(), 0).build();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainLoop.fit(m, conv4Classifier(2), data, cfg);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            TrainResult r = TrainLoop.fit(m, conv4Classifier(2), data, cfg.with(b -> b.logEvery(1).checkpoints(dir.toString(), 1)));
            assertEquals(2, r.resumedFrom(), "the log interval and save cadence are not part of the run's identity");
        }
    }

    @Test
    void theModelsManagerHoldsNoMoreArraysAfterManyStepsThanAfterOne() {
        ImageSet data = TinyData.halves(96, 4);
        int[] counts = new int[2];
        int params = 0;
        int[] steps = {1, 12};
        for (int k = 0; k < 2; k++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = conv4Classifier(2);
                TrainLoop.fit(m, net, data, TrainConfig.builder().steps(steps[k]).batchSize(16).logEvery(0).clipNorm(1f).build());
                counts[k] = m.getManagedArrays().size();
                params = net.getParameters().size();
            }
        }
        assertEquals(counts[0], counts[1], "arrays after 1 step vs 12 steps");
        assertEquals(params, counts[1], "only the parameters (optimizer state is closed with the run)");
    }

    /** Random inputs (4, 3) and labels in {0, 1}; from step {@code nanFrom} on, a NaN in the inputs. */
    private static BatchSource tinyBatches(int nanFrom) {
        return (m, step) -> {
            var x = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 3));
            if (nanFrom >= 0 && step >= nanFrom) x.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
            return Batch.of(x, m.create(new long[] {0, 1, 0, 1}));
        };
    }

    @Test
    void aStepWithANonFiniteLossOrGradientIsSkippedAndTheRunGoesOn() {
        TrainConfig cfg = TrainConfig.builder().steps(8).adam(1e-2f).seed(1).logEvery(0).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = ai.djl.nn.core.Linear.builder().setUnits(2).build();
            // step 2: the loss overflows; step 4: the loss is finite but its gradient is NaN (d√x/dx at 0 is ∞, times 0)
            TrainResult r = TrainLoop.fit(m, net, tinyBatches(-1), cfg, step -> {
                var logits = step.forward(step.batch().x());
                var ce = StepLoss.crossEntropy(logits.mul(step.index() == 2 ? Float.POSITIVE_INFINITY : 1f), step.batch().y());
                return step.index() == 4 ? ce.add(logits.mul(0).sqrt().sum()) : ce;
            });
            assertEquals(2, r.skippedSteps());
            assertFalse(Float.isFinite(r.losses()[2]));
            assertTrue(Float.isFinite(r.losses()[4]), "the loss of step 4 itself was finite");
            assertTrue(Float.isFinite(r.finalLoss()));
            for (float[] w : parameterValues(net)) for (float v : w) assertTrue(Float.isFinite(v), "a skipped step leaves no NaN behind");
        }
        // NaN inputs from step 1 on: more skips than allowed fail the run, and the report blames the inputs
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = ai.djl.nn.core.Linear.builder().setUnits(2).build();
            ArithmeticException tooMany = assertThrows(ArithmeticException.class,
                    () -> TrainLoop.fit(m, net, tinyBatches(1), cfg.with(b -> b.steps(20)), StepLoss.crossEntropy()));
            assertEquals(5, NonFiniteGuard.maxSkippedSteps(20));
            assertTrue(tooMany.getMessage().startsWith("non-finite loss or gradient in 6 steps (the last at step 6"), tooMany.getMessage());
            assertTrue(tooMany.getMessage().contains("NON-FINITE INPUTS"), tooMany.getMessage());
            assertTrue(tooMany.getMessage().contains("every parameter finite"), tooMany.getMessage());
        }
    }
}
