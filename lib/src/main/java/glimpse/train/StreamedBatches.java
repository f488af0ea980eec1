package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageFileList;
import glimpse.data.image.ImageLoader;
import glimpse.data.image.RgbTransforms;
import glimpse.data.sampling.BatchOrder;

/**
 * A {@link BatchSource} over image files at paper resolution: step t's batch holds the files that
 * {@code order} picks for t, decoded and augmented by {@link RgbTransforms} in an {@link ImageLoader}'s
 * worker threads while the model trains on the previous steps — nothing is decoded into memory ahead
 * of a few batches (SOP's 60k training images at 224 px would be ~36 GB as floats).
 *
 * <p>Still a pure function of (seed, step), so runs repeat and resume exactly: steps are read in
 * chunks of {@code chunkSteps}; chunk c is one {@link ImageLoader} epoch numbered c, whose random crop
 * and flip of image i come from (seed, c, i) whatever the workers, and a step asked for out of turn
 * (a resume) opens its chunk's loader at that step. One consequence, said rather than hidden: an image
 * drawn twice within one chunk gets the same augmentation both times.
 */
public final class StreamedBatches implements BatchSource, AutoCloseable {
    private final ImageFileList files;
    private final RgbTransforms transforms;
    private final BatchOrder order;
    private final int batchSize, workers, chunkSteps;
    private final long seed;
    private ImageLoader loader;
    private int nextStep = -1, chunkEnd = -1;

    /**
     * @param batchSize  images per step ({@code order} must give this many)
     * @param workers    decoding threads
     * @param chunkSteps steps per loader epoch (prefetch runs within a chunk)
     */
    public StreamedBatches(ImageFileList files, RgbTransforms transforms, BatchOrder order, int batchSize, long seed, int workers, int chunkSteps) {
        if (batchSize < 1 || workers < 1 || chunkSteps < 1)
            throw new IllegalArgumentException("batch size, workers and chunk steps must be positive: " + batchSize + ", " + workers + ", " + chunkSteps);
        this.files = files;
        this.transforms = transforms;
        this.order = order;
        this.batchSize = batchSize;
        this.seed = seed;
        this.workers = workers;
        this.chunkSteps = chunkSteps;
    }

    @Override
    public synchronized Batch batch(NDManager stepManager, int step) {
        if (loader == null || step != nextStep || step >= chunkEnd) open(step);
        ImageLoader.Batch b = loader.next();
        nextStep = step + 1;
        return Batch.of(b.tensor(stepManager), b.labelsTensor(stepManager));
    }

    /** A loader for chunk step / chunkSteps from {@code step} to the chunk's end. */
    private void open(int step) {
        close();
        int chunk = step / chunkSteps;
        chunkEnd = (chunk + 1) * chunkSteps;
        int[] positions = new int[(chunkEnd - step) * batchSize];
        for (int t = step; t < chunkEnd; t++) {
            int[] idx = order.indices(t);
            if (idx.length != batchSize) throw new IllegalStateException("the batch order gave " + idx.length + " images for step " + t + ", not " + batchSize);
            System.arraycopy(idx, 0, positions, (t - step) * batchSize, batchSize);
        }
        loader = new ImageLoader(files.files(), files.labels(), transforms,
                ImageLoader.Config.of(batchSize, workers, seed), chunk, positions, null);
    }

    @Override
    public synchronized void close() {
        if (loader != null) loader.close();
        loader = null;
        nextStep = -1;
    }

    @Override public String toString() { return "StreamedBatches[" + files.name() + ", " + transforms.size() + " px, batch " + batchSize + "]"; }
}
