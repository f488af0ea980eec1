package glimpse.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A corrupt, truncated or unwritable checkpoint is reported and never trained from. */
class CheckpointRecoveryTest {
    static final ImageSet DATA = TinyData.halves(96, 21);
    static final TrainConfig CFG = TrainConfig.builder().steps(10).batchSize(16).logEvery(0).seed(3).adam(3e-3f).cosine().build();

    @TempDir Path dir;
    List<float[]> uninterrupted;

    @BeforeEach
    void trainOnceWithoutInterruption() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            TrainLoop.fit(m, net, DATA, CFG);
            uninterrupted = values(net);
        }
    }

    static Block net() { return Blocks.classifier(Conv4.build(8, Conv4.Output.FLATTEN), 2); }

    static List<float[]> values(Block b) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) out.add(p.getValue().getArray().toFloatArray());
        return out;
    }

    /** Trains with checkpoints every 4 steps and crashes at {@code crashAt}. */
    void crashAt(int crashAt) {
        BatchSource real = BatchSource.shuffled(DATA, 16, CFG.seed());
        BatchSource crashing = (m, step) -> {
            if (step == crashAt) throw new IllegalStateException("simulated crash");
            return real.batch(m, step);
        };
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalStateException.class, () -> TrainLoop.fit(m, net(), crashing, CFG.with(b -> b.checkpoints(dir.toString(), 4)), StepLoss.crossEntropy()));
        }
    }

    /** Resumes to the end; returns the step it resumed at and what it printed. */
    Object[] resume() {
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            TrainResult r = TrainLoop.fit(m, net, DATA, CFG.with(b -> b.checkpoints(dir.toString(), 4)));
            List<float[]> v = values(net);
            for (int i = 0; i < v.size(); i++) assertArrayEquals(uninterrupted.get(i), v.get(i), "parameter " + i + " bit-identical");
            return new Object[] {r.resumedFrom(), captured.toString()};
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void aCorruptLatestCheckpointIsReportedAndThePreviousOneIsUsed() throws Exception {
        crashAt(9);                                  // checkpoints after steps 4 (previous) and 8 (latest)
        Path latest = dir.resolve(Checkpoint.FILE);
        assertTrue(Files.isRegularFile(dir.resolve(Checkpoint.PREVIOUS)));
        byte[] b = Files.readAllBytes(latest);
        b[b.length / 2] ^= 0x5a;                     // one flipped byte in the middle of the weights
        Files.write(latest, b);
        Object[] r = resume();
        assertEquals(4, r[0], "resumed from the previous checkpoint");
        assertTrue(((String) r[1]).contains(latest + " is unusable (checksum mismatch"), (String) r[1]);
    }

    @Test
    void truncatedCheckpointsAreReportedAndTrainingRestartsFromStepZero() throws Exception {
        crashAt(9);
        for (String f : new String[] {Checkpoint.FILE, Checkpoint.PREVIOUS}) {
            Path p = dir.resolve(f);
            byte[] b = Files.readAllBytes(p);
            Files.write(p, java.util.Arrays.copyOf(b, b.length / 3));   // a kill during a non-atomic copy, a full disk
        }
        Object[] r = resume();
        assertEquals(0, r[0], "no intact checkpoint: from the start, never from garbage");
        String out = (String) r[1];
        assertTrue(out.contains("truncated") && out.contains("no intact checkpoint is left, training starts from step 0"), out);
    }

    @Test
    void aFullDiskWhileCheckpointingStopsWithTheFileAndTheFixAndKeepsTheLastGoodCheckpoint() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full to simulate a full disk");
        crashAt(5);                                  // a good checkpoint after step 4
        Path tmp = dir.resolve(Checkpoint.FILE + ".tmp");
        Files.createSymbolicLink(tmp, Path.of("/dev/full"));   // every write to it fails with ENOSPC
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(UncheckedIOException.class, () -> TrainLoop.fit(m, net(), DATA, CFG.with(b -> b.checkpoints(dir.toString(), 4))));
            assertTrue(e.getMessage().contains(dir.resolve(Checkpoint.FILE).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains("Free disk space"), e.getMessage());
        }
        assertFalse(Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS), "no partial file left behind");
        assertEquals(4, (int) (Integer) resume()[0], "the last good checkpoint still resumes");
    }
}
