package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import glimpse.nn.GridSample;

/**
 * TASN's attention-based sampler (Zheng et al., CVPR 2019, §3.2, Eq. 4–6): resamples an image
 * non-uniformly so that rows and columns of high attention receive more output pixels.
 * <ol>
 *   <li>marginals: m_x[j] = max_i A[i, j] (per column), m_y[i] = max_j A[i, j] (per row), each
 *       normalised to sum 1 and multiplied by the output size (the sampling density per attention
 *       pixel, summing to the number of output pixels);</li>
 *   <li>clip and refill (official code, {@code att_sampler-inl.h}): threshold = dense·out/att (the
 *       official {@code scale·dense·in/att} with out = scale·in: {@code dense} times the uniform
 *       density); each of {@code iterations} rounds clips both marginals at
 *       t = min(max m_x, max m_y) (the first round also at the threshold) and adds (out − Σm)/att to
 *       every entry, so Σm = out again and no region vanishes;</li>
 *   <li>inverse CDF of the cumulative density (see {@link Convention}), giving one coordinate per
 *       output row / column, normalised to [−1, 1] over the attention's own extent with
 *       align-corners (2p/(att − 1) − 1);</li>
 *   <li>the separable grid (x depends on the output column only, y on the row only) and
 *       {@link GridSample#bilinear} (align-corners, zero padding) on the original image.</li>
 * </ol>
 * The attention takes no gradient: its marginals are read into plain arrays.
 */
public record AttentionSampler(int out, float dense, int iterations, Convention convention) {

    /** How the cumulative density is formed and inverted. */
    public enum Convention {
        /**
         * The official code: C[0] = 1, C[k] = C[k−1] + m[k] (m[0] is ignored), step = C[last]/out;
         * output i takes the first j with C[j] ≥ i·step and coordinate j + (i·step − C[j])/(C[j] − C[j−1])
         * with C[−1] = 0. Uniform attention is shifted: output 0 lands one pixel left of the image.
         */
        OFFICIAL,
        /**
         * A clean inverse CDF: C[0] = 0, C[k] = C[k−1] + (m[k−1] + m[k])/2 (the density between pixel
         * centres k−1 and k), targets t_i = i·C[last]/(out − 1), coordinate = the piecewise-linear
         * inverse of C. Uniform attention gives the uniform align-corners grid (the identity when
         * out = att), so any difference from a plain resize is the attention's doing.
         */
        CLEAN
    }

    public AttentionSampler {
        if (out < 2) throw new IllegalArgumentException("the sampler's output size must be at least 2, not " + out);
        if (!(dense > 0)) throw new IllegalArgumentException("dense must be positive, not " + dense);
        if (iterations < 1) throw new IllegalArgumentException("clip-and-refill needs at least one iteration, not " + iterations);
    }

    /** The official settings (dense 4, 5 iterations) at the given output size, in the clean convention. */
    public static AttentionSampler of(int out) { return new AttentionSampler(out, 4f, 5, Convention.CLEAN); }

    public AttentionSampler withConvention(Convention c) { return new AttentionSampler(out, dense, iterations, c); }

    /** Image (B, C, H, W) resampled by attention (B, h, w) (any size; used as given) → (B, C, out, out). */
    public NDArray sample(NDArray image, NDArray attention) {
        return GridSample.bilinear(image, grid(attention).toDevice(image.getDevice(), false));
    }

    /** The sampling grid (B, out, out, 2) for attention maps (B, h, w). */
    public NDArray grid(NDArray attention) {
        Shape s = attention.getShape();
        if (s.dimension() != 3) throw new IllegalArgumentException("attention maps must be (B, h, w), got " + s);
        int b = (int) s.get(0), h = (int) s.get(1), w = (int) s.get(2);
        NDArray a = attention.stopGradient();
        float[] colMax = a.max(new int[] {1}).toFloatArray();       // (B, w): m_x
        float[] rowMax = a.max(new int[] {2}).toFloatArray();       // (B, h): m_y
        float[] grid = new float[b * out * out * 2];
        for (int n = 0; n < b; n++) {
            float[][] m = clipAndRefill(slice(colMax, n, w), slice(rowMax, n, h));
            float[] xs = normalise(inverseCdf(m[0]), w), ys = normalise(inverseCdf(m[1]), h);
            for (int i = 0; i < out; i++)
                for (int j = 0; j < out; j++) {
                    int at = 2 * ((n * out + i) * out + j);
                    grid[at] = xs[j];
                    grid[at + 1] = ys[i];
                }
        }
        return attention.getManager().create(grid, new Shape(b, out, out, 2));
    }

