package glimpse.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class AugmentTest {
    static float[] ramp(int c, int h, int w) {
        float[] x = new float[c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (i % (h * w)) / (float) (h * w);
        return x;
    }

    @Test
    void fullWindowBilinearResizeIsTheIdentity() {
        float[] x = ramp(2, 5, 7);
        assertArrayEquals(x, Augment.resizeBilinear(x, 2, 5, 7, 0, 0, 5, 7), 1e-6f);
    }

    @Test
    void bilinearUpsamplingOfATwoPixelWindowMatchesHandValues() {
        // row [0, 1] upsampled to 4 columns with pixel-centre alignment: source x = (x+0.5)/2 - 0.5
        // -> -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1) -> 0, 0.25, 0.75, 1
        float[] img = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};   // 4×4, window row 0 cols 0..1
        float[] out = Augment.resizeBilinear(img, 1, 4, 4, 0, 0, 1, 2);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, java.util.Arrays.copyOfRange(out, 0, 4), 1e-6f);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, java.util.Arrays.copyOfRange(out, 12, 16), 1e-6f);
    }

    @Test
    void flipReversesEachRowAndBlurKeepsAConstantImageAndSmoothsAnEdge() {
        float[] x = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, Augment.flipHorizontal(x, 1, 2, 3));
        float[] flat = new float[64];
        java.util.Arrays.fill(flat, 0.3f);
        assertArrayEquals(flat, Augment.gaussianBlur(flat, 1, 8, 8, 1.2), 1e-6f);
        float[] edge = new float[64];
        for (int y = 0; y < 8; y++) for (int xx = 4; xx < 8; xx++) edge[y * 8 + xx] = 1;
        float[] b = Augment.gaussianBlur(edge, 1, 8, 8, 1.0);
        assertTrue(b[3] > 0.1 && b[3] < 0.5 && b[4] > 0.5 && b[4] < 0.9, "edge pixels " + b[3] + " " + b[4]);
    }

    @Test
    void simclrViewsStayInRangeAreSeededAndChangeTheImage() {
        float[] x = ramp(1, 16, 16);
        Augment a = Augment.simclrQuery();
        float[] v1 = a.apply(x, 1, 16, 16, new Random(9)), v2 = a.apply(x, 1, 16, 16, new Random(9));
        assertArrayEquals(v1, v2);
        int changed = 0;
        for (int s = 0; s < 20; s++) {
            float[] v = a.apply(x, 1, 16, 16, new Random(s));
            for (float f : v) assertTrue(f >= 0 && f <= 1);
            if (!java.util.Arrays.equals(v, x)) changed++;
        }
        assertTrue(changed >= 18, "only " + changed + " of 20 views differ from the input");
        assertArrayEquals(x, Augment.none().apply(x, 1, 16, 16, new Random(1)));
    }
}
