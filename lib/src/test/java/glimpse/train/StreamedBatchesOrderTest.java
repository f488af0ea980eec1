package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageFileList;
import glimpse.data.image.RgbTransforms;
import glimpse.data.sampling.BatchOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A streamed source is a pure function of (seed, step): in order, out of order (a resume), whatever the workers. */
class StreamedBatchesOrderTest {
    static Path dir;
    static ImageFileList files;
    /** Step t: images (t, t+1, t+2, t+3) mod 10 — so an image recurs within a chunk and across chunks. */
    static final BatchOrder ORDER = step -> IntStream.range(0, 4).map(k -> (step + k) % 10).toArray();

    @BeforeAll
    static void images() throws Exception {
        dir = Files.createTempDirectory("glimpse-streamed");
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BufferedImage img = new BufferedImage(40 + i, 48, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, (i * 25) << 16 | (x * 5) << 8 | y * 5);
            Path p = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", p.toFile());
            paths.add(p);
        }
        files = new ImageFileList("test", paths, IntStream.range(0, 10).map(i -> i / 2).toArray(), List.of("a", "b", "c", "d", "e"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var f = Files.walk(dir)) { f.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }

    static float[][] run(int workers, int... steps) {
        float[][] out = new float[steps.length][];
        try (NDManager m = NDManager.newBaseManager();
             StreamedBatches s = new StreamedBatches(files, RgbTransforms.resizeRandomCrop(36, 32), ORDER, 4, 7, workers, 3)) {
            for (int i = 0; i < steps.length; i++) {
                Batch b = s.batch(m, steps[i]);
                assertArrayEquals(IntStream.of(ORDER.indices(steps[i])).map(k -> k / 2).mapToLong(k -> k).toArray(), b.y().toLongArray(), "labels of step " + steps[i]);
                assertEquals(new ai.djl.ndarray.types.Shape(4, 3, 32, 32), b.x().getShape());
                out[i] = b.x().toFloatArray();
            }
        }
        return out;
    }

    @Test
    void aResumedOrReorderedRunSeesTheSamePixelsAsAnUnbrokenOne() {
        float[][] straight = run(1, 0, 1, 2, 3, 4, 5, 6);
        float[][] resumed = run(3, 4, 5, 6, 0, 1, 2, 3);
        for (int t = 0; t < 7; t++) {
            int at = t >= 4 ? t - 4 : t + 3;
            assertArrayEquals(straight[t], resumed[at], 0f, "step " + t);
        }
        assertFalse(java.util.Arrays.equals(straight[0], straight[1]), "different steps, different batches");
    }
}
