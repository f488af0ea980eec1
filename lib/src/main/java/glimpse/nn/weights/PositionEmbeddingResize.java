package glimpse.nn.weights;

/**
 * Resizes a ViT's learned position embedding to another patch grid, as timm does when a checkpoint
 * meets a model of another image size ({@code resample_abs_pos_embed}: the class-token row kept, the
 * g×g grid rows resampled by {@code F.interpolate(mode="bicubic", antialias=True,
 * align_corners=False)}).
 *
 * <p>That interpolation is separable; along one axis of n inputs → m outputs, with scale s = n/m,
 * output i is centred at c = s(i + ½) and takes inputs j ∈ [max(0, trunc(c − r + ½)), min(n, trunc(c + r + ½)))
 * with r = 2·max(s, 1), weighted by the Keys cubic kernel with a = −½ at (j − c + ½)/max(s, 1),
 * normalised to sum 1. With antialias PyTorch uses a = −½ (PIL's kernel), not the −¾ of its plain
 * bicubic, and renormalises at the borders instead of replicating edge pixels; downsampling widens
 * the kernel by s, which is the antialiasing. Rows are resampled first, then columns, in double.
 */
public final class PositionEmbeddingResize {
    private PositionEmbeddingResize() {}

    /**
     * (prefix + from², C) row-major embedding → (prefix + to², C): the first {@code prefixTokens}
     * rows (class token) copied, the grid rows resampled.
     */
    public static float[] resize(float[] embedding, int prefixTokens, int from, int to, int channels) {
        if (embedding.length != (prefixTokens + from * from) * channels)
            throw new IllegalArgumentException("embedding of " + embedding.length + " values is not (" + prefixTokens + " + " + from + "², " + channels + ")");
        float[] out = new float[(prefixTokens + to * to) * channels];
        System.arraycopy(embedding, 0, out, 0, prefixTokens * channels);
        double[][] wy = weights(from, to), wx = weights(from, to);
        int[] startY = starts(from, to), startX = starts(from, to);
        int gridOffset = prefixTokens * channels;
        double[] rows = new double[to * from * channels];   // (to, from, C): resampled along y
        for (int y = 0; y < to; y++)
            for (int k = 0; k < wy[y].length; k++) {
                int sy = startY[y] + k;
                for (int x = 0; x < from; x++)
                    for (int c = 0; c < channels; c++) rows[(y * from + x) * channels + c] += wy[y][k] * embedding[gridOffset + (sy * from + x) * channels + c];
            }
        for (int y = 0; y < to; y++)
            for (int x = 0; x < to; x++)
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < wx[x].length; k++) sum += wx[x][k] * rows[(y * from + startX[x] + k) * channels + c];
                    out[gridOffset + (y * to + x) * channels + c] = (float) sum;
                }
        return out;
    }

    /** For each output index, the normalised weights of its inputs starting at {@link #starts}. */
    static double[][] weights(int in, int out) {
        double scale = (double) in / out, support = 2 * Math.max(scale, 1), inverse = 1 / Math.max(scale, 1);
        double[][] w = new double[out][];
        for (int i = 0; i < out; i++) {
            double center = scale * (i + 0.5);
            int min = Math.max((int) (center - support + 0.5), 0), max = Math.min((int) (center + support + 0.5), in);
            w[i] = new double[max - min];
            double total = 0;
            for (int j = 0; j < w[i].length; j++) total += w[i][j] = keys((j + min - center + 0.5) * inverse);
            if (total != 0) for (int j = 0; j < w[i].length; j++) w[i][j] /= total;
        }
        return w;
    }

    static int[] starts(int in, int out) {
        double scale = (double) in / out, support = 2 * Math.max(scale, 1);
        int[] s = new int[out];
        for (int i = 0; i < out; i++) s[i] = Math.max((int) (scale * (i + 0.5) - support + 0.5), 0);
        return s;
    }

    /** Keys' cubic convolution kernel with a = −½. */
    static double keys(double x) {
        double a = -0.5, t = Math.abs(x);
        if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
        if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
        return 0;
    }
}