    /** Step 1–2 on one image's raw marginals (m_x, m_y): both normalised, scaled to out, clipped and refilled. */
    public float[][] clipAndRefill(float[] mx, float[] my) {
        double[] x = density(mx), y = density(my);
        double tx = dense * out / (double) mx.length, ty = dense * out / (double) my.length;
        for (int it = 0; it < iterations; it++) {
            double t = Math.min(max(x), max(y));
            refill(x, it == 0 ? Math.min(t, tx) : t);
            refill(y, it == 0 ? Math.min(t, ty) : t);
        }
        return new float[][] {toFloat(x), toFloat(y)};
    }

    /** m normalised to sum out (uniform where the marginal is all zero). */
    private double[] density(float[] m) {
        double sum = 0;
        for (float v : m) {
            if (!(v >= 0)) throw new IllegalArgumentException("attention must be finite and non-negative, got " + v);
            sum += v;
        }
        double[] d = new double[m.length];
        for (int k = 0; k < m.length; k++) d[k] = sum > 0 ? m[k] * out / sum : out / (double) m.length;
        return d;
    }

    private void refill(double[] m, double t) {
        double sum = 0;
        for (int k = 0; k < m.length; k++) sum += (m[k] = Math.min(m[k], t));
        double delta = (out - sum) / m.length;
        for (int k = 0; k < m.length; k++) m[k] += delta;
    }

    /** Step 3: out coordinates in the attention's pixel units (0 … att − 1 inside it) for density m. */
    public double[] inverseCdf(float[] m) {
        int att = m.length;
        double[] c = new double[att], coord = new double[out];
        if (convention == Convention.OFFICIAL) {
            c[0] = 1;
            for (int k = 1; k < att; k++) c[k] = c[k - 1] + m[k];
        } else {
            for (int k = 1; k < att; k++) c[k] = c[k - 1] + (m[k - 1] + m[k]) / 2.0;
        }
        double step = convention == Convention.OFFICIAL ? c[att - 1] / out : c[att - 1] / (out - 1);
        int j = 0;
        for (int i = 0; i < out; i++) {
            double target = i * step;
            while (j < att - 1 && c[j] < target) j++;
            double previous = j == 0 ? 0 : c[j - 1];
            if (convention == Convention.OFFICIAL) coord[i] = j + (target - c[j]) / (c[j] - previous);
            else coord[i] = j == 0 ? 0 : j - 1 + (target - previous) / (c[j] - previous);
        }
        return coord;
    }

    /** Pixel coordinates over an extent of att pixels → [−1, 1] with align-corners. */
    static float[] normalise(double[] p, int att) {
        float[] g = new float[p.length];
        for (int i = 0; i < p.length; i++) g[i] = (float) (2 * p[i] / (att - 1) - 1);
        return g;
    }

    private static float[] slice(float[] a, int n, int len) { return java.util.Arrays.copyOfRange(a, n * len, (n + 1) * len); }

    private static double max(double[] a) { double m = a[0]; for (double v : a) m = Math.max(m, v); return m; }

    private static float[] toFloat(double[] a) { float[] f = new float[a.length]; for (int i = 0; i < a.length; i++) f[i] = (float) a[i]; return f; }

    /** A manager-less helper for tests and pictures: the grid of one image as (x[out], y[out]) in [−1, 1]. */
    public float[][] separableCoordinates(float[] mx, float[] my) {
        float[][] m = clipAndRefill(mx, my);
        return new float[][] {normalise(inverseCdf(m[0]), mx.length), normalise(inverseCdf(m[1]), my.length)};
    }

}
