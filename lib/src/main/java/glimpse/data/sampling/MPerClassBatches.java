package glimpse.data.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches of {@code batchSize / m} classes with {@code m} images each, the usual sampler of deep
 * metric learning (every image meets at least m − 1 positives in its batch; El-Nouby et al., arXiv
 * 2102.05644, do not state theirs). Step s draws, from stream {@link Seeds#random}(seed, stream, s),
 * its classes uniformly without replacement, then m distinct images of each class uniformly: a pure
 * function of (seed, step), so runs repeat and resume exactly. Batch order: class by class.
 */
public final class MPerClassBatches implements BatchOrder {
    /** This sampler's first stream coordinate (see {@link Seeds#random}). */
    static final long STREAM = 0x4D50434C41535331L;   // "MPCLASS1"
    private final int[][] imagesOfClass;   // only the classes with at least m images
    private final int[] classIds;
    private final int batchSize, m;
    private final long seed;

    /**
     * @param labels every image's class (e.g. {@code ImageSet.labels()})
     * @throws IllegalArgumentException when m does not divide the batch, a class has fewer than m
     *         images, or there are fewer than batchSize / m classes
     */
    public MPerClassBatches(int[] labels, int batchSize, int m, long seed) {
        if (m <= 0 || batchSize <= 0 || batchSize % m != 0)
            throw new IllegalArgumentException("batch size " + batchSize + " must be a positive multiple of m = " + m);
        int classes = 0;
        for (int y : labels) classes = Math.max(classes, y + 1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        List<Integer> ids = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int n = byClass.get(c).size();
            if (n == 0) continue;
            if (n < m) throw new IllegalArgumentException("class " + c + " has " + n + " image(s), fewer than m = " + m
                    + "; lower m, or drop classes with fewer than m images from the training set first");
            ids.add(c);
        }
        if (ids.size() < batchSize / m)
            throw new IllegalArgumentException("a batch of " + batchSize + " with m = " + m + " needs " + batchSize / m
                    + " classes, the set has " + ids.size() + "; lower the batch size or raise m");
        this.classIds = ids.stream().mapToInt(Integer::intValue).toArray();
        this.imagesOfClass = new int[classIds.length][];
        for (int k = 0; k < classIds.length; k++) imagesOfClass[k] = byClass.get(classIds[k]).stream().mapToInt(Integer::intValue).toArray();
        this.batchSize = batchSize;
        this.m = m;
        this.seed = seed;
    }

    public int batchSize() { return batchSize; }
    public int perClass() { return m; }

    @Override
    public int[] indices(int step) {
        SplittableRandom rng = Seeds.random(seed, STREAM, step);
        int[] chosen = Draws.sample(classIds.length, batchSize / m, rng);
        int[] out = new int[batchSize];
        for (int k = 0; k < chosen.length; k++) {
            int[] picks = Draws.sample(imagesOfClass[chosen[k]], m, rng);
            System.arraycopy(picks, 0, out, k * m, m);
        }
        return out;
    }
}
