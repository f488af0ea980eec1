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
 * <p>Which class is the head and which the tail is a choice: by default the dataset's label order
 * (class 0 head), or a {@link ClassOrder} (e.g. reversed, or sorted by difficulty) that says which
 * class takes the r-th count of the profile.
 *
 * @param imbalance   ρ = n_max / n_min ≥ 1
 * @param maxPerClass n_max, the head class's count (at most the smallest class of the source set)
 * @param seed        which images each class keeps
 * @param order       which class takes which count, or null for the label order (class i takes n_i)
 */
public record LongTail(double imbalance, int maxPerClass, long seed, ClassOrder order) {
    public LongTail {
        if (!(imbalance >= 1)) throw new IllegalArgumentException("imbalance ratio ρ must be >= 1, not " + imbalance);
        if (maxPerClass <= 0) throw new IllegalArgumentException("maxPerClass must be positive, not " + maxPerClass);
    }

    /** The profile in the dataset's label order: class i keeps n_i. */
    public LongTail(double imbalance, int maxPerClass, long seed) { this(imbalance, maxPerClass, seed, null); }

    /**
     * A named assignment of the profile's counts to classes: {@code headToTail[r]} is the class that
     * keeps n_r (r = 0 the head). A permutation of 0 … C−1.
     *
     * @param name shown in results ("reversed", "hardest as tail")
     */
    public record ClassOrder(String name, int[] headToTail) {
        public ClassOrder {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a class order needs a name");
            headToTail = headToTail.clone();
            boolean[] seen = new boolean[headToTail.length];
            for (int c : headToTail) {
                if (c < 0 || c >= seen.length || seen[c])
                    throw new IllegalArgumentException("class order '" + name + "' must be a permutation of 0.." + (seen.length - 1) + ", got "
                            + Arrays.toString(headToTail));
                seen[c] = true;
            }
        }

        /** The label order reversed: class C−1 is the head, class 0 the tail. */
        public static ClassOrder reversed(int classes) {
            int[] o = new int[classes];
            for (int r = 0; r < classes; r++) o[r] = classes - 1 - r;
            return new ClassOrder("reversed", o);
        }

        /**
         * Classes sorted by a score, highest score the head (ties by class index): with per-class
         * accuracies of a balanced run, the hardest classes become the tail.
         */
        public static ClassOrder byScoreDescending(String name, double[] score) {
            int[] o = java.util.stream.IntStream.range(0, score.length).boxed()
                    .sorted((a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b))
                    .mapToInt(Integer::intValue).toArray();
            return new ClassOrder(name, o);
        }

        /** rank[c]: which count of the profile class c takes. */
        int[] rankOfClass() {
            int[] rank = new int[headToTail.length];
            for (int r = 0; r < rank.length; r++) rank[headToTail[r]] = r;
            return rank;
        }

        @Override public boolean equals(Object o) {
            return o instanceof ClassOrder other && name.equals(other.name) && Arrays.equals(headToTail, other.headToTail);
        }
        @Override public int hashCode() { return 31 * name.hashCode() + Arrays.hashCode(headToTail); }
        @Override public int[] headToTail() { return headToTail.clone(); }
        @Override public String toString() { return name + " " + Arrays.toString(headToTail); }
    }

    /** The same profile with another ρ (the class order is kept). */
    public LongTail withImbalance(double rho) { return new LongTail(rho, maxPerClass, seed, order); }

    /** The same profile with the counts assigned to classes by {@code o} (null: label order). */
    public LongTail withOrder(ClassOrder o) { return new LongTail(imbalance, maxPerClass, seed, o); }

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

    /** Per class, in label order, the images it keeps (the profile assigned by {@link #order}). */
    public int[] counts(int classes) {
        int[] profile = counts(maxPerClass, classes, imbalance);
        if (order == null) return profile;
        if (order.headToTail.length != classes)
            throw new IllegalArgumentException("class order '" + order.name() + "' has " + order.headToTail.length + " classes, the set has " + classes);
        int[] rank = order.rankOfClass(), out = new int[classes];
        for (int c = 0; c < classes; c++) out[c] = profile[rank[c]];
        return out;
    }

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

    /** The long-tailed subset, named e.g. {@code fashion-mnist/train-LT100} (or {@code …-LT100-reversed}). */
    public ImageSet apply(ImageSet set) {
        return set.subset(set.name() + "-LT" + formatRatio(imbalance) + (order == null ? "" : "-" + order.name().replace(' ', '-')), indices(set));
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
