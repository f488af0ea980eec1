package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PoolingTest {
    /** One image, a class token then three patch tokens of two channels. */
    static final float[] TOKENS = {9, -9, 1, 2, 3, -4, 2, 8};

    @Test
    void clsMeanAndMaxOnHandMadeTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(TOKENS, new ai.djl.ndarray.types.Shape(1, 4, 2));
            assertArrayEquals(new float[] {9, -9}, Pooling.CLS.pool(t, true).toFloatArray());
            assertArrayEquals(new float[] {2, 2}, Pooling.MEAN.pool(t, true).toFloatArray(), 1e-6f, "(1+3+2)/3, (2-4+8)/3: the class token is left out");
            assertArrayEquals(new float[] {3, 8}, Pooling.MAX.pool(t, true).toFloatArray());
            assertArrayEquals(new float[] {3.75f, -0.75f}, Pooling.MEAN.pool(t, false).toFloatArray(), 1e-6f, "without a class token every token counts");
            assertThrows(IllegalArgumentException.class, () -> Pooling.CLS.pool(t, false));
        }
    }

    @Test
    void gemIsTheCubeRootOfTheMeanCubeWithNegativesClampedAndLiesBetweenMeanAndMax() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(TOKENS, new ai.djl.ndarray.types.Shape(1, 4, 2));
            float[] g = Pooling.GEM.pool(t, true).toFloatArray();
            // channel 0: ((1 + 27 + 8) / 3)^(1/3) = 12^(1/3); channel 1: ((8 + 1e-18 + 512) / 3)^(1/3), −4 clamped to 1e-6
            assertEquals(Math.cbrt(12), g[0], 1e-5);
            assertEquals(Math.cbrt((8 + 512 + 1e-18) / 3), g[1], 1e-4);
            assertTrue(g[0] >= 2 && g[0] <= 3, "between mean and max for non-negative tokens");
        }
    }

    @Test
    void mapToTokensIsRowMajorAndL2NormaliseGivesUnitRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            // (1, 2, 1, 2): channel 0 = [1, 2], channel 1 = [3, 4] → tokens (1,3), (2,4)
            NDArray tokens = Pooling.mapToTokens(m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(1, 2, 1, 2)));
            assertArrayEquals(new long[] {1, 2, 2}, tokens.getShape().getShape());
            assertArrayEquals(new float[] {1, 3, 2, 4}, tokens.toFloatArray());
            float[] n = Pooling.l2Normalise(m.create(new float[][] {{3, 4}, {0, 0}})).toFloatArray();
            assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, n, 1e-6f, "a zero row stays zero (norm floored)");
        }
    }
}
