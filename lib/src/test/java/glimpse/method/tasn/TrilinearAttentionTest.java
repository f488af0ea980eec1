package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import glimpse.method.tasn.TrilinearAttention.Normalisation;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TrilinearAttentionTest {
    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) Math.abs(r.nextGaussian());   // ReLU outputs: non-negative
        return a;
    }

    @Test
    void oneChannelReturnsItsOwnMap() {
        float[] x = random(new Random(1), 2 * 12);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray maps = TrilinearAttention.paper().maps(m.create(x, new Shape(2, 1, 3, 4)));
            assertArrayEquals(x, maps.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void equalChannelsGiveThatMapEverywhere() {
        float[] one = random(new Random(2), 9);
        float[] x = new float[5 * 9];
        for (int c = 0; c < 5; c++) System.arraycopy(one, 0, x, c * 9, 9);
        try (NDManager m = NDManager.newBaseManager()) {
            for (Normalisation n : new Normalisation[] {Normalisation.BOTH, Normalisation.NO_INNER}) {
                float[] maps = new TrilinearAttention(n, 7f).maps(m.create(x, new Shape(1, 5, 3, 3))).toFloatArray();
                assertArrayEquals(x, maps, 1e-5f, n.name());
            }
        }
    }

    @Test
    void matchesPlainJavaAndStaysBetweenTheRawMaps() {
        int c = 4, hw = 6;
        float[] x = random(new Random(3), c * hw);
        double[][] ref = reference(x, c, hw, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = TrilinearAttention.paper().maps(m.create(x, new Shape(1, c, 2, 3))).toFloatArray();
            for (int i = 0; i < c; i++)
                for (int p = 0; p < hw; p++) {
                    assertEquals(ref[i][p], got[i * hw + p], 1e-5);
                    double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
                    for (int k = 0; k < c; k++) { lo = Math.min(lo, x[k * hw + p]); hi = Math.max(hi, x[k * hw + p]); }
                    assertTrue(got[i * hw + p] >= lo - 1e-6 && got[i * hw + p] <= hi + 1e-6, "map " + i + " position " + p);
                }
        }
    }

    @Test
    void relationRowsSumToOneWithTheOuterSoftmaxOnly() {
        float[] x = random(new Random(4), 2 * 3 * 5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = m.create(x, new Shape(2, 3, 5));
            for (Normalisation n : Normalisation.values()) {
                float[] rows = new TrilinearAttention(n, 7f).relation(flat).sum(new int[] {2}).toFloatArray();
                for (float s : rows) {
                    if (n == Normalisation.BOTH || n == Normalisation.NO_INNER) assertEquals(1, s, 1e-5, n.name());
                }
                if (n == Normalisation.NONE) assertTrue(Math.abs(rows[0] - 1) > 1e-3, "X·Xᵀ rows are not normalised");
            }
        }
    }

    @Test
    void noGradientReachesTheFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(random(new Random(5), 2 * 3 * 4), new Shape(1, 2, 3, 4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                // the maps' term must contribute nothing; x.sum() contributes exactly one per element
                gc.backward(TrilinearAttention.paper().maps(x).square().sum().add(x.sum()));
                for (float g : x.getGradient().toFloatArray()) assertEquals(1f, g, 1e-6f);
            }
        }
    }

    /** softmax_row(softmax_spatial(βX)·Xᵀ)·X in plain loops. */
    private static double[][] reference(float[] x, int c, int hw, double beta) {
        double[][] n = new double[c][hw], r = new double[c][c], out = new double[c][hw];
        for (int i = 0; i < c; i++) {
            double max = -Double.MAX_VALUE, z = 0;
            for (int p = 0; p < hw; p++) max = Math.max(max, beta * x[i * hw + p]);
            for (int p = 0; p < hw; p++) z += n[i][p] = Math.exp(beta * x[i * hw + p] - max);
            for (int p = 0; p < hw; p++) n[i][p] /= z;
        }
        for (int i = 0; i < c; i++) {
            double z = 0;
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int p = 0; p < hw; p++) s += n[i][p] * x[k * hw + p];
                r[i][k] = s;
            }
            double max = -Double.MAX_VALUE;
            for (int k = 0; k < c; k++) max = Math.max(max, r[i][k]);
            for (int k = 0; k < c; k++) z += r[i][k] = Math.exp(r[i][k] - max);
            for (int k = 0; k < c; k++) r[i][k] /= z;
            for (int p = 0; p < hw; p++) for (int k = 0; k < c; k++) out[i][p] += r[i][k] * x[k * hw + p];
        }
        return out;
    }
}
