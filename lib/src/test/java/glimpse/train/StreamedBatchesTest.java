package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageFileList;
import glimpse.data.image.ImageLoader;
import glimpse.data.image.RgbTransforms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A streamed batch is a function of (seed, step): in sequence, after a jump (resume), with any number of workers. */
class StreamedBatchesTest {
    static Path dir;
    static ImageFileList files;
    static final RgbTransforms VIEW = RgbTransforms.resizeRandomCrop(20, 16).withRotation(10);

    @BeforeAll
    static void writeImages() throws IOException {
        dir = Files.createTempDirectory("glimpse-streamed");
        List<Path> paths = new ArrayList<>();
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            BufferedImage img = new BufferedImage(24 + i, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++)
                for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, ((x * 10 + i * 20) & 0xff) << 16 | ((y * 12) & 0xff) << 8 | (i * 25));
            Path p = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", p.toFile());
            paths.add(p);
            labels[i] = i % 3;
        }
        files = new ImageFileList("ten", paths, labels, List.of("a", "b", "c"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
    }

    private static float[][] steps(StreamedBatches source, int... steps) {
        float[][] out = new float[steps.length][];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 0; k < steps.length; k++) {
                Batch b = source.batch(m, steps[k]);
                float[] x = b.x().toFloatArray();
                long[] y = b.y().toLongArray();
                int[] idx = source.indices(steps[k]);
                for (int j = 0; j < y.length; j++) assertEquals(files.labels()[idx[j]], y[j], "labels follow the step's indices");
                out[k] = x;
            }
        }
        return out;
    }

    @Test
    void aStepsBatchDoesNotDependOnHowTheRunGotThere() {
        float[][] sequential, resumed, oneWorker;
        try (var s = new StreamedBatches(files, VIEW, new ImageLoader.Config(3, 2, 2, 7))) {
            assertEquals(3, s.stepsPerEpoch(), "10 images in batches of 3: the incomplete fourth is dropped");
            sequential = steps(s, 0, 0, 1, 2, 3, 4, 5, 6);       // step 0 twice: the trainer's shape probe, then step 0
        }
        assertArrayEquals(sequential[0], sequential[1], "asking for a step again gives the same batch");
        try (var s = new StreamedBatches(files, VIEW, new ImageLoader.Config(3, 3, 1, 7))) {
            resumed = steps(s, 4, 5, 1);                           // a run resumed at step 4, then a jump back
        }
        try (var s = new StreamedBatches(files, VIEW, new ImageLoader.Config(3, 1, 1, 7))) {
            oneWorker = steps(s, 6);
        }
        assertArrayEquals(sequential[5], resumed[0]);
        assertArrayEquals(sequential[6], resumed[1]);
        assertArrayEquals(sequential[2], resumed[2]);
        assertArrayEquals(sequential[7], oneWorker[0]);
        assertEquals(3 * 3 * 16 * 16, sequential[0].length);
        try (var other = new StreamedBatches(files, VIEW, new ImageLoader.Config(3, 2, 2, 8))) {
            assertFalse(Arrays.equals(sequential[2], steps(other, 1)[0]), "another seed draws other batches or augmentations");
        }
    }

    @Test
    void eachEpochVisitsDistinctImagesInItsOwnOrder() {
        try (var s = new StreamedBatches(files, VIEW, new ImageLoader.Config(3, 1, 1, 7))) {
            for (int e = 0; e < 3; e++) {
                Set<Integer> seen = new HashSet<>();
                for (int k = 0; k < 3; k++) for (int i : s.indices(3 * e + k)) assertTrue(seen.add(i), "image " + i + " twice in epoch " + e);
                assertEquals(9, seen.size());
            }
            assertFalse(Arrays.equals(s.indices(0), s.indices(3)), "epochs are shuffled afresh");
            assertEquals(1, s.epochOf(3));
        }
        assertThrows(IllegalArgumentException.class, () -> new StreamedBatches(files, VIEW, new ImageLoader.Config(11, 1, 1, 7)));
    }

    @Test
    void predictionOverFilesIsTheModelOnEachImagesTestViewInListOrder() {
        RgbTransforms test = RgbTransforms.centreCrop(20, 16);
        ai.djl.nn.Block flatten = ai.djl.nn.Blocks.batchFlattenBlock();   // the model's output is its input, one row per image
        try (NDManager m = NDManager.newBaseManager(); var decoder = new glimpse.data.image.ImageDecoder()) {
            flatten.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, 16, 16));
            float[][] rows = Predict.outputs(m, flatten, files, test, 4, 2);   // 10 images in batches of 4, 4, 2
            assertEquals(10, rows.length);
            for (int i = 0; i < 10; i++) {
                float[] expected = new float[test.imageFloats()];
                test.apply(decoder, files.files().get(i), new java.util.SplittableRandom(0), expected, 0);
                assertArrayEquals(expected, rows[i], "image " + i);
            }
        }
    }
}
