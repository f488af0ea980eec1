package glimpse.data.image;

/**
 * One axis of antialiased bilinear resampling, as PIL's {@code Image.resize(..., BILINEAR)} and
 * torch's {@code interpolate(mode="bilinear", antialias=True, align_corners=False)} define it (the
 * resize behind torchvision's {@code Resize} and {@code RandomResizedCrop}): output sample i of n
 * over an input of length L sits at centre c = (i + ½)·L/n; its weights are the triangle
 * max(0, 1 − |x|) at x = (j + ½ − c)/max(1, L/n) for the input samples j with |j + ½ − c| &lt; max(1, L/n)
 * (rounded as those libraries round), clipped to [0, L) and normalised to sum 1. Downscaling thus
 * widens the triangle to the scale (no aliasing); upscaling is plain bilinear.
 *
 * <p>Only a window of the outputs is kept ({@code start}, {@code count}): a resize followed by a
 * centre or random crop computes just the cropped outputs, with the weights of the full resize.
 *
 * @param first   first input index of output i's taps
 * @param counts  number of taps of output i
 * @param weights output i's weights at {@code [i * width, i * width + counts[i])}
 * @param width   the stride of {@code weights}
 */
record Taps(int[] first, int[] counts, float[] weights, int width) {

    /** The taps of outputs {@code start .. start + count − 1} of a resize from {@code in} to {@code out} samples. */
    static Taps of(int in, int out, int start, int count) {
        if (in <= 0 || out <= 0 || start < 0 || count <= 0 || start + count > out)
            throw new IllegalArgumentException("taps: outputs " + start + ".." + (start + count - 1) + " of a resize " + in + " -> " + out);
        double scale = (double) in / out;
        double support = Math.max(1.0, scale), inverse = 1.0 / Math.max(1.0, scale);
        int width = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[count], counts = new int[count];
        float[] weights = new float[count * width];
        double[] w = new double[width];
        for (int k = 0; k < count; k++) {
            double centre = (start + k + 0.5) * scale;
            int lo = Math.max((int) (centre - support + 0.5), 0);
            int hi = Math.min((int) (centre + support + 0.5), in);
            double total = 0;
            for (int j = lo; j < hi; j++) {
                double x = Math.abs((j - centre + 0.5) * inverse);
                w[j - lo] = x < 1 ? 1 - x : 0;
                total += w[j - lo];
            }
            first[k] = lo;
            counts[k] = hi - lo;
            for (int j = 0; j < hi - lo; j++) weights[k * width + j] = (float) (total == 0 ? 0 : w[j] / total);
        }
        return new Taps(first, counts, weights, width);
    }
}
