package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.image.RgbTransforms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ImageInputTest {
    /** Two 84 px RGB images: one flat (200, 100, 50), one whose left half is black and right half white. */
    static ImageSet twoImages() {
        int s = 84, n = s * s;
        byte[] px = new byte[2 * 3 * n];
        for (int i = 0; i < n; i++) { px[i] = (byte) 200; px[n + i] = (byte) 100; px[2 * n + i] = (byte) 50; }
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++) px[3 * n + c * n + y * s + x] = (byte) (x < s / 2 ? 0 : 255);
        return new ImageSet("two", 3, s, s, px, new int[] {0, 1}, List.of("a", "b"), List.of("a", "b"));
    }

    @Test
    void rgbResizesTo224AndNormalisesWithImageNetStatistics() {
        ImageSet set = twoImages();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = ImageInput.rgb(224).tensor(m, set, new int[] {0, 1});
            assertEquals(new Shape(2, 3, 224, 224), t.getShape());
            float[] v = t.toFloatArray();
            int plane = 224 * 224;
            int[] flat = {200, 100, 50};
            // a flat image stays flat under any resize: (v/255 − mean)/std everywhere, worked by hand
            for (int c = 0; c < 3; c++) {
                double expected = (flat[c] / 255.0 - RgbTransforms.MEAN[c]) / RgbTransforms.STD[c];
                for (int i = 0; i < plane; i += 997) assertEquals(expected, v[c * plane + i], 1e-5, "channel " + c);
            }
            // the half-black image keeps black at its left edge and white at its right edge
            int second = 3 * plane;
            assertEquals((0 - RgbTransforms.MEAN[0]) / RgbTransforms.STD[0], v[second + 100 * 224], 1e-5);
            assertEquals((1 - RgbTransforms.MEAN[0]) / RgbTransforms.STD[0], v[second + 100 * 224 + 223], 1e-5);
        }
    }

    @Test
    void nativeIsTheStoredPixelsAndViewsAreRepeatableBySeed() {
        ImageSet set = twoImages();
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(set.toTensor(m, new int[] {1}).toFloatArray(), ImageInput.NATIVE.tensor(m, set, new int[] {1}).toFloatArray());
            ImageInput in = ImageInput.rgb(224);
            float[] a = in.augmented(m, set, new int[] {1, 1}, Augment.simclrQuery(), new Random(3)).toFloatArray();
            float[] b = in.augmented(m, set, new int[] {1, 1}, Augment.simclrQuery(), new Random(3)).toFloatArray();
            float[] c = in.augmented(m, set, new int[] {1, 1}, Augment.simclrQuery(), new Random(4)).toFloatArray();
            assertArrayEquals(a, b, "same generator, same views (whatever thread makes each)");
            assertFalse(java.util.Arrays.equals(a, c), "another generator, other views");
            assertEquals(2 * 3 * 224 * 224, a.length);
        }
        assertThrows(IllegalArgumentException.class, () -> ImageInput.rgb(0));
    }
}
