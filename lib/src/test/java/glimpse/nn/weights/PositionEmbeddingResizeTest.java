package glimpse.nn.weights;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-worked properties of the antialiased bicubic resize (its agreement with torch is in TorchCheckpointTest). */
class PositionEmbeddingResizeTest {
    @Test
    void theSameGridSizeIsTheIdentity() {
        float[] e = ramp(1 + 5 * 5, 3);
        assertArrayEquals(e, PositionEmbeddingResize.resize(e, 1, 5, 5, 3));
    }

    @Test
    void aConstantGridStaysConstantAndTheClassRowIsCopied() {
        int c = 2;
        float[] e = new float[(1 + 6 * 6) * c];
        e[0] = 9f; e[1] = -9f;
        for (int i = c; i < e.length; i++) e[i] = i % 2 == 0 ? 0.25f : -1.5f;
        for (int to : new int[] {2, 3, 9, 13}) {
            float[] r = PositionEmbeddingResize.resize(e, 1, 6, to, c);
            assertEquals(9f, r[0]);
            assertEquals(-9f, r[1]);
            for (int i = c; i < r.length; i++) assertEquals(i % 2 == 0 ? 0.25f : -1.5f, r[i], 1e-6, "grid " + to + " value " + i);
        }
    }

    @Test
    void halvingAveragesWithTheWidenedKernel() {
        // 4 → 2 along one axis: scale 2, support 4, centre of output 0 at 1.0; inputs 0..2 (trunc(1 - 4 + .5) < 0 → 0; trunc(1 + 4 + .5) = 5 → 4),
        // weights keys((j - 1 + .5) / 2) for j = 0..3 = keys(-.25), keys(.25), keys(.75), keys(1.25); Keys a = -1/2:
        //   keys(.25) = 1.5·.015625 - 2.5·.0625 + 1 = 0.8671875, keys(.75) = 1.5·.421875 - 2.5·.5625 + 1 = 0.2265625,
        //   keys(1.25) = -.5·(((1.25 - 5)·1.25 + 8)·1.25 - 4) = -0.0703125
        double[][] w = PositionEmbeddingResize.weights(4, 2);
        double total = 0.8671875 * 2 + 0.2265625 - 0.0703125;
        assertArrayEquals(new double[] {0.8671875 / total, 0.8671875 / total, 0.2265625 / total, -0.0703125 / total}, w[0], 1e-12);
        assertArrayEquals(new int[] {0, 0}, PositionEmbeddingResize.starts(4, 2));
    }

    private static float[] ramp(int rows, int channels) {
        float[] e = new float[rows * channels];
        for (int i = 0; i < e.length; i++) e[i] = (float) Math.sin(i * 0.3);
        return e;
    }
}
