package glimpse.data.image;

import glimpse.data.Augment;
import io.soabase.recordbuilder.core.RecordBuilder;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The papers' image pipelines at their resolutions, with torchvision's semantics (torchvision 0.14,
 * {@code transforms} on PIL images / float tensors), from a file to a normalised float32 C×H×W RGB
 * image: decode ({@link ImageDecoder}), [rotation], one of three views, [horizontal flip], [colour
 * jitter], [grayscale], [blur], {@code ToTensor} + ImageNet {@code Normalize}. The vocabulary is
 * {@link Augment}'s (crop area, flip, jitter, grayscale, blur; {@link #simclr} maps one onto the other)
 * plus what the papers add at full resolution: the resize-then-crop views and rotation.
 * <ul>
 *   <li>{@link View#RANDOM_RESIZED_CROP}: {@code RandomResizedCrop(size, scale=(minScale, maxScale),
 *       ratio=(3/4, 4/3))}, its ten tries and its centre-crop fallback; only the crop is decoded.</li>
 *   <li>{@link View#RESIZE_RANDOM_CROP}: {@code Resize(resize)} (shorter side) + {@code RandomCrop(size)}
 *       (IRT, arXiv 2102.05644 §4: resize 256, random 224 crop; TASN, CVPR 2019 §4: resize 512, crop 448).</li>
 *   <li>{@link View#RESIZE_CENTRE_CROP}: {@code Resize(resize)} + {@code CenterCrop(size)}: the test view.</li>
 *   <li>{@link View#PAD_RANDOM_CROP}: {@code RandomCrop(size, padding)}: zero padding, then a random
 *       crop, no resize (the CIFAR recipe: 32 px, padding 4).</li>
 * </ul>
 * Resizing is antialiased bilinear ({@link Taps}), computed in float: torchvision's PIL path rounds to
 * 8 bits after each resize pass and after each jitter step, so its images differ from these by
 * about one 1/255 step (0.94/255 at most on {@code RgbTransformsTorchTest}'s photo before jitter);
 * against torchvision's float-tensor ops the difference is float rounding (&lt; 1e-4, same test).
 * Rotation matches PIL's except where PIL's 16.16 fixed-point source coordinates fall on the other side of a
 * pixel edge: there (200×150) no pixel differs at 30°, 19 of 30,000 at −17.5°. Colour jitter follows
 * {@code ColorJitter}: factors uniform in [max(0, 1 − b), 1 + b] (hue in [−h, h]), applied in a
 * random order, each clamped to [0, 1]; contrast blends with the mean of the grayscale image,
 * saturation with the grayscale pixel (weights 0.2989, 0.587, 0.114); hue through HSV.
 * Rotation is {@code RandomRotation(degrees)}: an angle uniform in [−d, d], counter-clockwise about
 * the centre, nearest neighbour, black fill, same size (PIL's {@code Image.rotate}).
 *
 * <p>Random choices come from the generator the caller gives, drawn in a fixed order (angle, crop,
 * flip, jitter, grayscale, blur): seeded per (seed, epoch, image), an image's views do not depend on
 * which worker makes them or when ({@link ImageLoader}).
 */
@RecordBuilder
public record RgbTransforms(View view, int size, int resize, int padding, double minScale, double maxScale, double flipProbability,
                            Jitter jitter, double grayscaleProbability, double rotationDegrees,
                            double blurProbability, double blurSigmaMin, double blurSigmaMax) implements RgbTransformsBuilder.With {

    /** ImageNet's channel means and standard deviations ({@code transforms.Normalize}'s usual arguments). */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f}, STD = {0.229f, 0.224f, 0.225f};
    static final double MIN_RATIO = 3.0 / 4, MAX_RATIO = 4.0 / 3;

    public enum View { RANDOM_RESIZED_CROP, RESIZE_RANDOM_CROP, RESIZE_CENTRE_CROP, PAD_RANDOM_CROP }

    /** {@code RandomApply([ColorJitter(brightness, contrast, saturation, hue)], p=probability)}; zero strengths are left out. */
    public record Jitter(double brightness, double contrast, double saturation, double hue, double probability) {
        public static final Jitter NONE = new Jitter(0, 0, 0, 0, 0);
        public Jitter {
            if (brightness < 0 || contrast < 0 || saturation < 0 || hue < 0 || hue > 0.5 || probability < 0 || probability > 1)
                throw new IllegalArgumentException("jitter: strengths must be >= 0, hue <= 0.5, probability in [0, 1]: " + this);
        }
        /** {@code ColorJitter(b, c, s)} always applied: the ImageNet recipe's (0.4, 0.4, 0.4). */
        public static Jitter of(double brightness, double contrast, double saturation) { return new Jitter(brightness, contrast, saturation, 0, 1); }
        boolean active() { return probability > 0 && (brightness > 0 || contrast > 0 || saturation > 0 || hue > 0); }
    }

    public RgbTransforms {
        if (size <= 0) throw new IllegalArgumentException("size must be positive, not " + size);
        if ((view == View.RESIZE_RANDOM_CROP || view == View.RESIZE_CENTRE_CROP) && resize < size)
            throw new IllegalArgumentException("resize (" + resize + ") must be at least the crop size (" + size + ")");
        if (padding < 0 || padding > 0 && view != View.PAD_RANDOM_CROP) throw new IllegalArgumentException("padding (" + padding + ") is for the pad-and-crop view only");
        if (minScale <= 0 || maxScale > 1 || minScale > maxScale) throw new IllegalArgumentException("crop scale must satisfy 0 < min <= max <= 1");
        if (rotationDegrees < 0 || rotationDegrees > 180) throw new IllegalArgumentException("rotation must be in [0, 180] degrees");
        if (blurProbability > 0 && (blurSigmaMin <= 0 || blurSigmaMax < blurSigmaMin)) throw new IllegalArgumentException("blur sigma range must satisfy 0 < min <= max");
    }

    /** {@code RandomResizedCrop(size)} + {@code RandomHorizontalFlip()}. */
    public static RgbTransforms randomResizedCrop(int size) {
        return new RgbTransforms(View.RANDOM_RESIZED_CROP, size, 0, 0, 0.08, 1, 0.5, Jitter.NONE, 0, 0, 0, 0, 0);
    }

    /** The ImageNet training recipe: random resized crop, flip, {@code ColorJitter(0.4, 0.4, 0.4)}. */
    public static RgbTransforms imageNetTrain(int size) { return randomResizedCrop(size).withJitter(Jitter.of(0.4, 0.4, 0.4)); }

    /** {@code Resize(resize)} + {@code RandomCrop(size)} + {@code RandomHorizontalFlip()}. */
    public static RgbTransforms resizeRandomCrop(int resize, int size) {
        return new RgbTransforms(View.RESIZE_RANDOM_CROP, size, resize, 0, 1, 1, 0.5, Jitter.NONE, 0, 0, 0, 0, 0);
    }

    /** The test view: {@code Resize(round(size · 256/224))} + {@code CenterCrop(size)} (224 → 256, 448 → 512, 84 → 96). */
    public static RgbTransforms centreCrop(int size) { return centreCrop((int) Math.round(size * 256.0 / 224), size); }

    public static RgbTransforms centreCrop(int resize, int size) {
        return new RgbTransforms(View.RESIZE_CENTRE_CROP, size, resize, 0, 1, 1, 0, Jitter.NONE, 0, 0, 0, 0, 0);
    }

    /** {@code RandomCrop(size, padding=padding)} + {@code RandomHorizontalFlip()}: CIFAR's training view (32, 4). */
    public static RgbTransforms padRandomCrop(int size, int padding) {
        return new RgbTransforms(View.PAD_RANDOM_CROP, size, 0, padding, 1, 1, 0.5, Jitter.NONE, 0, 0, 0, 0, 0);
    }

    /**
     * {@link Augment}'s SimCLR view at paper resolution (Chen et al., arXiv 2002.05709, Appendix A,
     * as CrossTransformers uses it at 224 px): random resized crop over its area range, its flip,
     * {@code ColorJitter(0.8s, 0.8s, 0.8s, 0.2s)} with its probability (SimCLR's hue term, which
     * Augment leaves out on small images), its grayscale probability and its blur (σ in pixels).
     */
    public static RgbTransforms simclr(Augment a, int size) {
        double s = a.jitterStrength();
        return new RgbTransforms(View.RANDOM_RESIZED_CROP, size, 0, 0, a.minCropArea(), a.maxCropArea(), a.flipProbability(),
                s == 0 ? Jitter.NONE : new Jitter(0.8 * s, 0.8 * s, 0.8 * s, Math.min(0.5, 0.2 * s), a.jitterProbability()),
                a.grayscaleProbability(), 0, a.blurProbability(), a.blurSigmaMin(), a.blurSigmaMax());
    }

    /** {@code RandomRotation(degrees)} before the crop (TASN: ≤ 30°). */
    public RgbTransforms withRotation(double degrees) { return withRotationDegrees(degrees); }

    public RgbTransforms withScale(double min, double max) { return with(b -> b.minScale(min).maxScale(max)); }

    /** Floats one image takes in a batch: 3 × size × size. */
    public int imageFloats() { return 3 * size * size; }

    /** {@code file} through the pipeline, written as normalised C×H×W floats at {@code out[offset ..]}. */
    public void apply(ImageDecoder decoder, Path file, SplittableRandom rng, float[] out, int offset) {
        apply(decoder, file, rng, out, offset, null);
    }

    /** The stages {@link #apply(ImageDecoder, Path, SplittableRandom, float[], int, long[])} times: what the bench's split names. */
    public static final java.util.List<String> STAGES = java.util.List.of("read file + header", "decode (crop region) [+ rotate]",
            "crop + resize + flip", "colour (jitter, grayscale, blur)", "normalise to CHW");

    /** As {@link #apply(ImageDecoder, Path, SplittableRandom, float[], int)}, adding each of {@link #STAGES}' nanoseconds to {@code stageNanos} (when not null). */
    public void apply(ImageDecoder decoder, Path file, SplittableRandom rng, float[] out, int offset, long[] stageNanos) {
        long t0 = stageNanos == null ? 0 : System.nanoTime();
        ImageDecoder.Opened image = decoder.open(file);
        long t1 = stageNanos == null ? 0 : System.nanoTime();
        double angle = rotationDegrees > 0 ? uniform(rng, -rotationDegrees, rotationDegrees) : 0;
        Pixels px;
        Rectangle box;
        if (view == View.RANDOM_RESIZED_CROP) {
            box = randomResizedBox(image.width(), image.height(), minScale, maxScale, rng);
            if (angle == 0) {      // decode just the crop: the same pixels, less colour conversion
                px = image.decode(box);
                box = new Rectangle(0, 0, box.width, box.height);
            } else px = rotate(image.decode(), angle);
        } else {
            px = image.decode();
            if (angle != 0) px = rotate(px, angle);
            box = new Rectangle(0, 0, px.width(), px.height());
        }
        long t2 = stageNanos == null ? 0 : System.nanoTime();
        float[] hwc = view(px, box, rng, scratch(1, imageFloats()));
        long t3 = stageNanos == null ? 0 : System.nanoTime();
        colour(hwc, rng);
        long t4 = stageNanos == null ? 0 : System.nanoTime();
        normalise(hwc, size, out, offset);
        if (stageNanos != null) {
            long t5 = System.nanoTime();
            stageNanos[0] += t1 - t0; stageNanos[1] += t2 - t1; stageNanos[2] += t3 - t2; stageNanos[3] += t4 - t3; stageNanos[4] += t5 - t4;
        }
    }

    /** Already decoded pixels (an in-memory set such as CIFAR's, see {@link Pixels#ofImageSet}) through the pipeline. */
    public void apply(Pixels image, SplittableRandom rng, float[] out, int offset) {
        Pixels px = image;
        if (rotationDegrees > 0) px = rotate(px, uniform(rng, -rotationDegrees, rotationDegrees));
        Rectangle box = view == View.RANDOM_RESIZED_CROP ? randomResizedBox(px.width(), px.height(), minScale, maxScale, rng)
                : new Rectangle(0, 0, px.width(), px.height());
        float[] hwc = view(px, box, rng, scratch(1, imageFloats()));
        colour(hwc, rng);
        normalise(hwc, size, out, offset);
    }

    /** The view (crop and resize, flip) of decoded pixels; {@code box} is the random resized crop's box, else the whole image. */
    float[] view(Pixels px, Rectangle box, SplittableRandom rng) { return view(px, box, rng, new float[imageFloats()]); }

    private float[] view(Pixels px, Rectangle box, SplittableRandom rng, float[] into) {
        float[] hwc;
        if (view == View.RANDOM_RESIZED_CROP) {
            boolean flip = rng.nextDouble() < flipProbability;
            hwc = resample(px, box, size, size, 0, 0, size, flip, into);
        } else if (view == View.PAD_RANDOM_CROP) {
            int padH = px.height() + 2 * padding, padW = px.width() + 2 * padding;
            if (padH < size || padW < size)
                throw new IllegalArgumentException("a " + px.width() + "x" + px.height() + " image padded by " + padding + " is smaller than the crop " + size);
            int top = rng.nextInt(padH - size + 1), left = rng.nextInt(padW - size + 1);
            boolean flip = rng.nextDouble() < flipProbability;
            hwc = padCrop(px, top - padding, left - padding, size, flip, into);
        } else {
            int[] wh = shorterSideTo(px.width(), px.height(), resize);
            int top, left;
            if (view == View.RESIZE_CENTRE_CROP) {
                top = (int) Math.rint((wh[1] - size) / 2.0);
                left = (int) Math.rint((wh[0] - size) / 2.0);
            } else {
                top = rng.nextInt(wh[1] - size + 1);
                left = rng.nextInt(wh[0] - size + 1);
            }
            boolean flip = rng.nextDouble() < flipProbability;
            hwc = resample(px, box, wh[0], wh[1], left, top, size, flip, into);
        }
        return hwc;
    }

    /** Jitter, grayscale and blur, in place, on H×W×3 floats in [0, 1]. */
    void colour(float[] hwc, SplittableRandom rng) {
        if (jitter.active() && rng.nextDouble() < jitter.probability()) {
            int[] order = glimpse.data.sampling.Draws.permutation(4, rng);
            double b = factor(rng, jitter.brightness()), c = factor(rng, jitter.contrast()), s = factor(rng, jitter.saturation());
            double h = jitter.hue() > 0 ? uniform(rng, -jitter.hue(), jitter.hue()) : 0;
            for (int op : order) {
                switch (op) {
                    case 0 -> { if (jitter.brightness() > 0) brightness(hwc, b); }
                    case 1 -> { if (jitter.contrast() > 0) contrast(hwc, c); }
                    case 2 -> { if (jitter.saturation() > 0) saturation(hwc, s); }
                    default -> { if (jitter.hue() > 0) hue(hwc, h); }
                }
            }
        }
        if (grayscaleProbability > 0 && rng.nextDouble() < grayscaleProbability) grayscale(hwc);
        if (blurProbability > 0 && rng.nextDouble() < blurProbability) {
            double sigma = uniform(rng, blurSigmaMin, blurSigmaMax);
            float[] chw = new float[hwc.length];
            toPlanes(hwc, size, chw);
            float[] blurred = Augment.gaussianBlur(chw, 3, size, size, sigma);
            int n = size * size;
            for (int i = 0; i < n; i++)
                for (int k = 0; k < 3; k++) hwc[3 * i + k] = blurred[k * n + i];
        }
    }

    // ---- the ops (package-private: tested one by one against hand-worked cases and torchvision) ----

    /** torchvision's {@code RandomResizedCrop.get_params}: (x, y, w, h) of the crop. */
    static Rectangle randomResizedBox(int width, int height, double minScale, double maxScale, SplittableRandom rng) {
        double area = (double) width * height, logLo = Math.log(MIN_RATIO), logHi = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, minScale, maxScale);
            double aspect = Math.exp(uniform(rng, logLo, logHi));
            int w = (int) Math.rint(Math.sqrt(target * aspect)), h = (int) Math.rint(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rng.nextInt(height - h + 1), x = rng.nextInt(width - w + 1);
                return new Rectangle(x, y, w, h);
            }
        }
        return fallbackBox(width, height);
    }

    /** After ten failed tries: the largest centred box whose aspect ratio is within [3/4, 4/3]. */
    static Rectangle fallbackBox(int width, int height) {
        double inRatio = (double) width / height;
        int w = width, h = height;
        if (inRatio < MIN_RATIO) h = (int) Math.rint(w / MIN_RATIO);
        else if (inRatio > MAX_RATIO) w = (int) Math.rint(h * MAX_RATIO);
        return new Rectangle((width - w) / 2, (height - h) / 2, w, h);
    }

    /** torchvision's {@code Resize(int)}: (width, height) with the shorter side {@code target}, the longer truncated. */
    static int[] shorterSideTo(int width, int height, int target) {
        if (width <= height) return new int[] {target, (int) ((double) target * height / width)};
        return new int[] {(int) ((double) target * width / height), target};
    }

    /**
     * {@code box} of {@code px} resized to outW × outH (antialiased bilinear), keeping the size × size
     * window at (left, top), mirrored when {@code flip}: H×W×3 floats in [0, 1].
     */
    static float[] resample(Pixels px, Rectangle box, int outW, int outH, int left, int top, int size, boolean flip) {
        return resample(px, box, outW, outH, left, top, size, flip, new float[size * size * 3]);
    }

    /** As above, into {@code out} (size × size × 3), with this thread's scratch rows. */
    static float[] resample(Pixels px, Rectangle box, int outW, int outH, int left, int top, int size, boolean flip, float[] out) {
        Taps tx = Taps.of(box.width, outW, left, size), ty = Taps.of(box.height, outH, top, size);
        int rowLo = ty.first()[0], rowHi = ty.first()[size - 1] + ty.counts()[size - 1];
        int ch = px.gray() ? 1 : 3, stride = px.stride(), rowBytes = px.width() * stride, line = size * ch;
        int r0 = px.red(), g0 = px.green(), b0 = px.blue();
        byte[] d = px.data();
        int[] xFirst = tx.first(), xCounts = tx.counts();
        float[] xw = tx.weights();
        int tw = tx.width();
        float[] rows = scratch(0, (rowHi - rowLo) * line);
        // horizontal pass over the rows the vertical taps need: bytes -> floats in 0..255
        for (int r = rowLo; r < rowHi; r++) {
            int rowBase = (box.y + r) * rowBytes + box.x * stride, t = (r - rowLo) * line;
            for (int k = 0; k < size; k++) {
                int col = t + (flip ? size - 1 - k : k) * ch, n = xCounts[k], wb = k * tw;
                int p = rowBase + xFirst[k] * stride;
                if (ch == 3) {
                    float red = 0, green = 0, blue = 0;
                    for (int j = 0; j < n; j++, p += stride) {
                        float w = xw[wb + j];
                        red += w * (d[p + r0] & 0xff);
                        green += w * (d[p + g0] & 0xff);
                        blue += w * (d[p + b0] & 0xff);
                    }
                    rows[col] = red; rows[col + 1] = green; rows[col + 2] = blue;
                } else {
                    float acc = 0;
                    for (int j = 0; j < n; j++, p += stride) acc += xw[wb + j] * (d[p + r0] & 0xff);
                    rows[col] = acc;
                }
            }
        }
        // vertical pass: a weighted sum of whole rows (vectorised by the JIT), scaled to [0, 1]
        float[] yw = ty.weights();
        float[] gray = ch == 1 ? new float[size] : null;
        for (int y = 0; y < size; y++) {
            int n = ty.counts()[y], wb = y * ty.width(), o = y * size * 3;
            float[] acc = ch == 3 ? out : gray;
            int a0 = ch == 3 ? o : 0;
            float w0 = yw[wb] / 255f;
            int base0 = (ty.first()[y] - rowLo) * line;
            for (int x = 0; x < line; x++) acc[a0 + x] = w0 * rows[base0 + x];
            for (int j = 1; j < n; j++) {
                float w = yw[wb + j] / 255f;
                int base = base0 + j * line;
                for (int x = 0; x < line; x++) acc[a0 + x] += w * rows[base + x];
            }
            if (ch == 1) for (int x = 0; x < size; x++) { out[o + 3 * x] = gray[x]; out[o + 3 * x + 1] = gray[x]; out[o + 3 * x + 2] = gray[x]; }
        }
        return out;
    }

    /**
     * Per-thread scratch: [0] the horizontal pass's rows, [1] the view before normalisation. At 448 px
     * each is megabytes, which as garbage per image cost the loader more than the arithmetic did.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private static float[] scratch(int which, int n) {
        float[][] s = SCRATCH.get();
        // the view must be exactly n long (the colour ops run over the whole array); the rows may be longer
        if (which == 1 ? s[which].length != n : s[which].length < n) s[which] = new float[n];
        return s[which];
    }

    /** The size × size window at (left, top) of {@code px} (which may reach outside it: zeros there), mirrored when {@code flip}. */
    static float[] padCrop(Pixels px, int top, int left, int size, boolean flip, float[] out) {
        java.util.Arrays.fill(out, 0f);
        for (int y = 0; y < size; y++) {
            int sy = top + y;
            if (sy < 0 || sy >= px.height()) continue;
            for (int x = 0; x < size; x++) {
                int sx = left + (flip ? size - 1 - x : x);
                if (sx < 0 || sx >= px.width()) continue;
                for (int c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = px.sample(sx, sy, c) / 255f;
            }
        }
        return out;
    }

    /** PIL's {@code Image.rotate(degrees)} (counter-clockwise, about the centre, nearest, black outside, same size). */
    static Pixels rotate(Pixels px, double degrees) {
        int w = px.width(), h = px.height(), ch = px.gray() ? 1 : 3;
        double a = -Math.toRadians(degrees % 360.0);
        double cos = round15(Math.cos(a)), sin = round15(Math.sin(a));
        double cx = w / 2.0, cy = h / 2.0;
        double c = cos * -cx + sin * -cy + cx, f = -sin * -cx + cos * -cy + cy;
        byte[] out = new byte[w * h * ch], d = px.data();
        int[] channel = {px.red(), px.green(), px.blue()};
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double xin = cos * (x + 0.5) + sin * (y + 0.5) + c, yin = -sin * (x + 0.5) + cos * (y + 0.5) + f;
                int xi = xin < 0 ? -1 : (int) xin, yi = yin < 0 ? -1 : (int) yin;
                if (xi >= w || yi >= h || xi < 0 || yi < 0) continue;
                int src = (yi * w + xi) * px.stride(), dst = (y * w + x) * ch;
                for (int k = 0; k < ch; k++) out[dst + k] = d[src + channel[k]];
            }
        return ch == 1 ? new Pixels(w, h, out, 1, 0, 0, 0) : Pixels.rgb(w, h, out);
    }

    private static double round15(double v) { return Math.rint(v * 1e15) / 1e15; }

    static void brightness(float[] x, double factor) {
        float f = (float) factor;
        for (int i = 0; i < x.length; i++) x[i] = clamp01(f * x[i]);
    }

    static void contrast(float[] x, double factor) {
        double sum = 0;
        for (int i = 0; i < x.length; i += 3) sum += gray(x, i);
        blend(x, (float) factor, (float) (sum / (x.length / 3)));
    }

    private static void blend(float[] x, float f, float other) {
        float g = (1 - f) * other;
        for (int i = 0; i < x.length; i++) x[i] = clamp01(f * x[i] + g);
    }

    static void saturation(float[] x, double factor) {
        float f = (float) factor, rest = 1 - f;
        for (int i = 0; i < x.length; i += 3) {
            float g = rest * gray(x, i);
            x[i] = clamp01(f * x[i] + g);
            x[i + 1] = clamp01(f * x[i + 1] + g);
            x[i + 2] = clamp01(f * x[i + 2] + g);
        }
    }

    static void grayscale(float[] x) {
        for (int i = 0; i < x.length; i += 3) {
            float g = gray(x, i);
            x[i] = g; x[i + 1] = g; x[i + 2] = g;
        }
    }

    private static float gray(float[] x, int i) { return 0.2989f * x[i] + 0.587f * x[i + 1] + 0.114f * x[i + 2]; }

    /** torchvision's {@code adjust_hue} on float tensors: to HSV, shift the hue by {@code shift} (mod 1), back. */
    static void hue(float[] x, double shift) {
        float s0 = (float) shift;
        for (int i = 0; i < x.length; i += 3) {
            float r = x[i], g = x[i + 1], b = x[i + 2];
            float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), cr = max - min;
            boolean equal = max == min;
            float s = cr / (equal ? 1 : max), div = equal ? 1 : cr;
            float rc = (max - r) / div, gc = (max - g) / div, bc = (max - b) / div;
            float h;
            if (max == r) h = bc - gc;
            else if (max == g) h = 2 + rc - bc;
            else h = 4 + gc - rc;
            h = (h / 6f + 1f) % 1f;
            h = h + s0;
            h = h - (float) Math.floor(h);           // Python's % 1.0: into [0, 1)
            float v = max, h6 = h * 6f, fi = (float) Math.floor(h6), f = h6 - fi;
            float p = clamp01(v * (1 - s)), q = clamp01(v * (1 - s * f)), t = clamp01(v * (1 - s * (1 - f)));
            switch (((int) fi) % 6) {
                case 0 -> { x[i] = v; x[i + 1] = t; x[i + 2] = p; }
                case 1 -> { x[i] = q; x[i + 1] = v; x[i + 2] = p; }
                case 2 -> { x[i] = p; x[i + 1] = v; x[i + 2] = t; }
                case 3 -> { x[i] = p; x[i + 1] = q; x[i + 2] = v; }
                case 4 -> { x[i] = t; x[i + 1] = p; x[i + 2] = v; }
                default -> { x[i] = v; x[i + 1] = p; x[i + 2] = q; }
            }
        }
    }

    /** {@code ToTensor} + {@code Normalize(MEAN, STD)}: H×W×3 in [0, 1] to C×H×W at {@code out[offset ..]}. */
    static void normalise(float[] hwc, int size, float[] out, int offset) {
        int n = size * size;
        float[] scale = {1 / STD[0], 1 / STD[1], 1 / STD[2]};
        for (int k = 0; k < 3; k++) {
            float m = MEAN[k], s = scale[k];
            int o = offset + k * n;
            for (int i = 0; i < n; i++) out[o + i] = (hwc[3 * i + k] - m) * s;
        }
    }

    static void toPlanes(float[] hwc, int size, float[] chw) {
        int n = size * size;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 3; k++) chw[k * n + i] = hwc[3 * i + k];
    }

    private static double factor(SplittableRandom rng, double strength) {
        return strength > 0 ? uniform(rng, Math.max(0, 1 - strength), 1 + strength) : 1;
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) { return lo + rng.nextDouble() * (hi - lo); }

    private static float clamp01(float v) { return Math.min(1f, Math.max(0f, v)); }
}
