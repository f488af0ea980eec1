package glimpse.method.retrieval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ContrastiveLossTest {

    @Test
    void eq1OnTheHandCaseIsTheSumOverPairsMeanOverAnchors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[][] {{1, 0}, {0.6f, 0.8f}, {0, 1}});
            NDArray y = m.create(new long[] {0, 0, 1});
            // by hand: anchor 0: [1-0.6]+ = 0.4; anchor 1: 0.4 + [0.8-0.5]+ = 0.7; anchor 2: [0-0.5]+ + [0.8-0.5]+ = 0.3; (0.4+0.7+0.3)/3
            assertEquals(0.46667, ContrastiveLoss.paper().batch(z, y).getFloat(), 1e-5);
        }
    }

    @Test
    void thePartsOfEq1OnTheHandCaseAreItsTwoSumsAndPairCounts() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[][] {{1, 0}, {0.6f, 0.8f}, {0, 1}});
            NDArray y = m.create(new long[] {0, 0, 1});
            ContrastiveLoss.Pairs p = ContrastiveLoss.paper().batchPairs(z, y);
            // by hand: positive pairs (0,1), (1,0): [1 − 0.6]₊ = 0.4 each; negative pairs (0,2), (2,0): s = 0 → 0; (1,2), (2,1): 0.8 − 0.5 = 0.3 each
            assertEquals(0.8, p.pull().getFloat(), 1e-6);
            assertEquals(0.6, p.push().getFloat(), 1e-6);
            assertEquals(2, p.positives().getFloat());
            assertEquals(4, p.negatives().getFloat());
            assertEquals(1.4 / 3, p.loss().getFloat(), 1e-6);
            assertEquals(1.4 / 6, p.perPair().getFloat(), 1e-6);
            assertEquals(0.4, p.pullPerPositive().getFloat(), 1e-6);
            assertEquals(0.15, p.pushPerNegative().getFloat(), 1e-6);
        }
    }

    @Test
    void perPairWithAFillingMemoryIsEq1TimesAnchorsOverTheGalleryPairs() {
        Random r = new Random(12);
        int cap = 8, d = 4, n = 2;
        int[][] labels = {{0, 1}, {1, 2}, {0, 2}, {3, 3}, {1, 0}};
        try (NDManager m = NDManager.newBaseManager()) {
            CrossBatchMemory memory = new CrossBatchMemory(m, cap, d);
            for (int t = 0; t < labels.length; t++) {
                NDArray z = m.create(RetrievalReference.gaussianRows(r, n, d, true)), y = m.create(labels[t]);
                memory.enqueue(z, y);
                ContrastiveLoss.Pairs p = ContrastiveLoss.paper().withMemoryPairs(z, y, memory);
                // each anchor meets the other n − 1 of its batch and the memory's size − n other entries
                int pairs = n * (n - 1) + n * (memory.size() - n);
                assertEquals(pairs, p.positives().getFloat() + p.negatives().getFloat(), "step " + t);
                assertEquals(p.loss().getFloat() * n / pairs, p.perPair().getFloat(), 1e-6, "step " + t);
            }
        }
    }

    @Test
    void matchesThePlainJavaReferenceOnRandomBatches() {
        Random r = new Random(4);
        float[][] z = RetrievalReference.gaussianRows(r, 9, 5, true);
        int[] y = {0, 1, 2, 0, 1, 2, 0, 3, 3};
        try (NDManager m = NDManager.newBaseManager()) {
            for (double beta : new double[] {-0.2, 0.1, 0.5}) {
                double expected = RetrievalReference.contrastive(z, y, z, y, RetrievalReference.identity(9), beta);
                assertEquals(expected, new ContrastiveLoss(beta).batch(m.create(z), m.create(y)).getFloat(), 1e-5, "β " + beta);
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheReference() {
        Random r = new Random(8);
        float[][] z = RetrievalReference.gaussianRows(r, 5, 3, true);
        int[] y = {0, 0, 1, 1, 2};
        float[] grad;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray zt = m.create(z);
            zt.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new ContrastiveLoss(0.1).batch(zt, m.create(y)));
            }
            grad = zt.getGradient().toFloatArray();
        }
        double h = 1e-4;
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < 3; k++) {
                float keep = z[i][k];
                z[i][k] = (float) (keep + h);
                double up = RetrievalReference.contrastive(z, y, z, y, RetrievalReference.identity(5), 0.1);
                z[i][k] = (float) (keep - h);
                double down = RetrievalReference.contrastive(z, y, z, y, RetrievalReference.identity(5), 0.1);
                z[i][k] = keep;
                assertEquals((up - down) / (2 * h), grad[i * 3 + k], 2e-3, "∂L/∂z[" + i + "][" + k + "]");
            }
    }

    @Test
    void aMemoryHoldingOnlyThisBatchGivesTheBatchLossValueAndGradient() {
        Random r = new Random(5);
        float[][] z = RetrievalReference.gaussianRows(r, 6, 4, true);
        long[] y = {0, 1, 0, 1, 2, 2};
        float[][] values = new float[2][], grads = new float[2][];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int run = 0; run < 2; run++) {
                NDArray zt = m.create(z);
                zt.setRequiresGradient(true);
                CrossBatchMemory memory = new CrossBatchMemory(m, 10, 4);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss;
                    if (run == 0) loss = ContrastiveLoss.paper().batch(zt, m.create(y));
                    else { memory.enqueue(zt, m.create(y)); loss = ContrastiveLoss.paper().withMemory(zt, m.create(y), memory); }
                    values[run] = new float[] {loss.getFloat()};
                    gc.backward(loss);
                }
                grads[run] = zt.getGradient().toFloatArray();
            }
        }
        assertEquals(values[0][0], values[1][0], 1e-6f, "the memory's copies of the batch are not counted again");
        assertArrayEquals(grads[0], grads[1], 1e-6f);
    }

    @Test
    void theLossOfStepTSeesBatchTAndTheSurvivingEntriesButNoSelfPairs() {
        Random r = new Random(6);
        int cap = 5, d = 3;
        float[][][] batches = new float[4][][];
        int[][] labels = {{0, 1}, {1, 2}, {0, 2}, {3, 3}};
        try (NDManager m = NDManager.newBaseManager()) {
            CrossBatchMemory memory = new CrossBatchMemory(m, cap, d);
            java.util.ArrayDeque<float[]> fifo = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Integer> fifoLabels = new java.util.ArrayDeque<>();
            for (int t = 0; t < 4; t++) {
                batches[t] = RetrievalReference.gaussianRows(r, 2, d, true);
                for (int i = 0; i < 2; i++) {
                    fifo.addLast(batches[t][i]); fifoLabels.addLast(labels[t][i]);
                    if (fifo.size() > cap) { fifo.removeFirst(); fifoLabels.removeFirst(); }
                }
                memory.enqueue(m.create(batches[t]), m.create(labels[t]));
                float loss = ContrastiveLoss.paper().withMemory(m.create(batches[t]), m.create(labels[t]), memory).getFloat();
                // reference: the gallery is the FIFO after this step's enqueue; the batch is its last 2 entries
                float[][] g = fifo.toArray(new float[0][]);
                int[] gy = fifoLabels.stream().mapToInt(Integer::intValue).toArray();
                int[] self = {g.length - 2, g.length - 1};
                assertEquals(RetrievalReference.contrastive(batches[t], labels[t], g, gy, self, 0.5), loss, 1e-5, "step " + t);
                assertTrue(memory.size() <= cap);
                assertEquals(Math.min(cap, 2 * (t + 1)), memory.size());
                float[][] held = memory.contents();
                for (int k = 0; k < held.length; k++) assertArrayEquals(g[k], held[k], "FIFO order after step " + t);
                assertArrayEquals(java.util.Arrays.stream(gy).asLongStream().toArray(), memory.contentLabels());
            }
            // the order matters: had step 3's loss run before its enqueue, its gallery would lack batch 3's own pair (label 3)
            // and still hold the two entries the enqueue evicted
            float[][] b = batches[3];
            float[][] before = {batches[1][0], batches[1][1], batches[2][0], batches[2][1], batches[0][1]};
            double lossBefore = RetrievalReference.contrastive(b, labels[3], before, new int[] {1, 2, 0, 2, 1}, new int[] {-1, -1}, 0.5);
            float[][] g3 = fifo.toArray(new float[0][]);
            double lossAfter = RetrievalReference.contrastive(b, labels[3], g3, fifoLabels.stream().mapToInt(Integer::intValue).toArray(), new int[] {3, 4}, 0.5);
            assertNotEquals(lossBefore, lossAfter, 1e-3);
            var e = assertThrows(IllegalStateException.class, () -> ContrastiveLoss.paper().withMemory(m.create(new float[3][d]), m.create(new int[3]), memory));
            assertTrue(e.getMessage().contains("enqueue"), e.getMessage());
        }
    }

    @Test
    void aBatchLargerThanTheMemoryIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            CrossBatchMemory memory = new CrossBatchMemory(m, 3, 2);
            var e = assertThrows(IllegalArgumentException.class, () -> memory.enqueue(m.create(new float[4][2]), m.create(new int[4])));
            assertTrue(e.getMessage().contains("at least one batch"), e.getMessage());
        }
    }
}
