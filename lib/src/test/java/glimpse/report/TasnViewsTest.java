package glimpse.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TasnViewsTest {
    @Test
    void enlargingRepeatsEachPixel() {
        byte[] small = {1, 2, 3, 4};
        assertArrayEquals(new byte[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, TasnViews.enlarge(small, 2, 4));
    }

    @Test
    void zoomThirdsAndLossWindowsAreMeansOfTheirParts() {
        assertArrayEquals(new double[] {1.5, 3.5, 5.5}, TasnViews.thirds(new double[] {1, 2, 3, 4, 5, 6}), 1e-12);
        // 7 bands: thirds of 2, 2 and 3 bands
        assertArrayEquals(new double[] {0.5, 2.5, 5}, TasnViews.thirds(new double[] {0, 1, 2, 3, 4, 5, 6}), 1e-12);
        assertArrayEquals(new double[] {2, 5, 7.5}, TasnViews.windowMeans(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 3), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> TasnViews.windowMeans(new float[] {1}, 0));
    }
}
