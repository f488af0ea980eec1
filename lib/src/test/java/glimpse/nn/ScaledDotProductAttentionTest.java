package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import glimpse.nn.ScaledDotProductAttention.Result;
import glimpse.nn.ScaledDotProductAttention.Scale;
import org.junit.jupiter.api.Test;

import static glimpse.nn.TransformerReference.gaussian;
import static org.junit.jupiter.api.Assertions.*;

/** Scaled dot-product attention against a hand-worked case, its invariants and finite differences. */
class ScaledDotProductAttentionTest {

    @Test
    void twoTokensOneHeadWidthTwoMatchTheHandComputation() {
        // q₁ = (2, 0), q₂ = (0, 0); k₁ = (1, 0), k₂ = (0, 1); v₁ = (1, 2), v₂ = (3, 4); d = 2, s = 1/√2.
        // Row 1: scores (2/√2, 0) = (√2, 0) → weights (σ(√2), 1 − σ(√2)) = (0.8044297, 0.1955703)
        //        out₁ = 0.8044297·(1, 2) + 0.1955703·(3, 4) = (1.3911406, 2.3911406)
        // Row 2: scores (0, 0) → weights (½, ½), out₂ = (2, 3).
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {2, 0, 0, 0}, new Shape(1, 1, 2, 2));
            NDArray k = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 1, 2, 2));
            NDArray v = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            Result r = ScaledDotProductAttention.attend(q, k, v);
            assertArrayEquals(new float[] {0.8044297f, 0.1955703f, 0.5f, 0.5f}, r.weights().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1.3911406f, 2.3911406f, 2f, 3f}, r.output().toFloatArray(), 1e-6f);
            assertEquals(new Shape(1, 1, 2, 2), r.weights().getShape());
        }
    }

    @Test
    void weightRowsAreProbabilitiesAndOutputsMatchThePlainReference() {
        int b = 2, h = 3, t = 4, s = 5, d = 6, dv = 7;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] qf = gaussian(b * h * t * d, 1), kf = gaussian(b * h * s * d, 2), vf = gaussian(b * h * s * dv, 3);
            Result r = ScaledDotProductAttention.attend(m.create(qf, new Shape(b, h, t, d)), m.create(kf, new Shape(b, h, s, d)),
                    m.create(vf, new Shape(b, h, s, dv)));
            assertEquals(new Shape(b, h, t, s), r.weights().getShape());
            assertEquals(new Shape(b, h, t, dv), r.output().getShape());
            float[] w = r.weights().toFloatArray(), out = r.output().toFloatArray();
            for (int row = 0; row < b * h * t; row++) {
                double sum = 0;
                for (int j = 0; j < s; j++) { sum += w[row * s + j]; assertTrue(w[row * s + j] > 0); }
                assertEquals(1.0, sum, 1e-6, "row " + row + " of the weights");
            }
            for (int bh = 0; bh < b * h; bh++) {
                double[][] q = slice(qf, bh, t, d), k = slice(kf, bh, s, d), v = slice(vf, bh, s, dv);
                double[][] want = TransformerReference.matMul(TransformerReference.attentionWeights(q, k, 1 / Math.sqrt(d), null), v);
                for (int i = 0; i < t; i++)
                    for (int c = 0; c < dv; c++) assertEquals(want[i][c], out[(bh * t + i) * dv + c], 1e-5);
            }
        }
    }

    static double[][] slice(float[] flat, int block, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int c = 0; c < cols; c++) x[i][c] = flat[(block * rows + i) * cols + c];
        return x;
    }

    @Test
    void aMinusInfinityMaskGivesExactlyZeroWeightAndTheOutputOfTheUnmaskedKeysAlone() {
        int t = 3, s = 4, d = 4;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(gaussian(t * d, 4), new Shape(1, 1, t, d));
            NDArray k = m.create(gaussian(s * d, 5), new Shape(1, 1, s, d));
            NDArray v = m.create(gaussian(s * d, 6), new Shape(1, 1, s, d));
            float[] maskValues = new float[s];
            maskValues[1] = Float.NEGATIVE_INFINITY;                      // key 1 hidden from every query
            NDArray mask = m.create(maskValues, new Shape(1, 1, 1, s));   // broadcast over heads and queries
            Result r = ScaledDotProductAttention.attend(q, k, v, mask, Scale.inverseSqrt(d));
            float[] w = r.weights().toFloatArray();
            for (int i = 0; i < t; i++) assertEquals(0f, w[i * s + 1], 0f, "query " + i + " must give the masked key zero weight");
            NDIndex kept = new NDIndex(":, :, {}", m.create(new long[] {0, 2, 3}));
            Result without = ScaledDotProductAttention.attend(q, k.get(kept), v.get(kept));
            assertArrayEquals(without.output().toFloatArray(), r.output().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void splitScalingGivesTheSameFunctionAsScalingTheScores() {
        int d = 8;                                                   // d^-¼ is not a power of two here: the roundings differ
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(gaussian(2 * 2 * 5 * d, 7), new Shape(2, 2, 5, d));
            NDArray k = m.create(gaussian(2 * 2 * 6 * d, 8), new Shape(2, 2, 6, d));
            NDArray v = m.create(gaussian(2 * 2 * 6 * 3, 9), new Shape(2, 2, 6, 3));
            Result onScores = ScaledDotProductAttention.attend(q, k, v, null, Scale.inverseSqrt(d));
            Result split = ScaledDotProductAttention.attend(q, k, v, null, Scale.splitInverseSqrt(d));
            assertArrayEquals(onScores.weights().toFloatArray(), split.weights().toFloatArray(), 1e-6f);
            assertArrayEquals(onScores.output().toFloatArray(), split.output().toFloatArray(), 1e-5f);
            assertEquals((float) Math.pow(8, -0.25), ((Scale.OnQueryAndKey) Scale.splitInverseSqrt(8)).factor(), 0f);
            // an explicit factor: s = 1 gives softmax(q·k)
            Result unscaled = ScaledDotProductAttention.attend(q.mul(1 / Math.sqrt(d)), k, v, null, new Scale.OnScores(1f));
            assertArrayEquals(onScores.weights().toFloatArray(), unscaled.weights().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void leadingAxesOfSizeOneBroadcastAsInCrossTransformersQueryAgainstEveryClass() {
        // queries (n_q, 1, T, d) against the keys of N classes (1, N, S, d) → weights (n_q, N, T, S)
        int nq = 2, classes = 3, t = 4, s = 5, d = 4;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(gaussian(nq * t * d, 10), new Shape(nq, 1, t, d));
            NDArray k = m.create(gaussian(classes * s * d, 11), new Shape(1, classes, s, d));
            NDArray v = m.create(gaussian(classes * s * d, 12), new Shape(1, classes, s, d));
            Result r = ScaledDotProductAttention.attend(q, k, v);
            assertEquals(new Shape(nq, classes, t, s), r.weights().getShape());
            Result tiled = ScaledDotProductAttention.attend(q.repeat(1, classes), k.repeat(0, nq), v.repeat(0, nq));
            assertArrayEquals(tiled.output().toFloatArray(), r.output().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOfThePlainReference() {
        // L = Σ out ⊙ R for t = 2 queries, s = 3 keys, d = 2, d_v = 2; ∂L/∂q, ∂L/∂k, ∂L/∂v by autograd vs
        // central differences (h = 1e-5) of the double-precision reference.
        int t = 2, s = 3, d = 2;
        float[] qf = gaussian(t * d, 13), kf = gaussian(s * d, 14), vf = gaussian(s * d, 15), rf = gaussian(t * d, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(qf, new Shape(1, 1, t, d)), k = m.create(kf, new Shape(1, 1, s, d)), v = m.create(vf, new Shape(1, 1, s, d));
            for (NDArray a : new NDArray[] {q, k, v}) a.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(ScaledDotProductAttention.attend(q, k, v).output().mul(m.create(rf, new Shape(1, 1, t, d))).sum());
            }
            double[][] inputs = {toDouble(qf), toDouble(kf), toDouble(vf)};
            float[][] analytic = {q.getGradient().toFloatArray(), k.getGradient().toFloatArray(), v.getGradient().toFloatArray()};
            for (int which = 0; which < 3; which++)
                for (int i = 0; i < inputs[which].length; i++) {
                    double keep = inputs[which][i], h = 1e-5;
                    inputs[which][i] = keep + h;
                    double up = loss(inputs, rf, t, s, d);
                    inputs[which][i] = keep - h;
                    double down = loss(inputs, rf, t, s, d);
                    inputs[which][i] = keep;
                    assertEquals((up - down) / (2 * h), analytic[which][i], 1e-4, "∂L/∂" + "qkv".charAt(which) + "[" + i + "]");
                }
        }
    }

    static double loss(double[][] qkv, float[] r, int t, int s, int d) {
        double[][] out = TransformerReference.matMul(
                TransformerReference.attentionWeights(rows(qkv[0], t, d), rows(qkv[1], s, d), 1 / Math.sqrt(d), null), rows(qkv[2], s, d));
        double l = 0;
        for (int i = 0; i < t; i++) for (int c = 0; c < d; c++) l += out[i][c] * r[i * d + c];
        return l;
    }

    static double[][] rows(double[] flat, int n, int c) {
        double[][] x = new double[n][c];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * c, x[i], 0, c);
        return x;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void mismatchedShapesAreRejectedWithTheShapesInTheMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.zeros(new Shape(1, 2, 3, 4));
            assertThrows(IllegalArgumentException.class, () -> ScaledDotProductAttention.attend(q, m.zeros(new Shape(1, 2, 3, 5)), m.zeros(new Shape(1, 2, 3, 4))));
            assertThrows(IllegalArgumentException.class, () -> ScaledDotProductAttention.attend(q, m.zeros(new Shape(1, 2, 3, 4)), m.zeros(new Shape(1, 2, 6, 4))));
            assertThrows(IllegalArgumentException.class, () -> ScaledDotProductAttention.attend(m.zeros(new Shape(2, 3, 4)), m.zeros(new Shape(2, 3, 4)), m.zeros(new Shape(2, 3, 4))));
            assertThrows(IllegalArgumentException.class, () -> ScaledDotProductAttention.attend(q, m.zeros(new Shape(1, 3, 3, 4)), m.zeros(new Shape(1, 3, 3, 4))));
        }
    }
}
