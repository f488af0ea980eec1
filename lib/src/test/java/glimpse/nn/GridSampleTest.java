package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class GridSampleTest {
    /** image (1, 1, 2, 3): rows [1 2 3] and [4 5 6] */
    private static NDArray image(NDManager m) {
        return m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
    }

    /** A grid (1, 1, k, 2) of k points given in pixel coordinates (x = column, y = row) of a W×H image. */
    private static NDArray pixelGrid(NDManager m, int w, int h, double[][] xy) {
        float[] g = new float[xy.length * 2];
        for (int k = 0; k < xy.length; k++) {
            g[2 * k] = (float) (2 * xy[k][0] / (w - 1) - 1);
            g[2 * k + 1] = (float) (2 * xy[k][1] / (h - 1) - 1);
        }
        return m.create(g, new Shape(1, 1, xy.length, 2));
    }

    @Test
    void exactOnTheIntegerGrid() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] pts = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {2, 1}, {0, 0}};
            float[] got = GridSample.bilinear(image(m), pixelGrid(m, 3, 2, pts)).toFloatArray();
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 6, 1}, got, 1e-6f);
            // the uniform grid at the input's own size is the identity
            assertArrayEquals(image(m).toFloatArray(), GridSample.resize(image(m), 2, 3).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void matchesHandComputedValuesBetweenPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] pts = {{0.5, 0.5}, {1.25, 0}, {2, 0.25}, {0.75, 0.5}};
            // (1+2+4+5)/4 = 3;  0.75·2 + 0.25·3 = 2.25;  0.75·3 + 0.25·6 = 3.75;
            // row 0 at x 0.75: 0.25·1 + 0.75·2 = 1.75, row 1: 0.25·4 + 0.75·5 = 4.75, halfway: 3.25
            float[] got = GridSample.bilinear(image(m), pixelGrid(m, 3, 2, pts)).toFloatArray();
            assertArrayEquals(new float[] {3f, 2.25f, 3.75f, 3.25f}, got, 1e-5f);
        }
    }

    @Test
    void padsWithZerosOutsideTheImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] pts = {{-0.5, 0}, {2, 1.5}, {-2, 0}, {1, 3}, {3.25, 1}};
            // half a pixel left of 1: 0.5·1;  half a pixel below 6: 0.5·6;  far outside: 0;  0.75·0 + ... beyond x=3: 0
            float[] got = GridSample.bilinear(image(m), pixelGrid(m, 3, 2, pts)).toFloatArray();
            assertArrayEquals(new float[] {0.5f, 3f, 0f, 0f, 0f}, got, 1e-5f);
        }
    }

    @Test
    void keepsChannelsAndBatchApart() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 4 * 5).toType(DataType.FLOAT32, false).reshape(2, 3, 4, 5);
            NDArray out = GridSample.resize(x, 4, 5);
            assertEquals(new Shape(2, 3, 4, 5), out.getShape());
            assertArrayEquals(x.toFloatArray(), out.toFloatArray(), 1e-4f);
            // downsampling 5 → 3 columns with align-corners picks columns 0, 2, 4 exactly
            float[] down = GridSample.resize(x, 4, 3).toFloatArray();
            float[] all = x.toFloatArray();
            for (int bc = 0; bc < 6; bc++)
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 3; j++) assertEquals(all[bc * 20 + i * 5 + 2 * j], down[bc * 12 + i * 3 + j], 1e-4f);
        }
    }

    @Test
    void gradientWithRespectToTheImageMatchesFiniteDifferences() {
        Random r = new Random(5);
        int b = 2, c = 2, h = 4, w = 5, oh = 3, ow = 3;
        float[] img = new float[b * c * h * w], grid = new float[b * oh * ow * 2], weights = new float[b * c * oh * ow];
        for (int i = 0; i < img.length; i++) img[i] = (float) r.nextGaussian();
        for (int i = 0; i < grid.length; i++) grid[i] = (float) (r.nextDouble() * 2.4 - 1.2);  // some points outside
        for (int i = 0; i < weights.length; i++) weights[i] = (float) r.nextGaussian();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(grid, new Shape(b, oh, ow, 2));
            NDArray wts = m.create(weights, new Shape(b, c, oh, ow));
            NDArray x = m.create(img, new Shape(b, c, h, w));
            x.setRequiresGradient(true);
            float[] analytic;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(GridSample.bilinear(x, g).mul(wts).sum());
                analytic = x.getGradient().toFloatArray();
            }
            double eps = 1e-2;
            for (int k = 0; k < img.length; k++) {
                float[] plus = img.clone(), minus = img.clone();
                plus[k] += eps;
                minus[k] -= eps;
                double fp = GridSample.bilinear(m.create(plus, x.getShape()), g).mul(wts).sum().getFloat();
                double fm = GridSample.bilinear(m.create(minus, x.getShape()), g).mul(wts).sum().getFloat();
                assertEquals((fp - fm) / (2 * eps), analytic[k], 2e-3, "pixel " + k);
            }
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> GridSample.bilinear(m.zeros(new Shape(1, 1, 2, 2)), m.zeros(new Shape(1, 2, 2, 3))));
        }
    }

    @Test
    void separableResizeEqualsTheGatheredOneUpAndDown() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(2, 3, 8, 5));
            for (int[] size : new int[][] {{96, 40}, {3, 2}, {8, 5}})
                assertArrayEquals(GridSample.resize(x, size[0], size[1]).toFloatArray(),
                        GridSample.resizeSeparable(x, size[0], size[1]).toFloatArray(), 1e-5f, size[0] + "x" + size[1]);
        }
    }

    @Test
    void interpolationRowsHoldTheHandWorkedWeights() {
        // in 3 → out 5: p = 0, 0.5, 1, 1.5, 2
        float[] r = GridSample.interpolation(3, 5);
        assertArrayEquals(new float[] {1, 0, 0, 0.5f, 0.5f, 0, 0, 1, 0, 0, 0.5f, 0.5f, 0, 0, 1}, r, 1e-7f);
    }
}
