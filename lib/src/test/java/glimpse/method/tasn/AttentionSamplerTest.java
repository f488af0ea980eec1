package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.method.tasn.AttentionSampler.Convention;
import glimpse.nn.GridSample;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class AttentionSamplerTest {
    private static final float[] PEAKED = {0.7f, 0.1f, 0.1f, 0.1f};

    @Test
    void peakedMarginalClipsAndMapsAsTheOfficialCode() {
        // in = att = out = 4, scale 1, dense 2: threshold 2; 0.7·4 = 2.8 → 2, refill (4 − 3.2)/4 = 0.2
        AttentionSampler s = new AttentionSampler(4, 2f, 5, Convention.OFFICIAL);
        float[][] m = s.clipAndRefill(PEAKED, PEAKED);
        assertArrayEquals(new float[] {2.2f, 0.6f, 0.6f, 0.6f}, m[0], 1e-5f);
        assertArrayEquals(new float[] {2.2f, 0.6f, 0.6f, 0.6f}, m[1], 1e-5f);
        assertArrayEquals(new double[] {-1, -0.3, 0.6667, 1.8333}, s.inverseCdf(m[0]), 1e-4);
    }

    @Test
    void uniformAttentionIsTheIdentityInTheCleanConventionAndShiftedInTheOfficialOne() {
        float[] uniform = {1, 1, 1, 1};
        AttentionSampler clean = new AttentionSampler(4, 2f, 5, Convention.CLEAN);
        assertArrayEquals(new double[] {0, 1, 2, 3}, clean.inverseCdf(clean.clipAndRefill(uniform, uniform)[0]), 1e-6);
        AttentionSampler official = clean.withConvention(Convention.OFFICIAL);
        assertArrayEquals(new double[] {-1, 0, 1, 2}, official.inverseCdf(official.clipAndRefill(uniform, uniform)[0]), 1e-6);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.randomUniform(0, 1, new Shape(2, 3, 4, 4));
            NDArray same = AttentionSampler.of(4).sample(image, m.ones(new Shape(2, 4, 4)));
            assertArrayEquals(image.toFloatArray(), same.toFloatArray(), 1e-5f);
            // a smaller output is the plain align-corners resize
            NDArray small = AttentionSampler.of(3).sample(image, m.ones(new Shape(2, 4, 4)));
            assertArrayEquals(GridSample.resize(image, 3, 3).toFloatArray(), small.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void densitySumsToTheOutputSizeAfterEveryIteration() {
        Random r = new Random(7);
        float[] mx = new float[9], my = new float[9];
        for (int k = 0; k < 9; k++) { mx[k] = (float) Math.pow(r.nextDouble(), 4); my[k] = (float) Math.pow(r.nextDouble(), 4); }
        for (int it = 1; it <= 5; it++) {
            float[][] m = new AttentionSampler(6, 1.5f, it, Convention.CLEAN).clipAndRefill(mx, my);
            for (float[] axis : m) {
                double sum = 0;
                for (float v : axis) sum += v;
                assertEquals(6, sum, 1e-4, "after iteration " + it);
            }
        }
    }

    @Test
    void coordinatesAreNonDecreasingAndTheGridIsSeparable() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray att = m.randomUniform(0, 1, new Shape(2, 5, 7)).pow(m.create(6f));
            for (Convention c : Convention.values()) {
                int out = 6;
                float[] g = new AttentionSampler(out, 2f, 5, c).grid(att).toFloatArray();
                for (int n = 0; n < 2; n++)
                    for (int i = 0; i < out; i++)
                        for (int j = 0; j < out; j++) {
                            int at = 2 * ((n * out + i) * out + j);
                            assertEquals(g[2 * ((n * out) * out + j)], g[at], 0f, "x depends on the column only");
                            assertEquals(g[2 * ((n * out + i) * out) + 1], g[at + 1], 0f, "y depends on the row only");
                            if (j > 0) assertTrue(g[at] >= g[at - 2], c + ": x non-decreasing");
                            if (i > 0) assertTrue(g[at + 1] >= g[at + 1 - 2 * out], c + ": y non-decreasing");
                        }
            }
        }
    }

    @Test
    void attendedColumnsReceiveMoreOutputPixels() {
        float[] peak = {0.1f, 0.1f, 1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f};
        double[] p = AttentionSampler.of(8).inverseCdf(AttentionSampler.of(8).clipAndRefill(peak, peak)[0]);
        int near = 0;
        for (double v : p) if (v >= 1.5 && v <= 2.5) near++;
        assertTrue(near >= 2, "the attended column (a one-pixel window) should get more than its one uniform sample: " + java.util.Arrays.toString(p));
    }
}
