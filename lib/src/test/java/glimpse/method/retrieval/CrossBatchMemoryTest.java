package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import glimpse.data.ImageSet;
import glimpse.train.BatchSource;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CrossBatchMemoryTest {

    @Test
    void saveAndLoadRestoreTheRingExactly() throws Exception {
        Random r = new Random(2);
        try (NDManager m = NDManager.newBaseManager()) {
            CrossBatchMemory a = new CrossBatchMemory(m, 7, 3);
            for (int t = 0; t < 5; t++) a.enqueue(m.create(RetrievalReference.gaussianRows(r, 3, 3, true)), m.create(new int[] {t, t + 1, t + 2}));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) { a.saveState(out); }
            CrossBatchMemory b = new CrossBatchMemory(m, 7, 3);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) { b.loadState(in); }
            assertEquals(a.size(), b.size());
            assertArrayEquals(a.contents(), b.contents());
            assertArrayEquals(a.contentLabels(), b.contentLabels());
            // and both go on identically
            float[][] next = RetrievalReference.gaussianRows(r, 3, 3, true);
            a.enqueue(m.create(next), m.create(new int[] {9, 9, 9}));
            b.enqueue(m.create(next), m.create(new int[] {9, 9, 9}));
            assertArrayEquals(a.contents(), b.contents());
            CrossBatchMemory other = new CrossBatchMemory(m, 8, 3);
            var e = assertThrows(java.io.IOException.class, () -> other.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertTrue(e.getMessage().contains("7 x 3"), e.getMessage());
        }
    }

    /** 1×8×8 images of 6 classes: a class's images share a random pattern plus noise. */
    static ImageSet patterns(int n, long seed) {
        Random r = new Random(seed);
        byte[][] proto = new byte[6][64];
        for (byte[] p : proto) r.nextBytes(p);
        byte[] px = new byte[n * 64];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = i % 6;
            for (int k = 0; k < 64; k++) px[i * 64 + k] = (byte) ((proto[ys[i]][k] & 0xff) / 2 + r.nextInt(64));
        }
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        return new ImageSet("patterns", 1, 8, 8, px, ys, names, names);
    }

    static Block embedder() {
        return new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(x.singletonOrThrow().getShape().get(0), -1))))
                .add(Linear.builder().setUnits(6).build())
                .add(new LambdaBlock(x -> new NDList(glimpse.nn.Pooling.l2Normalise(x.singletonOrThrow()))));
    }

    static List<float[]> values(Block b) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) out.add(p.getValue().getArray().toFloatArray());
        return out;
    }

    @Test
    void aRunWithTheMemoryInterruptedAndResumedEndsBitIdentical(@TempDir Path dir) {
        ImageSet data = patterns(60, 3);
        TrainConfig cfg = TrainConfig.builder().steps(9).batchSize(12).logEvery(0).seed(4).adamW(1e-2f).weightDecay(5e-4f).build();
        BatchSource real = BatchSource.of(data, new glimpse.data.sampling.MPerClassBatches(data.labels(), 12, 2, 4));
        List<float[]> whole;
        TrainResult wholeRun;
        float[][] wholeMemory;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = embedder();
            CrossBatchMemory memory = new CrossBatchMemory(m, 30, 6);      // smaller than 9 × 12: it wraps
            wholeRun = TrainLoop.fit(m, net, real, cfg, new RetrievalLoss(ContrastiveLoss.paper(), 0.7, memory).stepLoss(), TrainLoop.Extras.states(memory));
            whole = values(net);
            wholeMemory = memory.contents();
        }
        BatchSource crashAt7 = (mgr, step) -> { if (step == 7) throw new IllegalStateException("crash"); return real.batch(mgr, step); };
        TrainConfig ckpt = cfg.with(b -> b.checkpoints(dir.toString(), 3));
        try (NDManager m = NDManager.newBaseManager()) {
            CrossBatchMemory memory = new CrossBatchMemory(m, 30, 6);
            assertThrows(IllegalStateException.class, () -> TrainLoop.fit(m, embedder(), crashAt7, ckpt,
                    new RetrievalLoss(ContrastiveLoss.paper(), 0.7, memory).stepLoss(), TrainLoop.Extras.states(memory)));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = embedder();
            CrossBatchMemory memory = new CrossBatchMemory(m, 30, 6);      // a new process starts with an empty memory
            TrainResult r = TrainLoop.fit(m, net, real, ckpt, new RetrievalLoss(ContrastiveLoss.paper(), 0.7, memory).stepLoss(), TrainLoop.Extras.states(memory));
            assertEquals(6, r.resumedFrom());
            assertArrayEquals(wholeRun.losses(), r.losses());
            assertArrayEquals(wholeRun.termCurves().get("koleo"), r.termCurves().get("koleo"));
            assertArrayEquals(wholeMemory, memory.contents(), "the memory came back with the checkpoint and went on");
            List<float[]> v = values(net);
            for (int i = 0; i < v.size(); i++) assertArrayEquals(whole.get(i), v.get(i), "parameter " + i);
        }
    }
}
