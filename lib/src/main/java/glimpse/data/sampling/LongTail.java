package glimpse.data.sampling;

import glimpse.data.ImageSet;

import java.util.Arrays;

/**
 * A long-tailed version of a balanced training set: the exponential profile of the CIFAR-LT
 * benchmarks (Cao et al. 2019; BatchFormer §4), where class i keeps
 * <pre>  n_i = ⌊n_max · (1/ρ)^{i/(C−1)}⌋   (i = 0 … C−1)</pre>
 * images, so class 0 is the head (n_max images) and class C−1 the tail (n_max/ρ). Which images a
 * class keeps is a seeded random choice, as in the benchmarks' "random subset with a fixed seed"
 * (one stream per class, {@link Seeds#longTailClass}, so a class's choice does not depend on the
 * others); the test set is left balanced.
 *
 * <pre>{@code
 * ImageSet train = Datasets.load("fashion-mnist").split("train");
 * ImageSet lt = new LongTail(100, 500, 0).apply(train);   // 500 … 5 images per class
 * }</pre>
 *
 * @param imbalance   ρ = n_max / n_min ≥ 1
 * @param maxPerClass n_max, the head class's count (at most the smallest class of the source set)
 * @param seed        which images each class keeps
 */
public record LongTail(double imbalance, int maxPerClass, long seed) {
    public LongTail {
        if (!(imbalance >= 1)) throw new IllegalArgumentException("imbalance ratio ρ must be >= 1, not " + imbalance);
        if (maxPerClass <= 0) throw new IllegalArgumentException("maxPerClass must be positive, not " + maxPerClass);
    }

    /**
     * The profile for {@code classes} classes. Computed as the official CIFAR-LT code does,
     * {@code int(n_max * (1/ρ) ** (i / (C − 1.0)))}, so the counts match the published totals.
     */
    public static int[] counts(int maxPerClass, int classes, double imbalance) {
        if (classes <= 0) throw new IllegalArgumentException("classes must be positive, not " + classes);
        int[] n = new int[classes];
        for (int i = 0; i < classes; i++) {
            double exponent = classes == 1 ? 0 : i / (classes - 1.0);
            n[i] = (int) Math.floor(maxPerClass * Math.pow(1.0 / imbalance, exponent));
        }
        return n;
    }

    public int[] counts(int classes) { return counts(maxPerClass, classes, imbalance); }

    /** The kept indices into {@code set}, ascending. Same seed, same indices. */
    public int[] indices(ImageSet set) {
        int[] want = counts(set.classCount());
        int[] have = set.countsPerClass();
        int total = 0;
        for (int c = 0; c < want.length; c++) {
            if (have[c] < want[c])
                throw new IllegalArgumentException(set.name() + ": class " + c + " (" + set.classNames().get(c) + ") has "
                        + have[c] + " images, the profile asks for " + want[c] + "; lower maxPerClass to at most " + Arrays.stream(have).min().orElse(0));
            total += want[c];
        }
        int[] out = new int[total];
        int k = 0;
        for (int c = 0; c < want.length; c++) {
            int[] chosen = Draws.sample(set.indicesOfClass(c), want[c], Seeds.longTailClass(seed, c));
            System.arraycopy(chosen, 0, out, k, chosen.length);
            k += chosen.length;
        }
        Arrays.sort(out);
        return out;
    }

    /** The long-tailed subset, named e.g. {@code fashion-mnist/train-LT100}. */
    public ImageSet apply(ImageSet set) {
        return set.subset(set.name() + "-LT" + formatRatio(imbalance), indices(set));
    }

    /**
     * {@code perClass} images of every class (seeded), e.g. a smaller balanced test set for quick
     * runs. Every class must have that many.
     */
    public static ImageSet balanced(ImageSet set, int perClass, long seed) {
        int[] have = set.countsPerClass();
        int[] out = new int[perClass * set.classCount()];
        for (int c = 0; c < set.classCount(); c++) {
            if (have[c] < perClass)
                throw new IllegalArgumentException(set.name() + ": class " + c + " has " + have[c] + " images, fewer than " + perClass);
            int[] chosen = Draws.sample(set.indicesOfClass(c), perClass, Seeds.longTailClass(seed, c));
            System.arraycopy(chosen, 0, out, c * perClass, perClass);
        }
        Arrays.sort(out);
        return set.subset(set.name() + "-" + perClass + "pc", out);
    }

    private static String formatRatio(double r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}
