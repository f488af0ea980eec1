package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageFileList;
import glimpse.data.image.ImageLoader;
import glimpse.data.image.RgbTransforms;
import glimpse.data.sampling.BatchOrder;

import java.util.Arrays;

/**
 * A {@link BatchSource} over image files at paper resolution, decoded and augmented by
 * {@link RgbTransforms} in an {@link ImageLoader}'s worker threads while the model trains: nothing is
 * decoded ahead of a few batches (CUB at 512 px would be ~9 GB decoded, SOP's 60k training images at
 * 224 px ~36 GB as floats). Two orders:
 * <ul>
 *   <li>{@linkplain #StreamedBatches(ImageFileList, RgbTransforms, ImageLoader.Config) shuffled epochs}
 *       (classification): step s is batch k = s mod E of epoch e = s div E (E = ⌊n / batch⌋ full batches;
 *       the incomplete last batch is dropped, as {@link BatchSource#shuffled} does), the images at
 *       positions k·b … (k+1)·b − 1 of {@link ImageLoader#shuffled}(n, seed, e);</li>
 *   <li>{@linkplain #StreamedBatches(ImageFileList, RgbTransforms, BatchOrder, int, long, int, int) any batch order}
 *       (retrieval's classes-per-batch sampling), read in chunks of {@code chunkSteps} steps.</li>
 * </ul>
 * Either way a batch is a pure function of (seed, step), whichever worker decodes it and whether the run
 * started at step 0 or resumed at step s: chunk c (an epoch, for the shuffled order) is one loader epoch
 * numbered c, whose crop and flip of image i come from (seed, c, i), and a step asked for out of turn
 * opens its chunk's loader at that step. One consequence, said rather than hidden: an image drawn twice
 * within one chunk gets the same augmentation both times (never, for shuffled epochs). Close it to stop
 * the workers.
 */
public final class StreamedBatches implements BatchSource, AutoCloseable {
    private final ImageFileList files;
    private final RgbTransforms transforms;
    private final BatchOrder order;
    private final ImageLoader.Config config;
    private final int chunkSteps;
    private ImageLoader loader;
    private int nextStep = -1, chunkEnd = -1, lastStep = -1;
    private ImageLoader.Batch last;

    /** Shuffled epochs; {@code config}: batch size, decoding threads, batches made ahead, the seed of order and augmentation. */
    public StreamedBatches(ImageFileList files, RgbTransforms transforms, ImageLoader.Config config) {
        this(files, transforms, epochs(files, config), config, fullBatches(files, config.batchSize()));
    }

    /**
     * Steps in {@code order} (which must give {@code batchSize} images a step).
     *
     * @param workers    decoding threads
     * @param chunkSteps steps per loader epoch (prefetch runs within a chunk)
     */
    public StreamedBatches(ImageFileList files, RgbTransforms transforms, BatchOrder order, int batchSize, long seed, int workers, int chunkSteps) {
        this(files, transforms, order, ImageLoader.Config.of(batchSize, workers, seed), chunkSteps);
    }

    private StreamedBatches(ImageFileList files, RgbTransforms transforms, BatchOrder order, ImageLoader.Config config, int chunkSteps) {
        if (chunkSteps < 1) throw new IllegalArgumentException("chunk steps must be positive: " + chunkSteps);
        this.files = files;
        this.transforms = transforms;
        this.order = order;
        this.config = config;
        this.chunkSteps = chunkSteps;
    }

    private static int fullBatches(ImageFileList files, int batchSize) {
        int perEpoch = files.size() / batchSize;
        if (perEpoch == 0)
            throw new IllegalArgumentException(files.name() + " has " + files.size() + " images, fewer than one batch of " + batchSize
                    + "; use a smaller batch");
        return perEpoch;
    }

    private static BatchOrder epochs(ImageFileList files, ImageLoader.Config config) {
        int perEpoch = fullBatches(files, config.batchSize()), b = config.batchSize(), n = files.size();
        long seed = config.seed();
        return step -> {
            int k = step % perEpoch;
            return Arrays.copyOfRange(ImageLoader.shuffled(n, seed, step / perEpoch), k * b, (k + 1) * b);
        };
    }

    /** Steps per loader chunk: for shuffled epochs, the full batches of one epoch. */
    public int stepsPerEpoch() { return chunkSteps; }

    /** The 0-based chunk (epoch) of {@code step}. */
    public int epochOf(int step) { return step / chunkSteps; }

    /** Positions in the file list of step {@code step}'s images, in batch order (what {@link #batch} decodes). */
    public int[] indices(int step) { return order.indices(step); }

    @Override
    public synchronized Batch batch(NDManager stepManager, int step) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, not " + step);
        ImageLoader.Batch b = step == lastStep ? last : next(step);
        return Batch.of(b.tensor(stepManager), b.labelsTensor(stepManager));
    }

    private ImageLoader.Batch next(int step) {
        if (loader == null || step != nextStep || step >= chunkEnd) open(step);
        last = loader.next();
        lastStep = step;
        nextStep = step + 1;
        return last;
    }

    /** A loader for chunk step / chunkSteps from {@code step} to the chunk's end. */
    private void open(int step) {
        close();
        int chunk = step / chunkSteps, b = config.batchSize();
        chunkEnd = (chunk + 1) * chunkSteps;
        int[] positions = new int[(chunkEnd - step) * b];
        for (int t = step; t < chunkEnd; t++) {
            int[] idx = order.indices(t);
            if (idx.length != b) throw new IllegalStateException("the batch order gave " + idx.length + " images for step " + t + ", not " + b);
            System.arraycopy(idx, 0, positions, (t - step) * b, b);
        }
        loader = new ImageLoader(files.files(), files.labels(), transforms, config, chunk, positions, null);
    }

    /** Stops the decoding threads (a later {@link #batch} starts new ones). */
    @Override
    public synchronized void close() {
        if (loader != null) loader.close();
        loader = null;
        nextStep = -1;
    }

    @Override public String toString() { return "StreamedBatches[" + files.name() + ", " + transforms.size() + " px, batch " + config.batchSize() + "]"; }
}
