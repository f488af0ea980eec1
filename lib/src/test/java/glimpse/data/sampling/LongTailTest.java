package glimpse.data.sampling;

import glimpse.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class LongTailTest {

    /** {@code perClass} tiny 1×2×2 images of each class; pixel 0 holds the image's own index mod 256. */
    static ImageSet balancedSet(int classes, int perClass) {
        int n = classes * perClass;
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) { labels[i] = (i * 7) % classes; px[i * 4] = (byte) i; }
        List<String> names = IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
        return new ImageSet("toy", 1, 2, 2, px, labels, names, names);
    }

    @Test
    void countsFollowTheExponentialProfileWorkedByHand() {
        // 500 · 0.01^(i/9): 500, 299.7, 179.7, 107.7, 64.6, 38.7, 23.2, 13.9, 8.3, 5 → floors
        assertArrayEquals(new int[] {500, 299, 179, 107, 64, 38, 23, 13, 8, 5}, LongTail.counts(500, 10, 100));
        // CIFAR-10-LT ρ=100 as published with the LDAM/BatchFormer code
        assertArrayEquals(new int[] {5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50}, LongTail.counts(5000, 10, 100));
        assertArrayEquals(new int[] {7, 7, 7}, LongTail.counts(7, 3, 1));
        assertArrayEquals(new int[] {100}, LongTail.counts(100, 1, 10));
    }

    @Test
    void totalsMatchThePublishedCifarLtSizes() {
        assertEquals(12406, sum(LongTail.counts(5000, 10, 100)));
        assertEquals(13996, sum(LongTail.counts(5000, 10, 50)));
        assertEquals(20431, sum(LongTail.counts(5000, 10, 10)));
        assertEquals(10847, sum(LongTail.counts(500, 100, 100)));
        assertEquals(12608, sum(LongTail.counts(500, 100, 50)));
        assertEquals(19573, sum(LongTail.counts(500, 100, 10)));
    }

    @Test
    void countsAgreeWithAnIndependentLogSpaceComputationAwayFromIntegerBoundaries() {
        for (double rho : new double[] {10, 50, 100, 200}) {
            int[] n = LongTail.counts(1000, 17, rho);
            for (int i = 0; i < 17; i++) {
                double exact = 1000 * Math.exp(-Math.log(rho) * i / 16.0);
                if (Math.abs(exact - Math.rint(exact)) < 1e-9) continue;   // a boundary: both roundings defensible
                assertEquals((int) exact, n[i], "rho " + rho + " class " + i);
            }
        }
    }

    static int sum(int[] a) { return Arrays.stream(a).sum(); }

    @Test
    void theSubsetHasTheProfileDistinctImagesOfTheRightClassAndIsSeeded() {
        ImageSet set = balancedSet(5, 40);
        LongTail lt = new LongTail(8, 40, 3);
        int[] idx = lt.indices(set);
        assertArrayEquals(LongTail.counts(40, 5, 8), lt.apply(set).countsPerClass());
        assertEquals(idx.length, new HashSet<>(Arrays.stream(idx).boxed().toList()).size(), "no image twice");
        ImageSet sub = lt.apply(set);
        for (int k = 0; k < idx.length; k++) {
            assertEquals(set.label(idx[k]), sub.label(k));
            assertEquals(set.pixel(idx[k], 0, 0, 0), sub.pixel(k, 0, 0, 0), "the subset carries the chosen image's pixels");
        }
        assertEquals("toy-LT8", sub.name());
        assertArrayEquals(idx, new LongTail(8, 40, 3).indices(set), "same seed, same images");
        assertFalse(Arrays.equals(idx, new LongTail(8, 40, 4).indices(set)), "another seed, other images");
        // a tail class keeps a random subset, not simply its first images
        int[] tail = Arrays.stream(idx).filter(i -> set.label(i) == 4).toArray();
        assertFalse(Arrays.equals(tail, Arrays.copyOf(set.indicesOfClass(4), tail.length)));
    }

    @Test
    void aClassOrderAssignsTheProfileCountsToTheNamedClasses() {
        ImageSet set = balancedSet(4, 40);
        // by hand: 40·(1/10)^(i/3) = 40, 18.57, 8.62, 4 → floors
        assertArrayEquals(new int[] {40, 18, 8, 4}, LongTail.counts(40, 4, 10));
        LongTail reversed = new LongTail(10, 40, 3).withOrder(LongTail.ClassOrder.reversed(4));
        assertArrayEquals(new int[] {4, 8, 18, 40}, reversed.apply(set).countsPerClass(), "class 3 is the head, class 0 the tail");
        assertEquals("toy-LT10-reversed", reversed.apply(set).name());
        // class 2 head, then 0, 3, and class 1 the tail
        LongTail custom = new LongTail(10, 40, 3, new LongTail.ClassOrder("custom", new int[] {2, 0, 3, 1}));
        assertArrayEquals(new int[] {18, 4, 40, 8}, custom.counts(4));
        assertArrayEquals(new int[] {18, 4, 40, 8}, custom.apply(set).countsPerClass());
        // ρ changes keep the order: 40·(1/4)^(i/3) = 40, 25.2, 15.9, 10
        assertEquals(reversed.order(), reversed.withImbalance(4).order());
        assertArrayEquals(new int[] {10, 15, 25, 40}, reversed.withImbalance(4).counts(4));
        // a class draws from its own seeded stream: the middle class of three keeps the same count, so the same images
        ImageSet three = balancedSet(3, 40);
        int[] natural = Arrays.stream(new LongTail(4, 40, 3).indices(three)).filter(i -> three.label(i) == 1).toArray();
        int[] flipped = Arrays.stream(new LongTail(4, 40, 3).withOrder(LongTail.ClassOrder.reversed(3)).indices(three))
                .filter(i -> three.label(i) == 1).toArray();
        assertEquals(20, natural.length);
        assertArrayEquals(natural, flipped);
    }

    @Test
    void classesSortedByScorePutTheLowestScoresInTheTail() {
        // accuracies of 5 classes: class 3 hardest, class 1 easiest; ties (0 and 4) by class index
        LongTail.ClassOrder o = LongTail.ClassOrder.byScoreDescending("hardest as tail", new double[] {0.7, 0.95, 0.8, 0.4, 0.7});
        assertArrayEquals(new int[] {1, 2, 0, 4, 3}, o.headToTail());
        assertThrows(IllegalArgumentException.class, () -> new LongTail.ClassOrder("bad", new int[] {0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new LongTail.ClassOrder("bad", new int[] {0, 3}));
        var e = assertThrows(IllegalArgumentException.class, () -> new LongTail(8, 40, 0).withOrder(o).counts(4));
        assertTrue(e.getMessage().contains("has 5 classes, the set has 4"), e.getMessage());
        assertEquals(new LongTail(8, 40, 0).withOrder(o), new LongTail(8, 40, 0).withOrder(LongTail.ClassOrder.byScoreDescending("hardest as tail",
                new double[] {0.7, 0.95, 0.8, 0.4, 0.7})), "equal orders, equal profiles (cache keys)");
    }

    @Test
    void aProfileLargerThanAClassIsRefusedWithTheFix() {
        ImageSet set = balancedSet(3, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> new LongTail(10, 11, 0).apply(set));
        assertTrue(e.getMessage().contains("lower maxPerClass to at most 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LongTail(0.5, 10, 0));
    }

    @Test
    void balancedSubsetTakesTheSameNumberFromEveryClassSeeded() {
        ImageSet set = balancedSet(4, 30);
        ImageSet b = LongTail.balanced(set, 7, 1);
        assertArrayEquals(new int[] {7, 7, 7, 7}, b.countsPerClass());
        Set<Integer> first = pixels(b), again = pixels(LongTail.balanced(set, 7, 1)), other = pixels(LongTail.balanced(set, 7, 2));
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    static Set<Integer> pixels(ImageSet s) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < s.size(); i++) out.add(s.pixel(i, 0, 0, 0));
        return out;
    }
}
