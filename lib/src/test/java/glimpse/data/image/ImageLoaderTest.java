package glimpse.data.image;

import glimpse.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderTest {
    @TempDir Path dir;

    private List<Path> photos(int n) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            files.add(JpegFixtures.rgb(dir.resolve("img" + i + ".jpg"), 60 + 7 * i, 48 + 3 * i,
                    (x, y) -> ((x * (k + 3)) & 0xff) << 16 | ((y * 5 + k * 20) & 0xff) << 8 | ((x + y + k) & 0xff), 0.9f));
        }
        return files;
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 3;
        return y;
    }

    private static List<ImageLoader.Batch> all(ImageLoader loader) {
        List<ImageLoader.Batch> out = new ArrayList<>();
        try (loader) {
            while (loader.hasNext()) out.add(loader.next());
        }
        return out;
    }

    @Test void oneWorkerAndFourWorkersDeliverTheSameBatchesInOrder() {
        List<Path> files = photos(11);
        RgbTransforms t = RgbTransforms.imageNetTrain(32).withRotation(15);
        int[] order = ImageLoader.shuffled(11, 5, 2);
        List<ImageLoader.Batch> one = all(new ImageLoader(files, labels(11), t, ImageLoader.Config.of(3, 1, 5), 2, order, null));
        List<ImageLoader.Batch> four = all(new ImageLoader(files, labels(11), t, ImageLoader.Config.of(3, 4, 5), 2, order, null));
        assertEquals(4, one.size());
        assertEquals(2, one.get(3).count());          // 11 = 3 + 3 + 3 + 2
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(one.get(k).indices(), four.get(k).indices());
            assertArrayEquals(one.get(k).labels(), four.get(k).labels());
            assertArrayEquals(one.get(k).images(), four.get(k).images(), "batch " + k);
        }
        int[] seen = one.stream().flatMapToInt(b -> java.util.Arrays.stream(b.indices())).toArray();
        assertArrayEquals(order, seen);
        // another epoch: other views of the same images
        List<ImageLoader.Batch> next = all(new ImageLoader(files, labels(11), t, ImageLoader.Config.of(11, 2, 5), 3, order, null));
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(next.get(0).images(), t.imageFloats()), java.util.Arrays.copyOf(one.get(0).images(), t.imageFloats())));
    }

    @Test void aFileThatDoesNotDecodeIsNamed() {
        List<Path> files = photos(6);
        Path broken = JpegFixtures.bytes(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        files.set(4, broken);
        ImageLoader loader = new ImageLoader(files, labels(6), RgbTransforms.centreCrop(24), ImageLoader.Config.of(2, 2, 0), 0, new int[] {0, 1, 2, 3, 4, 5}, null);
        DatasetException e = assertThrows(DatasetException.class, () -> {
            while (loader.hasNext()) loader.next();
        });
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        assertTrue(waitStopped(loader), "workers stop after a failure");
    }

    @Test void aFailureClosesPromptlyWhileOtherWorkersFinishBatches() {
        // batch 0 fails at once; three workers are each decoding a large photo (one per batch) and finish
        // it after the failure: they must not wait for the lock the failing next() call holds
        Path big = JpegFixtures.rgb(dir.resolve("big.jpg"), 2400, 1800, (x, y) -> (x * 7 ^ y * 13) & 0xffffff, 0.95f);
        Path broken = JpegFixtures.bytes(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        List<Path> files = new ArrayList<>(List.of(broken));
        for (int i = 0; i < 12; i++) files.add(big);
        ImageLoader loader = new ImageLoader(files, new int[files.size()], RgbTransforms.centreCrop(24), new ImageLoader.Config(1, 4, 4, 0), 0,
                java.util.stream.IntStream.range(0, files.size()).toArray(), null);
        long t0 = System.nanoTime();
        assertThrows(DatasetException.class, loader::next);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(loader.stopped(), "every worker has ended when next() throws");
        assertTrue(seconds < 2, "the failing next() took " + seconds + " s");
    }

    @Test void closeMidEpochStopsTheWorkersAndPrefetchIsBounded() throws Exception {
        List<Path> files = photos(3);
        int n = 400;
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < n; i++) many.add(files.get(i % 3));
        AtomicInteger progressCalls = new AtomicInteger();
        ImageLoader loader = new ImageLoader(many, new int[n], RgbTransforms.imageNetTrain(48), new ImageLoader.Config(4, 2, 2, 1), 0,
                java.util.stream.IntStream.range(0, n).toArray(), p -> progressCalls.incrementAndGet());
        ImageLoader.Batch first = loader.next();
        assertEquals(4, first.count());
        assertEquals(1, progressCalls.get());
        Thread.sleep(300);
        // back-pressure: the workers may run at most `prefetch` batches ahead of the one taken
        assertTrue(loader.batchesStarted() <= 1 + 2 + 2, "started " + loader.batchesStarted());
        loader.close();
        assertTrue(loader.stopped(), "close() waits for the workers");
        assertThrows(IllegalStateException.class, loader::next);
    }

    @Test void interruptingAWaitingCallerStopsTheWorkers() throws Exception {
        List<Path> files = photos(2);
        int n = 600;
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < n; i++) many.add(files.get(i % 2));
        ImageLoader loader = new ImageLoader(many, new int[n], RgbTransforms.imageNetTrain(64), new ImageLoader.Config(8, 1, 1, 1), 0,
                java.util.stream.IntStream.range(0, n).toArray(), null);
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                while (loader.hasNext()) loader.next();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        caller.interrupt();
        caller.join(20_000);
        assertFalse(caller.isAlive());
        assertTrue(thrown.get() instanceof IllegalStateException && thrown.get().getMessage().contains("interrupted"), String.valueOf(thrown.get()));
        assertTrue(waitStopped(loader), "an interrupted caller closes the loader");
    }

    private static boolean waitStopped(ImageLoader loader) {
        for (int i = 0; i < 100 && !loader.stopped(); i++) {
            try { Thread.sleep(50); } catch (InterruptedException e) { return false; }
        }
        return loader.stopped();
    }
}
