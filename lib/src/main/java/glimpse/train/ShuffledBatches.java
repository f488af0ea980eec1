package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.ImageSet;

import java.util.SplittableRandom;

/** {@link BatchSource#shuffled}: per-epoch permutations from (seed, epoch), drop-last batches. */
final class ShuffledBatches implements BatchSource {
    private final ImageSet set;
    private final int batchSize;
    private final int stepsPerEpoch;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] permutation;

    ShuffledBatches(ImageSet set, int batchSize, long seed) {
        if (set.size() < batchSize)
            throw new IllegalArgumentException(set.name() + " has " + set.size() + " images, fewer than one batch of " + batchSize);
        this.set = set;
        this.batchSize = batchSize;
        this.stepsPerEpoch = set.size() / batchSize;
        this.seed = seed;
    }

    @Override
    public Batch batch(NDManager stepManager, int step) {
        int[] idx = indices(step);
        return Batch.of(set.toTensor(stepManager, idx), set.labelsTensor(stepManager, idx));
    }

    /** The image indices of {@code step}'s batch. */
    int[] indices(int step) {
        int epoch = step / stepsPerEpoch;
        if (epoch != cachedEpoch) {
            permutation = permutation(set.size(), new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
            cachedEpoch = epoch;
        }
        int from = (step % stepsPerEpoch) * batchSize;
        int[] idx = new int[batchSize];
        System.arraycopy(permutation, from, idx, 0, batchSize);
        return idx;
    }

    /** Fisher–Yates. */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
