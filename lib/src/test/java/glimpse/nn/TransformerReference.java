package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plain-Java (double) computations of the transformer pieces, written from the papers' equations
 * and independent of DJL, for the tests to compare against. Tokens are [t][c]; weights are stored
 * (out, in) row-major as DJL's Linear stores them.
 */
public final class TransformerReference {
    private TransformerReference() {}

    /** Fills every parameter of {@code block} with seeded values in [-0.5, 0.5) (norm γ around 1) and returns them by name. */
    public static Map<String, float[]> randomizeParameters(Block block, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, float[]> values = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) continue;       // BatchNorm running statistics keep their initial 0 / 1
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            boolean gamma = p.getKey().endsWith("gamma");
            for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() - 0.5) + (gamma ? 1f : 0f);
            a.set(v);
            values.put(p.getKey(), v);
        }
        return values;
    }

    static float[] gaussian(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    /** Sequence {@code b} of a flat row-major (B, T, C) array, as [t][c]. */
    static double[][] sequence(float[] flat, int b, int t, int c) {
        double[][] x = new double[t][c];
        for (int i = 0; i < t; i++) for (int k = 0; k < c; k++) x[i][k] = flat[(b * t + i) * c + k];
        return x;
    }

    /** [t][c] view of a flat row-major (T, C) array (one sequence). */
    static double[][] tokens(float[] flat, int t, int c) {
        double[][] x = new double[t][c];
        for (int i = 0; i < t; i++) for (int k = 0; k < c; k++) x[i][k] = flat[i * c + k];
        return x;
    }

    public static double[][] linear(double[][] x, float[] w, float[] b, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++)
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int k = 0; k < in; k++) s += x[i][k] * w[o * in + k];
                y[i][o] = s;
            }
        return y;
    }

    public static double[][] layerNorm(double[][] x, float[] gamma, float[] beta, double eps) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int c = x[i].length;
            double mean = 0, var = 0;
            for (double v : x[i]) mean += v;
            mean /= c;
            for (double v : x[i]) var += (v - mean) * (v - mean);
            var /= c;
            y[i] = new double[c];
            for (int k = 0; k < c; k++) y[i][k] = (x[i][k] - mean) / Math.sqrt(var + eps) * gamma[k] + beta[k];
        }
        return y;
    }

    /** softmax_j(scale · q_i·k_j + mask_ij) for one head: [t][s]. */
    static double[][] attentionWeights(double[][] q, double[][] k, double scale, double[][] mask) {
        double[][] p = new double[q.length][k.length];
        for (int i = 0; i < q.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k.length; j++) {
                double s = 0;
                for (int t = 0; t < q[i].length; t++) s += q[i][t] * k[j][t];
                p[i][j] = s * scale + (mask == null ? 0 : mask[i][j]);
                max = Math.max(max, p[i][j]);
            }
            double z = 0;
            for (int j = 0; j < k.length; j++) { p[i][j] = Math.exp(p[i][j] - max); z += p[i][j]; }
            for (int j = 0; j < k.length; j++) p[i][j] /= z;
        }
        return p;
    }

    static double[][] matMul(double[][] a, double[][] b) {
        double[][] y = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) s += a[i][k] * b[k][j];
                y[i][j] = s;
            }
        return y;
    }

    /** Columns [h·d, (h+1)·d) of x: head h's slice. */
    static double[][] head(double[][] x, int h, int d) {
        double[][] y = new double[x.length][d];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], h * d, y[i], 0, d);
        return y;
    }

    /**
     * Multi-head self-attention on one sequence with separate projections named
     * {prefix}01query_…, 02key_, 03value_, 04output_ (1706.03762 §3.2.2).
     */
    static double[][] selfAttention(double[][] x, Map<String, float[]> w, String prefix, int heads, double[][] mask) {
        int c = x[0].length, d = c / heads;
        double[][] q = linear(x, w.get(prefix + "01query_weight"), w.get(prefix + "01query_bias"), c);
        double[][] k = linear(x, w.get(prefix + "02key_weight"), w.get(prefix + "02key_bias"), c);
        double[][] v = linear(x, w.get(prefix + "03value_weight"), w.get(prefix + "03value_bias"), c);
        double[][] concat = new double[x.length][c];
        for (int h = 0; h < heads; h++) {
            double[][] out = matMul(attentionWeights(head(q, h, d), head(k, h, d), 1 / Math.sqrt(d), mask), head(v, h, d));
            for (int i = 0; i < x.length; i++) System.arraycopy(out[i], 0, concat[i], h * d, d);
        }
        return linear(concat, w.get(prefix + "04output_weight"), w.get(prefix + "04output_bias"), c);
    }

    /** GELU(x) = x Φ(x), Φ the standard normal CDF (exact form, not the tanh approximation). */
    static double gelu(double x) { return 0.5 * x * (1 + erf(x / Math.sqrt(2))); }

    /** erf by its Maclaurin series (|x| ≤ 3) or continued fraction of erfc (|x| > 3), both to ~1e-15. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax > 3) {
            double f = 0;                                  // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
            for (int n = 60; n >= 1; n--) f = (n / 2.0) / (ax + f);
            return Math.signum(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f));
        }
        double sum = 0, term = x;                          // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
        for (int n = 0; n < 80; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /**
     * The pre-norm encoder layer (2010.11929 eq. 2–3) with LayerNorm (ε) and GELU, on one sequence,
     * parameters named as TransformerEncoderLayer names them.
     */
    static double[][] preNormLayer(double[][] x, Map<String, float[]> w, int heads, int hidden, double eps) {
        int c = x[0].length;
        double[][] a = selfAttention(layerNorm(x, w.get("01norm1_gamma"), w.get("01norm1_beta"), eps), w, "02attention_", heads, null);
        double[][] x1 = add(x, a);
        double[][] h = linear(layerNorm(x1, w.get("03norm2_gamma"), w.get("03norm2_beta"), eps), w.get("04mlpHidden_weight"), w.get("04mlpHidden_bias"), hidden);
        for (double[] row : h) for (int t = 0; t < hidden; t++) row[t] = gelu(row[t]);
        return add(x1, linear(h, w.get("05mlpOutput_weight"), w.get("05mlpOutput_bias"), c));
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int k = 0; k < a[0].length; k++) y[i][k] = a[i][k] + b[i][k];
        return y;
    }
}
