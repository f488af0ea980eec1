package glimpse.data.image;

import glimpse.data.Augment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each op on cases worked by hand; {@code RgbTransformsTorchTest} checks them against torchvision itself. */
class RgbTransformsTest {
    @TempDir Path dir;

    /** One row of gray pixels with the given values (a 1-pixel-high image). */
    private static Pixels grayRow(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return new Pixels(v.length, 1, b, 1, 0, 0, 0);
    }

    @Test void downscaleTwoToOneWeighsThreeThreeOneSevenths() {
        // 4 -> 2: scale 2, triangle of half-width 2 at centres 1 and 3, clipped to [0, 4):
        // output 0 = (3·x0 + 3·x1 + 1·x2)/7, output 1 = (1·x1 + 3·x2 + 3·x3)/7 (PIL gives 50 and 160 on this row)
        Taps t = Taps.of(4, 2, 0, 2);
        assertEquals(0, t.first()[0]);
        assertEquals(3, t.counts()[0]);
        assertEquals(3f / 7, t.weights()[0], 1e-7);
        assertEquals(1f / 7, t.weights()[2], 1e-7);
        assertEquals(1, t.first()[1]);
        float[] out = RgbTransforms.resample(grayRow(0, 70, 140, 210), new Rectangle(0, 0, 4, 1), 2, 1, 0, 0, 1, false);
        assertEquals(50 / 255f, out[0], 1e-6);       // the first output only: a 1x1 window
        float[] both = RgbTransforms.resample(new Pixels(4, 2, new byte[] {0, 70, (byte) 140, (byte) 210, 0, 70, (byte) 140, (byte) 210}, 1, 0, 0, 0),
                new Rectangle(0, 0, 4, 2), 2, 1, 0, 0, 1, false);
        assertEquals(50 / 255f, both[0], 1e-6);
    }

    @Test void upscaleIsPlainBilinearWithEdgeSamplesKept() {
        // 2 -> 4: centres 0.25, 0.75, 1.25, 1.75: outputs x0, .75x0 + .25x1, .25x0 + .75x1, x1
        Taps t = Taps.of(2, 4, 0, 4);
        assertEquals(1, t.counts()[0]);
        assertEquals(1f, t.weights()[0], 1e-7);
        assertEquals(0.75f, t.weights()[t.width()], 1e-7);
        assertEquals(0.25f, t.weights()[t.width() + 1], 1e-7);
        assertEquals(1, t.counts()[3]);
        assertEquals(1, t.first()[3]);
    }

