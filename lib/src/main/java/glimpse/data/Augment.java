package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * SimCLR-style image augmentation on one image (C×H×W floats in [0, 1]), done in plain Java because
 * the images are small and the ops are per image: random resized crop, horizontal flip, colour
 * jitter, random grayscale and Gaussian blur, each with its own probability.
 *
 * <p>Adapted to grayscale: colour jitter keeps brightness and contrast (saturation and hue have
 * nothing to act on in one channel; on RGB images saturation is applied, hue is not), and random
 * grayscale is a no-op on one channel. Defaults follow SimCLR's augmentations (Chen et al.,
 * arXiv 2002.05709, Appendix A) as CrossTransformers (arXiv 2007.11498) uses them: crop area 0.08–1, aspect 3/4–4/3, flip 0.5, jitter strength 1 with p 0.8,
 * grayscale p 0.2; blur only for the query view.
 */
@RecordBuilder
public record Augment(double minCropArea, double maxCropArea, double flipProbability, double jitterStrength,
                      double jitterProbability, double grayscaleProbability, double blurProbability,
                      double blurSigmaMin, double blurSigmaMax) implements AugmentBuilder.With {

    public Augment {
        if (minCropArea <= 0 || maxCropArea > 1 || minCropArea > maxCropArea)
            throw new IllegalArgumentException("crop area range must satisfy 0 < min <= max <= 1");
    }

    /** No change at all (for tests and ablations). */
    public static Augment none() { return new Augment(1, 1, 0, 0, 0, 0, 0, 0, 0); }

    /** SimCLR support view: crop, flip, jitter, grayscale; no blur. */
    public static Augment simclrSupport() { return new Augment(0.08, 1.0, 0.5, 1.0, 0.8, 0.2, 0.0, 0.1, 2.0); }

    /**
     * SimCLR query view: the support view plus Gaussian blur (p 0.5, as SimCLR on ImageNet). SimCLR's
     * σ range 0.1–2.0 px was meant for 224 px images; on our 28–64 px images we keep it in pixels,
     * which blurs relatively more: glyph strokes stay recognisable up to σ≈2 at 32 px.
     */
    public static Augment simclrQuery() { return new Augment(0.08, 1.0, 0.5, 1.0, 0.8, 0.2, 0.5, 0.1, 2.0); }

    public Augment withCropArea(double min, double max) { return with(b -> b.minCropArea(min).maxCropArea(max)); }

    /** A new augmented image; {@code img} is not changed. */
    public float[] apply(float[] img, int c, int h, int w, Random rng) {
        float[] x = randomResizedCrop(img, c, h, w, rng);
        if (rng.nextDouble() < flipProbability) x = flipHorizontal(x, c, h, w);
        if (jitterStrength > 0 && rng.nextDouble() < jitterProbability) colourJitter(x, c, h, w, rng);
        if (c == 3 && rng.nextDouble() < grayscaleProbability) toGray(x, h, w);
        if (blurProbability > 0 && rng.nextDouble() < blurProbability)
            x = gaussianBlur(x, c, h, w, blurSigmaMin + rng.nextDouble() * (blurSigmaMax - blurSigmaMin));
        return x;
    }

    /** The images at {@code indices}, each augmented independently, as a float (n, C, H, W) tensor. */
    public NDArray tensor(NDManager manager, ImageSet set, int[] indices, Random rng) {
        int c = set.channels(), h = set.height(), w = set.width(), b = set.imageBytes();
        float[] out = new float[indices.length * b];
        float[] one = new float[b];
        byte[] px = set.pixelsUnsafe();
        for (int k = 0; k < indices.length; k++) {
            int off = indices[k] * b;
            for (int i = 0; i < b; i++) one[i] = (px[off + i] & 0xff) / 255f;
            System.arraycopy(apply(one, c, h, w, rng), 0, out, k * b, b);
        }
        return manager.create(out, new Shape(indices.length, c, h, w));
    }

    /** Crop of random area fraction and aspect ratio, resized back to h×w bilinearly (torchvision's recipe). */
    float[] randomResizedCrop(float[] img, int c, int h, int w, Random rng) {
        if (minCropArea >= 1.0) return img.clone();
        double area = (double) h * w;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minCropArea + rng.nextDouble() * (maxCropArea - minCropArea));
            double logRatio = Math.log(3.0 / 4) + rng.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
            double ratio = Math.exp(logRatio);
            int cw = (int) Math.round(Math.sqrt(target * ratio)), ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw >= 1 && ch >= 1 && cw <= w && ch <= h) {
                int y0 = rng.nextInt(h - ch + 1), x0 = rng.nextInt(w - cw + 1);
                return resizeBilinear(img, c, h, w, y0, x0, ch, cw);
            }
        }
        return img.clone();
    }

    /** Bilinear resize of the window (y0, x0, ch, cw) to h×w with pixel-centre alignment. */
    static float[] resizeBilinear(float[] img, int c, int h, int w, int y0, int x0, int ch, int cw) {
        float[] out = new float[c * h * w];
        for (int y = 0; y < h; y++) {
            double sy = y0 + (y + 0.5) * ch / h - 0.5;
            int ya = clamp((int) Math.floor(sy), y0, y0 + ch - 1), yb = clamp(ya + 1, y0, y0 + ch - 1);
            double fy = Math.min(1, Math.max(0, sy - ya));
            for (int x = 0; x < w; x++) {
                double sx = x0 + (x + 0.5) * cw / w - 0.5;
                int xa = clamp((int) Math.floor(sx), x0, x0 + cw - 1), xb = clamp(xa + 1, x0, x0 + cw - 1);
                double fx = Math.min(1, Math.max(0, sx - xa));
                for (int k = 0; k < c; k++) {
                    int base = k * h * w;
                    double top = img[base + ya * w + xa] * (1 - fx) + img[base + ya * w + xb] * fx;
                    double bottom = img[base + yb * w + xa] * (1 - fx) + img[base + yb * w + xb] * fx;
                    out[base + y * w + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    static float[] flipHorizontal(float[] img, int c, int h, int w) {
        float[] out = new float[img.length];
        for (int k = 0; k < c; k++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) out[k * h * w + y * w + x] = img[k * h * w + y * w + (w - 1 - x)];
        return out;
    }

    /** Brightness and contrast (and saturation on RGB) by factors in [1 − 0.8s, 1 + 0.8s], in random order. */
    void colourJitter(float[] x, int c, int h, int w, Random rng) {
        double s = 0.8 * jitterStrength;
        double brightness = Math.max(0, 1 + (2 * rng.nextDouble() - 1) * s);
        double contrast = Math.max(0, 1 + (2 * rng.nextDouble() - 1) * s);
        double saturation = Math.max(0, 1 + (2 * rng.nextDouble() - 1) * s);
        boolean brightnessFirst = rng.nextBoolean();
        if (brightnessFirst) scale(x, brightness);
        double mean = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        for (int i = 0; i < x.length; i++) x[i] = clamp01((float) ((x[i] - mean) * contrast + mean));
        if (!brightnessFirst) scale(x, brightness);
        if (c == 3) {
            int n = h * w;
            for (int i = 0; i < n; i++) {
                double g = 0.299 * x[i] + 0.587 * x[n + i] + 0.114 * x[2 * n + i];
                for (int k = 0; k < 3; k++) x[k * n + i] = clamp01((float) ((x[k * n + i] - g) * saturation + g));
            }
        }
    }

    private static void scale(float[] x, double f) {
        for (int i = 0; i < x.length; i++) x[i] = clamp01((float) (x[i] * f));
    }

    private static void toGray(float[] x, int h, int w) {
        int n = h * w;
        for (int i = 0; i < n; i++) {
            float g = (float) (0.299 * x[i] + 0.587 * x[n + i] + 0.114 * x[2 * n + i]);
            x[i] = g; x[n + i] = g; x[2 * n + i] = g;
        }
    }

    /** Separable Gaussian blur, radius ⌈3σ⌉, edges clamped. */
    public static float[] gaussianBlur(float[] img, int c, int h, int w, double sigma) {
        if (sigma <= 0) return img.clone();
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) { k[i + r] = Math.exp(-i * i / (2 * sigma * sigma)); sum += k[i + r]; }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        float[] tmp = new float[img.length], out = new float[img.length];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int i = -r; i <= r; i++) acc += k[i + r] * img[base + y * w + clamp(x + i, 0, w - 1)];
                    tmp[base + y * w + x] = (float) acc;
                }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int i = -r; i <= r; i++) acc += k[i + r] * tmp[base + clamp(y + i, 0, h - 1) * w + x];
                    out[base + y * w + x] = (float) acc;
                }
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
    private static float clamp01(float v) { return Math.max(0f, Math.min(1f, v)); }
}
