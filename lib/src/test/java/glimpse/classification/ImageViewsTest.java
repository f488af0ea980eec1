package glimpse.classification;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageSet;
import glimpse.data.image.RgbTransforms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The classification pipeline's augmentation hook on CIFAR-shaped images (3×32×32 planar bytes). */
class ImageViewsTest {

    static ImageSet cifarLike(int n) {
        byte[] px = new byte[n * 3 * 32 * 32];
        new SplittableRandom(5).nextBytes(px);
        return new ImageSet("cifar-like", 3, 32, 32, px, new int[n], List.of("a"), List.of("a photo of a a"));
    }

    @Test
    void testViewIsTheNormalisedImage() {
        ImageSet set = cifarLike(2);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = ImageViews.cifar(32).testBatch(m, set, new int[] {1}).toFloatArray();
            byte[] px = set.pixelsUnsafe();
            int n = 32 * 32, off = 3 * n;      // image 1, planar
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < n; i++) {
                    double expected = ((px[off + c * n + i] & 0xff) / 255.0 - RgbTransforms.MEAN[c]) / RgbTransforms.STD[c];
                    assertEquals(expected, got[c * n + i], 1e-5, "channel " + c + " pixel " + i);
                }
        }
    }

    @Test
    void trainViewIsPadCropFlipRepeatablePerStep() {
        ImageSet set = cifarLike(4);
        ImageViews v = ImageViews.cifar(32);
        try (NDManager m = NDManager.newBaseManager()) {
            int[] idx = {0, 1, 2, 3};
            float[] a = v.trainBatch(m, set, idx, 7, 3).toFloatArray(), again = v.trainBatch(m, set, idx, 7, 3).toFloatArray();
            float[] other = v.trainBatch(m, set, idx, 7, 4).toFloatArray();
            assertArrayEquals(a, again, "a step's views are a function of (seed, step)");
            assertFalse(java.util.Arrays.equals(a, other), "another step draws other crops and flips");
            assertEquals(4L * 3 * 32 * 32, a.length);
            // every training view is a shifted (±4 px), possibly mirrored copy of its image with zeros where the shift leaves the image:
            // its values are test-view values or the normalised 0 of the padding
            float[] plain = v.testBatch(m, set, idx).toFloatArray();
            int n = 32 * 32;
            for (int k = 0; k < 4; k++) assertTrue(isShiftOf(a, plain, k * 3 * n, n), "image " + k + " is a pad-4 crop (maybe flipped)");
        }
    }

    /** Whether image k of {@code view} equals image k of {@code plain} shifted by (dy, dx) ∈ [−4, 4]², maybe mirrored, padded with normalised zeros. */
    static boolean isShiftOf(float[] view, float[] plain, int off, int n) {
        for (int flip = 0; flip < 2; flip++)
            for (int dy = -4; dy <= 4; dy++)
                for (int dx = -4; dx <= 4; dx++) {
                    boolean same = true;
                    for (int c = 0; c < 3 && same; c++)
                        for (int y = 0; y < 32 && same; y++)
                            for (int x = 0; x < 32 && same; x++) {
                                int sx = flip == 1 ? 31 - x : x;
                                int yy = y + dy, xx = sx + dx;
                                double expected = yy < 0 || yy > 31 || xx < 0 || xx > 31 ? -RgbTransforms.MEAN[c] / RgbTransforms.STD[c]
                                        : plain[off + c * n + yy * 32 + xx];
                                same = Math.abs(view[off + c * n + y * 32 + x] - expected) < 1e-5;
                            }
                    if (same) return true;
                }
        return false;
    }
}
