package glimpse.data.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.DatasetException;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Image files through {@link RgbTransforms} into float32 batches (n, 3, size, size), made by
 * {@code workers} threads while the caller trains on the previous ones (PyTorch's {@code DataLoader}
 * with worker processes, in threads of one JVM).
 * <ul>
 *   <li><b>Bounded</b>: at most {@code prefetch} batches are made ahead of the one the caller takes
 *       (a worker waits for a free slot: memory stays ~ (prefetch + workers) batches).</li>
 *   <li><b>Ordered and repeatable</b>: batch k holds the images at positions k·b … of {@code order},
 *       delivered in that order whichever worker finishes first; image i's random choices come from
 *       {@code Seeds.random(seed, STREAM, epoch, i)}, so a run's pixels do not depend on the number of
 *       workers or on scheduling.</li>
 *   <li><b>Errors</b>: the first failure (a file that does not decode, with its path) is thrown by the
 *       next {@link #next()} call, whatever batch it is waiting for; the workers stop.</li>
 *   <li><b>Shutdown</b>: {@link #close()} (or an interrupt of the waiting caller) stops the workers and
 *       waits for them; batches not taken are dropped.</li>
 *   <li><b>Progress</b>: an optional listener hears each delivered batch (images done, total, images/s).</li>
 * </ul>
 */
public final class ImageLoader implements AutoCloseable {
    /** The image-augmentation stream's constant coordinate in {@link Seeds#random}. */
    static final long STREAM = 0x1A6E_10AD_E4L;

    /** A batch: images (n × 3 × size × size floats, normalised), their labels and their indices in the file list. */
    public record Batch(float[] images, int[] labels, int[] indices, int size) {
        public int count() { return labels.length; }
        /** The images as a float32 tensor (n, 3, size, size). */
        public NDArray tensor(NDManager manager) { return manager.create(images, new Shape(labels.length, 3, size, size)); }
        public NDArray labelsTensor(NDManager manager) {
            long[] y = new long[labels.length];
            for (int i = 0; i < y.length; i++) y[i] = labels[i];
            return manager.create(y);
        }
    }

    /** Where an epoch stands, for a progress display. */
    public record Progress(int imagesDone, int imagesTotal, double imagesPerSecond) {}

    /**
     * @param batchSize images per batch (the last batch may be smaller)
     * @param workers   decoding threads
     * @param prefetch  batches made ahead of the caller (≥ 1)
     * @param seed      the run's seed
     */
    public record Config(int batchSize, int workers, int prefetch, long seed) {
        public Config {
            if (batchSize <= 0 || workers <= 0 || prefetch <= 0)
                throw new IllegalArgumentException("batch size, workers and prefetch must be positive: " + batchSize + ", " + workers + ", " + prefetch);
        }
        /** Two batches ahead per worker, as PyTorch's DataLoader ({@code prefetch_factor=2}). */
        public static Config of(int batchSize, int workers, long seed) { return new Config(batchSize, workers, 2 * workers, seed); }
    }

    private final List<Path> files;
    private final int[] labels, order;
    private final RgbTransforms transforms;
    private final Config config;
    private final int epoch, batches;
    private final Consumer<Progress> progress;
    private final Semaphore slots;
    private final AtomicInteger nextToMake = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Batch> ready = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private final long started = System.nanoTime();
    private volatile boolean closed;
    private int nextToTake, imagesDone;

    /**
     * One epoch over {@code order} (positions in {@code files}; see {@link #shuffled}): batches of
     * {@code files[order[k]]} with {@code labels[order[k]]}, made by {@code config.workers()} threads.
     */
    public ImageLoader(List<Path> files, int[] labels, RgbTransforms transforms, Config config, int epoch, int[] order, Consumer<Progress> progress) {
        this.files = List.copyOf(files);
        if (labels.length != files.size()) throw new IllegalArgumentException(files.size() + " files but " + labels.length + " labels");
        for (int i : order)
            if (i < 0 || i >= files.size()) throw new IllegalArgumentException("order names image " + i + ", outside 0.." + (files.size() - 1));
        this.labels = labels.clone();
        this.order = order.clone();
        this.transforms = Objects.requireNonNull(transforms);
        this.config = config;
        this.epoch = epoch;
        this.progress = progress;
        this.batches = (order.length + config.batchSize() - 1) / config.batchSize();
        this.slots = new Semaphore(config.prefetch());
        for (int w = 0; w < config.workers(); w++) {
            Thread t = new Thread(this::work, "glimpse-image-loader-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Positions 0..n-1 in a seeded order for {@code epoch} (Fisher–Yates). */
    public static int[] shuffled(int n, long seed, int epoch) {
        return Draws.permutation(n, Seeds.random(seed, STREAM + 1, epoch));
    }

    public int batches() { return batches; }

    /** Batches the workers have started (for the back-pressure test): at most taken + prefetch + workers. */
    int batchesStarted() { return Math.min(nextToMake.get(), batches); }

    public boolean hasNext() { return nextToTake < batches; }

    /** The next batch in order; waits for it. Throws the workers' first failure, or when closed. */
    public Batch next() {
        if (!hasNext()) throw new java.util.NoSuchElementException("epoch " + epoch + " has " + batches + " batches, all taken");
        Batch b;
        RuntimeException stop = null;
        boolean interrupted = false;
        // close() only outside the lock: a worker that finished a batch waits for this lock to signal it,
        // and close() waits for the workers to end
        synchronized (signal) {
            while ((b = ready.remove(nextToTake)) == null) {
                if ((stop = failure.get()) != null) break;
                if (closed) throw new IllegalStateException("image loader closed");
                try {
                    signal.wait();
                } catch (InterruptedException ie) {
                    interrupted = true;
                    stop = new IllegalStateException("interrupted while waiting for batch " + nextToTake, ie);
                    break;
                }
            }
        }
        if (stop == null) stop = failure.get();
        if (stop != null) {
            close();
            if (interrupted) Thread.currentThread().interrupt();
            throw stop;
        }
        nextToTake++;
        imagesDone += b.count();
        slots.release();
        if (progress != null)
            progress.accept(new Progress(imagesDone, order.length, imagesDone / ((System.nanoTime() - started) / 1e9)));
        return b;
    }

    /** Stops the workers (interrupting them) and waits for them to end. */
    @Override public void close() {
        closed = true;
        for (Thread t : threads) if (t != Thread.currentThread()) t.interrupt();
        for (Thread t : threads) {
            if (t == Thread.currentThread()) continue;
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ready.clear();
        synchronized (signal) { signal.notifyAll(); }
    }

    /** True once every worker thread has ended. */
    public boolean stopped() { return threads.stream().noneMatch(Thread::isAlive); }

    private void work() {
        try (ImageDecoder decoder = new ImageDecoder()) {
            while (!closed && failure.get() == null) {
                slots.acquire();
                int k = nextToMake.getAndIncrement();
                if (k >= batches || closed) return;
                Batch b = make(decoder, k);
                if (b == null) return;     // closed while making it
                ready.put(k, b);
                synchronized (signal) { signal.notifyAll(); }
            }
        } catch (InterruptedException e) {
            // close(): stop quietly
        } catch (RuntimeException e) {
            if (!closed) failure.compareAndSet(null, e);
            synchronized (signal) { signal.notifyAll(); }
        }
    }

    private Batch make(ImageDecoder decoder, int k) {
        int from = k * config.batchSize(), n = Math.min(config.batchSize(), order.length - from), floats = transforms.imageFloats();
        float[] images = new float[n * floats];
        int[] ys = new int[n], idx = new int[n];
        for (int j = 0; j < n; j++) {
            if (closed) return null;
            int i = order[from + j];
            idx[j] = i;
            ys[j] = labels[i];
            try {
                transforms.apply(decoder, files.get(i), Seeds.random(config.seed(), STREAM, epoch, i), images, j * floats);
            } catch (DatasetException e) {
                if (closed) return null;
                throw e;
            } catch (RuntimeException e) {
                if (closed) return null;
                throw new DatasetException("Cannot augment image " + files.get(i) + " (" + e + ")", e);
            }
        }
        return new Batch(images, ys, idx, transforms.size());
    }
}
