package glimpse.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static glimpse.nn.TransformerReference.gaussian;
import static org.junit.jupiter.api.Assertions.*;

/** A linear map on tokens computed as rows: forward and gradients against plain-Java sums. */
class TokenLinearTest {
    static final int B = 2, T = 3, C = 4, UNITS = 5;

    static Linear linear(NDManager m, float[] w, float[] b) {
        Linear l = Linear.builder().setUnits(UNITS).build();
        l.initialize(m, DataType.FLOAT32, new Shape(B, T, C));
        l.getParameters().get("weight").getArray().set(w);
        l.getParameters().get("bias").getArray().set(b);
        return l;
    }

    /** y[r][u] = Σ_c x[r][c] w[u][c] + b[u] over the B·T token rows, in double. */
    static double[] reference(float[] x, float[] w, float[] b) {
        double[] y = new double[B * T * UNITS];
        for (int r = 0; r < B * T; r++)
            for (int u = 0; u < UNITS; u++) {
                double s = b[u];
                for (int c = 0; c < C; c++) s += (double) x[r * C + c] * w[u * C + c];
                y[r * UNITS + u] = s;
            }
        return y;
    }

    @Test
    void tokensGiveTheAffineMapOfEachRowAndTheirShape() {
        float[] x = gaussian(B * T * C, 1), w = gaussian(UNITS * C, 2), b = gaussian(UNITS, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            Linear l = linear(m, w, b);
            NDArray y = TokenLinear.apply(l, new ParameterStore(m, false), m.create(x, new Shape(B, T, C)), false);
            assertEquals(new Shape(B, T, UNITS), y.getShape());
            double[] want = reference(x, w, b);
            float[] got = y.toFloatArray();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5);
        }
    }

    @Test
    void nonContiguousTokensAreReadInTheirLogicalOrder() {
        float[] x = gaussian(B * T * C, 4), w = gaussian(UNITS * C, 5), b = gaussian(UNITS, 6);
        try (NDManager m = NDManager.newBaseManager()) {
            // (B, C, T) transposed to (B, T, C): a strided view holding the same logical tokens as x
            float[] channelsFirst = new float[x.length];
            for (int i = 0; i < B; i++) for (int t = 0; t < T; t++) for (int c = 0; c < C; c++)
                channelsFirst[(i * C + c) * T + t] = x[(i * T + t) * C + c];
            NDArray view = m.create(channelsFirst, new Shape(B, C, T)).transpose(0, 2, 1);
            float[] got = TokenLinear.apply(linear(m, w, b), new ParameterStore(m, false), view, false).toFloatArray();
            double[] want = reference(x, w, b);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5);
        }
    }

    @Test
    void gradientsOfAWeightedSumAreTheHandDerivatives() {
        // L = Σ g ⊙ y  ⇒  dL/dW[u][c] = Σ_r g[r][u] x[r][c],  dL/db[u] = Σ_r g[r][u],  dL/dx[r][c] = Σ_u g[r][u] W[u][c]
        float[] x = gaussian(B * T * C, 7), w = gaussian(UNITS * C, 8), b = gaussian(UNITS, 9), g = gaussian(B * T * UNITS, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Linear l = linear(m, w, b);
            NDArray xs = m.create(x, new Shape(B, T, C));
            xs.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = TokenLinear.apply(l, new ParameterStore(m, false), xs, true);
                collector.backward(y.mul(m.create(g, new Shape(B, T, UNITS))).sum());
            }
            float[] dw = l.getParameters().get("weight").getArray().getGradient().toFloatArray();
            float[] db = l.getParameters().get("bias").getArray().getGradient().toFloatArray();
            float[] dx = xs.getGradient().toFloatArray();
            for (int u = 0; u < UNITS; u++) {
                double sb = 0;
                for (int r = 0; r < B * T; r++) sb += g[r * UNITS + u];
                assertEquals(sb, db[u], 1e-5);
                for (int c = 0; c < C; c++) {
                    double sw = 0;
                    for (int r = 0; r < B * T; r++) sw += (double) g[r * UNITS + u] * x[r * C + c];
                    assertEquals(sw, dw[u * C + c], 1e-5);
                }
            }
            for (int r = 0; r < B * T; r++)
                for (int c = 0; c < C; c++) {
                    double sx = 0;
                    for (int u = 0; u < UNITS; u++) sx += (double) g[r * UNITS + u] * w[u * C + c];
                    assertEquals(sx, dx[r * C + c], 1e-5);
                }
        }
    }

    @Test
    void rowsOtherThanTokensGoToTheBlockUnchanged() {
        float[] x = gaussian(B * C, 11), w = gaussian(UNITS * C, 12), b = gaussian(UNITS, 13);
        try (NDManager m = NDManager.newBaseManager()) {
            Linear l = linear(m, w, b);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray rows = m.create(x, new Shape(B, C));
            assertArrayEquals(l.forward(ps, new NDList(rows), false).head().toFloatArray(),
                    TokenLinear.apply(l, ps, rows, false).toFloatArray());
        }
    }
}
