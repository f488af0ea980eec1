package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageFileList;
import glimpse.data.image.ImageLoader;
import glimpse.data.image.RgbTransforms;

import java.util.Arrays;

/**
 * Shuffled mini-batches decoded from image files while the model trains (a {@link BatchSource} over
 * {@link ImageLoader}): for data sets too large to hold decoded, e.g. CUB-200-2011 at 512 px, ~9 GB.
 * Step s is batch k = s mod E of epoch e = s div E (E = ⌊n / batch⌋ full batches per epoch; the
 * incomplete last batch is dropped, as {@link BatchSource#shuffled} does): the images at positions
 * k·b … (k+1)·b − 1 of epoch e's permutation {@link ImageLoader#shuffled}(n, seed, e), each augmented
 * with its own (seed, epoch, image) stream. A batch is therefore a function of (seed, step) alone,
 * whichever worker decodes it and whether the run started at step 0 or resumed at step s: a step out
 * of sequence opens a loader at that step's batch of its epoch. Workers run ahead of the caller by
 * at most {@code prefetch} batches. Close it to stop them.
 */
public final class StreamedBatches implements BatchSource, AutoCloseable {
    private final ImageFileList files;
    private final RgbTransforms transforms;
    private final ImageLoader.Config config;
    private final int perEpoch;
    private ImageLoader loader;
    private int nextStep = -1, lastStep = -1;
    private ImageLoader.Batch last;

    /**
     * @param config batch size, decoding threads, batches made ahead, and the seed of the order and the augmentation
     */
    public StreamedBatches(ImageFileList files, RgbTransforms transforms, ImageLoader.Config config) {
        this.files = files;
        this.transforms = transforms;
        this.config = config;
        this.perEpoch = files.size() / config.batchSize();
        if (perEpoch == 0)
            throw new IllegalArgumentException(files.name() + " has " + files.size() + " images, fewer than one batch of " + config.batchSize()
                    + "; use a smaller batch");
    }

    /** Full batches per epoch. */
    public int stepsPerEpoch() { return perEpoch; }

    /** The 0-based epoch of {@code step}. */
    public int epochOf(int step) { return step / perEpoch; }

    /** Positions in the file list of step {@code step}'s images, in batch order (what {@link #batch} decodes). */
    public int[] indices(int step) {
        int e = epochOf(step), k = step % perEpoch, b = config.batchSize();
        return Arrays.copyOfRange(ImageLoader.shuffled(files.size(), config.seed(), e), k * b, (k + 1) * b);
    }

    @Override
    public Batch batch(NDManager stepManager, int step) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, not " + step);
        ImageLoader.Batch b = step == lastStep ? last : next(step);
        return Batch.of(b.tensor(stepManager), b.labelsTensor(stepManager));
    }

    private ImageLoader.Batch next(int step) {
        if (loader == null || step != nextStep || !loader.hasNext()) open(step);
        last = loader.next();
        lastStep = step;
        nextStep = step + 1;
        return last;
    }

    /** A loader over the rest of {@code step}'s epoch, starting at its batch. */
    private void open(int step) {
        close();
        int e = epochOf(step), k = step % perEpoch, b = config.batchSize();
        int[] rest = Arrays.copyOfRange(ImageLoader.shuffled(files.size(), config.seed(), e), k * b, perEpoch * b);
        loader = new ImageLoader(files.files(), files.labels(), transforms, config, e, rest, null);
    }

    /** Stops the decoding threads (a later {@link #batch} starts new ones). */
    @Override
    public void close() {
        if (loader != null) loader.close();
        loader = null;
        nextStep = -1;
    }
}