    @Test void sameSizeResampleIsExactAndFlipMirrors() {
        byte[] rgb = new byte[4 * 4 * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (i * 5);
        Pixels px = Pixels.rgb(4, 4, rgb);
        float[] same = RgbTransforms.resample(px, new Rectangle(0, 0, 4, 4), 4, 4, 0, 0, 4, false);
        for (int i = 0; i < rgb.length; i++) assertEquals((rgb[i] & 0xff) / 255f, same[i], 1e-6, "sample " + i);
        float[] flipped = RgbTransforms.resample(px, new Rectangle(0, 0, 4, 4), 4, 4, 0, 0, 4, true);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                for (int c = 0; c < 3; c++) assertEquals(same[(y * 4 + 3 - x) * 3 + c], flipped[(y * 4 + x) * 3 + c]);
        // a window of the same-size resize is a plain crop
        float[] window = RgbTransforms.resample(px, new Rectangle(0, 0, 4, 4), 4, 4, 1, 2, 2, false);
        assertEquals(same[(2 * 4 + 1) * 3], window[0]);
        assertEquals(same[(3 * 4 + 2) * 3 + 2], window[(1 * 2 + 1) * 3 + 2]);
    }

    @Test void shorterSideAndCentreCropFollowTorchvisionRounding() {
        assertArrayEquals(new int[] {341, 256}, RgbTransforms.shorterSideTo(500, 375, 256));     // 256·500/375 = 341.33, truncated
        assertArrayEquals(new int[] {256, 341}, RgbTransforms.shorterSideTo(375, 500, 256));
        assertArrayEquals(new int[] {512, 512}, RgbTransforms.shorterSideTo(300, 300, 512));
        // CenterCrop: left = round((341 − 224)/2) = round(58.5) = 58 (Python rounds half to even), top = 16
        RgbTransforms t = RgbTransforms.centreCrop(224);
        assertEquals(256, t.resize());
        assertEquals(512, RgbTransforms.centreCrop(448).resize());
        assertEquals(96, RgbTransforms.centreCrop(84).resize());
        byte[] rgb = new byte[500 * 375 * 3];
        for (int y = 0; y < 375; y++) for (int x = 0; x < 500; x++) rgb[(y * 500 + x) * 3] = (byte) (x % 256);
        Pixels px = Pixels.rgb(500, 375, rgb);
        float[] view = t.view(px, new Rectangle(0, 0, 500, 375), new SplittableRandom(1));
        float[] direct = RgbTransforms.resample(px, new Rectangle(0, 0, 500, 375), 341, 256, 58, 16, 224, false);
        assertArrayEquals(direct, view);
    }

    @Test void randomResizedCropStaysInsideWithTheAreaAndRatioAsked() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int k = 0; k < 2000; k++) {
            Rectangle b = RgbTransforms.randomResizedBox(500, 375, 0.08, 1, rng);
            assertTrue(b.x >= 0 && b.y >= 0 && b.x + b.width <= 500 && b.y + b.height <= 375, b.toString());
            double area = (double) b.width * b.height / (500 * 375), ratio = (double) b.width / b.height;
            // rounding each side to whole pixels moves area and ratio a little beyond the drawn values
            assertTrue(area > 0.075 && area <= 1.0, "area " + area);
            assertTrue(ratio > 0.74 && ratio < 1.35, "ratio " + ratio);
        }
    }

    @Test void randomResizedCropFallsBackToTheCentredBoxOfAllowedRatio() {
        // a 1-pixel-wide strip: no try fits (every crop of >= 8% is wider than 1), so torchvision's fallback:
        // ratio 0.001 < 3/4 -> w = 1, h = round(1 / 0.75) = 1, centred: y = (1000 − 1) / 2 = 499
        assertEquals(new Rectangle(0, 499, 1, 1), RgbTransforms.randomResizedBox(1, 1000, 0.08, 1, new SplittableRandom(3)));
        assertEquals(new Rectangle(0, 433, 100, 133), RgbTransforms.fallbackBox(100, 1000));
        assertEquals(new Rectangle(433, 0, 133, 100), RgbTransforms.fallbackBox(1000, 100));    // w = round(100 · 4/3)
        assertEquals(new Rectangle(0, 0, 120, 100), RgbTransforms.fallbackBox(120, 100));       // ratio 1.2 allowed: all of it
    }

    @Test void brightnessContrastSaturationByHand() {
        float[] x = {0.2f, 0.4f, 0.6f, 1.0f, 0.5f, 0.0f};
        float[] b = x.clone();
        RgbTransforms.brightness(b, 1.5);
        assertArrayEquals(new float[] {0.3f, 0.6f, 0.9f, 1.0f, 0.75f, 0.0f}, b, 1e-6f);
        // contrast blends with the mean gray level: grays 0.2989·.2 + .587·.4 + .114·.6 = 0.36298, 0.2989 + 0.2935 = 0.5924
        float[] c = x.clone();
        RgbTransforms.contrast(c, 0.5);
        double mean = (0.36298 + 0.5924) / 2;
        assertEquals(0.5 * 0.2 + 0.5 * mean, c[0], 1e-6);
        assertEquals(Math.min(1, 0.5 * 1.0 + 0.5 * mean), c[3], 1e-6);
        // saturation blends with the pixel's own gray; factor 0 is the grayscale image, factor 2 clamps
        float[] s = x.clone();
        RgbTransforms.saturation(s, 0);
        assertEquals(0.36298, s[0], 1e-6);
        assertEquals(0.36298, s[2], 1e-6);
        float[] s2 = x.clone();
        RgbTransforms.saturation(s2, 2);
        assertEquals(2 * 0.2 - 0.36298, s2[0], 1e-6);
        assertEquals(1.0, s2[3], 0);           // 2·1 − 0.5924 > 1: clamped
        assertEquals(0.0, s2[5], 0);           // 2·0 − 0.5924 < 0: clamped
        float[] g = x.clone();
        RgbTransforms.grayscale(g);
        assertArrayEquals(new float[] {s[0], s[0], s[0], s[3], s[3], s[3]}, g, 1e-6f);
    }

    @Test void hueRotatesPrimariesAndLeavesGraysAlone() {
        float[] x = {1, 0, 0, 0.5f, 0.5f, 0.5f, 0, 0, 1};
        RgbTransforms.hue(x, 1.0 / 3);       // red -> green, gray stays, blue -> red
        assertArrayEquals(new float[] {0, 1, 0, 0.5f, 0.5f, 0.5f, 1, 0, 0}, x, 1e-5f);
        float[] y = {1, 0, 0};
        RgbTransforms.hue(y, -1.0 / 3);      // red -> blue (hue wraps below 0)
        assertArrayEquals(new float[] {0, 0, 1}, y, 1e-5f);
        float[] z = {0.8f, 0.4f, 0.2f};
        RgbTransforms.hue(z, 0);             // a full round trip through HSV
        assertArrayEquals(new float[] {0.8f, 0.4f, 0.2f}, z, 1e-6f);
    }

    @Test void rotationByNinetyDegreesIsCounterClockwise() {
        // PIL's rotate(90): the top row becomes the left column, read bottom-up: out(x, y) = in(w − 1 − y, x)
        byte[] v = new byte[16];
        for (int i = 0; i < 16; i++) v[i] = (byte) i;
        Pixels px = new Pixels(4, 4, v, 1, 0, 0, 0);
        Pixels r = RgbTransforms.rotate(px, 90);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) assertEquals(px.sample(3 - y, x, 0), r.sample(x, y, 0), "(" + x + "," + y + ")");
        Pixels half = RgbTransforms.rotate(px, 180);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) assertEquals(px.sample(3 - x, 3 - y, 0), half.sample(x, y, 0));
        // 45 degrees on a square: the corners come from outside the image and are black
        Pixels diag = RgbTransforms.rotate(Pixels.rgb(8, 8, filled(8 * 8 * 3, 200)), 45);
        assertEquals(0, diag.sample(0, 0, 0));
        assertEquals(200, diag.sample(4, 4, 1));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    @Test void normaliseIsImageNetMeanAndStdInPlanes() {
        float[] hwc = {0.5f, 0.25f, 1f, 0f, 0f, 0f};       // two pixels (a 1x2 image is not square: use size 1 twice)
        float[] out = new float[6];
        RgbTransforms.normalise(new float[] {0.5f, 0.25f, 1f}, 1, out, 3);
        assertEquals((0.5 - 0.485) / 0.229, out[3], 1e-6);
        assertEquals((0.25 - 0.456) / 0.224, out[4], 1e-6);
        assertEquals((1 - 0.406) / 0.225, out[5], 1e-6);
        assertEquals(0, out[0]);
        float[] planes = new float[12];
        float[] four = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0f, 0.5f};
        RgbTransforms.normalise(four, 2, planes, 0);
        assertEquals((0.4f - 0.485f) / 0.229f, planes[1], 1e-6);       // red of pixel 1
        assertEquals((0.8f - 0.456f) / 0.224f, planes[4 + 2], 1e-6);   // green of pixel 2
        assertEquals(hwc.length, 6);
    }

    @Test void applyIsAFunctionOfTheGeneratorAndTheViewsVary() {
        Path f = JpegFixtures.rgb(dir.resolve("a.jpg"), 120, 90, (x, y) -> (x * 2) << 16 | (y * 2) << 8 | ((x * y) & 0xff), 0.9f);
        RgbTransforms t = RgbTransforms.imageNetTrain(64).withRotation(20);
        float[] a = new float[t.imageFloats()], b = new float[t.imageFloats()], c = new float[t.imageFloats()];
        try (ImageDecoder d = new ImageDecoder()) {
            t.apply(d, f, new SplittableRandom(11), a, 0);
            t.apply(d, f, new SplittableRandom(11), b, 0);
            t.apply(d, f, new SplittableRandom(12), c, 0);
        }
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(c));
        for (float v : a) assertTrue(v >= -0.485f / 0.225f - 1e-4 && v <= 0.6f / 0.225f + 1e-4, "normalised range: " + v);
    }

    @Test void padAndCropReadsZerosOutsideTheImage() {
        Pixels px = Pixels.rgb(2, 2, new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120});
        float[] out = RgbTransforms.padCrop(px, -1, -1, 2, false, new float[12]);
        // window rows -1..0, columns -1..0: only (1, 1) is inside, and it is pixel (0, 0)
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 10 / 255f, 20 / 255f, 30 / 255f}, out, 1e-7f);
        float[] flipped = RgbTransforms.padCrop(px, 0, 0, 2, true, new float[12]);
        assertEquals(40 / 255f, flipped[0], 1e-7);      // mirrored: (0, 0) shows pixel (1, 0)
        assertEquals(70 / 255f, flipped[9], 1e-7);      // (1, 1) shows pixel (0, 1)
    }

    @Test void inMemorySetsGoThroughTheSamePipeline() {
        // a CIFAR-like planar set: 2 images of 3x4x4, each channel constant (c + 1) * 50 + image
        byte[] planes = new byte[2 * 3 * 16];
        for (int i = 0; i < 2; i++) for (int c = 0; c < 3; c++) for (int p = 0; p < 16; p++) planes[(i * 3 + c) * 16 + p] = (byte) ((c + 1) * 50 + i);
        glimpse.data.ImageSet set = new glimpse.data.ImageSet("cifar-like", 3, 4, 4, planes, new int[] {0, 1}, java.util.List.of("a", "b"), java.util.List.of("a", "b"));
        Pixels px = Pixels.ofImageSet(set, 1);
        assertEquals(51, px.sample(3, 2, 0));
        assertEquals(101, px.sample(0, 1, 1));
        assertEquals(151, px.sample(2, 3, 2));
        RgbTransforms t = RgbTransforms.padRandomCrop(4, 1);
        float[] a = new float[t.imageFloats()], b = new float[t.imageFloats()];
        t.apply(px, new SplittableRandom(4), a, 0);
        t.apply(px, new SplittableRandom(4), b, 0);
        assertArrayEquals(a, b);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 16; i++) {
                float v = a[c * 16 + i], pad = -RgbTransforms.MEAN[c] / RgbTransforms.STD[c], image = ((c + 1) * 50 + 1) / 255f;
                float inside = (image - RgbTransforms.MEAN[c]) / RgbTransforms.STD[c];
                assertTrue(Math.abs(v - pad) < 1e-5 || Math.abs(v - inside) < 1e-5, "channel " + c + " pixel " + i + ": " + v);
            }
        assertThrows(IllegalArgumentException.class, () -> new RgbTransforms(RgbTransforms.View.RESIZE_CENTRE_CROP, 4, 4, 2, 1, 1, 0, RgbTransforms.Jitter.NONE, 0, 0, 0, 0, 0));
    }

    @Test void simclrTakesAugmentsVocabulary() {
        RgbTransforms t = RgbTransforms.simclr(Augment.simclrQuery(), 224);
        assertEquals(RgbTransforms.View.RANDOM_RESIZED_CROP, t.view());
        assertEquals(0.08, t.minScale());
        assertEquals(new RgbTransforms.Jitter(0.8, 0.8, 0.8, 0.2, 0.8), t.jitter());
        assertEquals(0.2, t.grayscaleProbability());
        assertEquals(0.5, t.blurProbability());
        assertThrows(IllegalArgumentException.class, () -> RgbTransforms.centreCrop(200, 224));
    }
}
