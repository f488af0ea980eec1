package glimpse.data.sampling;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The random draws the samplers make, on any generator ({@link java.util.Random} or
 * {@link java.util.SplittableRandom}, as {@link Seeds} gives them). Each draw consumes the
 * generator in a fixed order, part of what makes a seeded choice repeatable.
 */
public final class Draws {
    private Draws() {}

    /** A uniform permutation of 0..n-1 (Fisher–Yates from the last position down). */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p, rng);
        return p;
    }

    /** Shuffles {@code a} in place: Fisher–Yates from the last position down. */
    public static void shuffle(int[] a, RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }

    /** Shuffles {@code list} in place, the same draws as {@link java.util.Collections#shuffle(List, java.util.Random)}. */
    public static <T> void shuffle(List<T> list, RandomGenerator rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }

    /**
     * {@code k} distinct entries of {@code pool}, uniformly, in draw order: the first k positions of a
     * Fisher–Yates shuffle run from the front (only k draws). {@code pool} is not changed.
     */
    public static int[] sample(int[] pool, int k, RandomGenerator rng) {
        if (k < 0 || k > pool.length) throw new IllegalArgumentException("cannot draw " + k + " of " + pool.length);
        int[] a = pool.clone();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
        return Arrays.copyOf(a, k);
    }

    /** {@code k} distinct values of 0..n-1 in draw order. */
    public static int[] sample(int n, int k, RandomGenerator rng) {
        return sample(identity(n), k, rng);
    }

    /**
     * {@code k} distinct values of 0..n-1 by rejection (redraw a value already drawn), in draw order.
     * Not the same numbers as {@link #sample(int, int, RandomGenerator)}: kept because the
     * classifier's test subsets were drawn this way. Slow when k is close to n.
     */
    public static int[] distinctByRejection(int n, int k, RandomGenerator rng) {
        return rng.ints(0, n).distinct().limit(k).toArray();
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
