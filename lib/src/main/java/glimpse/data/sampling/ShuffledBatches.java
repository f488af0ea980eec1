package glimpse.data.sampling;

import glimpse.data.ImageSet;

/**
 * Shuffled mini-batches: epoch e visits the images in the permutation of stream
 * {@link Seeds#epoch}(seed, e); the incomplete last batch of an epoch is dropped, so every step has
 * {@code batchSize} images. The entry point for training is {@code glimpse.train.BatchSource.shuffled}.
 */
public final class ShuffledBatches implements BatchOrder {
    private final int size;
    private final int batchSize;
    private final int stepsPerEpoch;
    private final long seed;
    // consecutive steps share an epoch: keep its permutation rather than redraw it per step
    private int cachedEpoch = -1;
    private int[] permutation;

    public ShuffledBatches(ImageSet set, int batchSize, long seed) {
        if (set.size() < batchSize)
            throw new IllegalArgumentException(set.name() + " has " + set.size() + " images, fewer than one batch of " + batchSize);
        this.size = set.size();
        this.batchSize = batchSize;
        this.stepsPerEpoch = size / batchSize;
        this.seed = seed;
    }

    /** Synchronized because of the cached permutation: a prefetching caller may ask from another thread. */
    @Override
    public synchronized int[] indices(int step) {
        int epoch = step / stepsPerEpoch;
        if (epoch != cachedEpoch) {
            permutation = Draws.permutation(size, Seeds.epoch(seed, epoch));
            cachedEpoch = epoch;
        }
        int from = (step % stepsPerEpoch) * batchSize;
        int[] idx = new int[batchSize];
        System.arraycopy(permutation, from, idx, 0, batchSize);
        return idx;
    }
}
