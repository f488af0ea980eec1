package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The wider training contract: named loss terms, checkpointed training state, warm start. */
class TrainContractTest {
    static final ImageSet DATA = TinyData.halves(96, 31);
    static final TrainConfig CFG = TrainConfig.builder().steps(10).batchSize(16).logEvery(0).seed(2).adam(3e-3f).build();

    /**
     * A stand-in for a cross-batch memory: the running mean of past batches' mean logit, which the
     * loss uses (detached). A resumed run that lost it would compute different losses.
     */
    static final class RunningMean implements TrainingState {
        float mean;
        int seen;
        @Override public String stateName() { return "running-mean"; }
        @Override public void saveState(DataOutputStream out) throws IOException { out.writeFloat(mean); out.writeInt(seen); }
        @Override public void loadState(DataInputStream in) throws IOException { mean = in.readFloat(); seen = in.readInt(); }
    }

    /** Two named terms: cross-entropy and a pull of the mean logit towards the memory's running mean. */
    static StepLoss loss(RunningMean memory) {
        return StepLoss.ofTerms(step -> {
            NDArray logits = step.forward(step.batch().x());
            NDArray gap = logits.mean().sub(memory.mean).square();
            NDArray pull = gap.mul(glimpse.nn.Scalars.like(gap, 0.5));
            memory.mean = (memory.mean * memory.seen + logits.mean().getFloat()) / (memory.seen + 1);
            memory.seen++;
            return LossTerms.of("ce", StepLoss.crossEntropy(logits, step.batch().y())).and("pull", pull);
        });
    }

    static Block net() { return Blocks.classifier(Conv4.build(8, Conv4.Output.FLATTEN), 2); }

    static List<float[]> values(Block b) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) out.add(p.getValue().getArray().toFloatArray());
        return out;
    }

    @Test
    void eachNamedTermHasItsCurveAndTheirSumIsTheLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainResult r = TrainLoop.fit(m, net(), BatchSource.shuffled(DATA, 16, 2), CFG, loss(new RunningMean()));
            assertEquals(List.of("ce", "pull"), List.copyOf(r.termCurves().keySet()));
            for (int s = 0; s < 10; s++) {
                float ce = r.termCurves().get("ce")[s], pull = r.termCurves().get("pull")[s];
                assertTrue(ce > 0 && pull >= 0, "step " + s);
                assertEquals(ce + pull, r.losses()[s], 1e-6f * Math.abs(r.losses()[s]), "step " + s + ": the loss is the sum of the terms");
            }
            assertNotEquals(r.termCurves().get("ce")[3], r.losses()[3], "the curves are the terms, not copies of the loss");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(TrainLoop.fit(m, net(), DATA, CFG).termCurves().isEmpty(), "a single-term loss has only the loss curve");
        }
    }

    @Test
    void trainingStateIsCheckpointedSoAResumedRunIsBitIdentical(@TempDir Path dir) {
        List<float[]> whole;
        TrainResult wholeRun;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            RunningMean memory = new RunningMean();
            wholeRun = TrainLoop.fit(m, net, BatchSource.shuffled(DATA, 16, 2), CFG, loss(memory), TrainLoop.Extras.states(memory));
            whole = values(net);
            assertEquals(10, memory.seen);
        }
        BatchSource real = BatchSource.shuffled(DATA, 16, 2);
        BatchSource crashAt7 = (mgr, step) -> { if (step == 7) throw new IllegalStateException("crash"); return real.batch(mgr, step); };
        TrainConfig ckpt = CFG.with(b -> b.checkpoints(dir.toString(), 3));
        try (NDManager m = NDManager.newBaseManager()) {
            RunningMean memory = new RunningMean();
            assertThrows(IllegalStateException.class, () -> TrainLoop.fit(m, net(), crashAt7, ckpt, loss(memory), TrainLoop.Extras.states(memory)));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            RunningMean memory = new RunningMean();       // a new process would start with an empty memory
            TrainResult r = TrainLoop.fit(m, net, real, ckpt, loss(memory), TrainLoop.Extras.states(memory));
            assertEquals(6, r.resumedFrom());
            assertEquals(10, memory.seen, "the memory came back with the checkpoint and went on");
            assertArrayEquals(wholeRun.losses(), r.losses());
            assertArrayEquals(wholeRun.termCurves().get("pull"), r.termCurves().get("pull"), "term curves restored and continued");
            List<float[]> v = values(net);
            for (int i = 0; i < v.size(); i++) assertArrayEquals(whole.get(i), v.get(i));
        }
    }

    @Test
    void aWarmStartBeginsFromAnotherRunsWeightsWithFreshOptimizerState(@TempDir Path dir) {
        Path weights = dir.resolve("pretrained.bin");
        List<float[]> pretrained;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            TrainLoop.fit(m, net, DATA, CFG);
            Weights.save(net, weights);
            pretrained = values(net);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            TrainLoop.fit(m, net, BatchSource.shuffled(DATA, 16, 9), CFG.with(b -> b.steps(0)), StepLoss.crossEntropy(),
                    TrainLoop.Extras.NONE.warmStartFrom(weights));
            List<float[]> v = values(net);
            for (int i = 0; i < v.size(); i++) assertArrayEquals(pretrained.get(i), v.get(i), "started from the saved weights");
            TrainResult r = TrainLoop.fit(m, net, BatchSource.shuffled(DATA, 16, 9), CFG.with(b -> b.steps(3)), StepLoss.crossEntropy(),
                    TrainLoop.Extras.NONE.warmStartFrom(weights));
            assertEquals(0, r.resumedFrom(), "a warm start is step 0 of a new run, not a resume");
        }
        // part of a model: the pre-trained backbone into a bigger model whose head stays as initialised
        try (NDManager m = NDManager.newBaseManager()) {
            Block backboneOnly = new SequentialBlock().add(Conv4.build(8, Conv4.Output.FLATTEN)).add(Linear.builder().setUnits(5).build());
            backboneOnly.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1, 16, 16));
            var loaded = Weights.loadMatching(backboneOnly, weights, name -> name.contains("Linear") ? null : name);
            assertFalse(loaded.isEmpty());
            assertTrue(loaded.stream().noneMatch(n -> n.contains("Linear")), "the head is not loaded: " + loaded);
            var e = assertThrows(IllegalArgumentException.class, () -> Weights.loadMatching(backboneOnly, weights, name -> "x" + name));
            assertTrue(e.getMessage().contains("No parameter of " + weights), e.getMessage());
        }
    }

    @Test
    void aCorruptWeightsFileIsRefusedWithTheFileAndTheFix(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.bin");
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            TrainLoop.fit(m, net, DATA, CFG.with(b -> b.steps(1)));
            Weights.save(net, weights);
            byte[] b = java.nio.file.Files.readAllBytes(weights);
            b[b.length - 3] ^= 1;
            java.nio.file.Files.write(weights, b);
            var e = assertThrows(java.io.UncheckedIOException.class, () -> Weights.load(net, weights));
            assertTrue(e.getMessage().contains(weights.toString()) && e.getMessage().contains("checksum mismatch")
                    && e.getMessage().contains("Weights.save"), e.getMessage());
        }
    }
}
