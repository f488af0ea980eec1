package glimpse.data.sampling;

import glimpse.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Meta-Dataset's episode rules (arXiv 1903.03096 §3.2) on hand-worked cases, then the sampler's
 * episodes checked against the rules recomputed here from each episode's classes.
 */
class VariableEpisodesTest {
    private static final VariableEpisodes PAPER = VariableEpisodes.PAPER;

    @Test
    void thePapersBounds() {
        assertEquals(new VariableEpisodes(5, 50, 10, 500, 100), PAPER, "§3.2: 5..50 ways, <= 10 queries, <= 500 supports, <= 100 per class in the budget");
    }

    @Test
    void queriesPerClassIsTenOrHalfTheSmallestClass() {
        assertEquals(10, PAPER.queriesPerClass(new int[] {1300, 40, 20}), "min(10, ⌊20/2⌋ = 10)");
        assertEquals(3, PAPER.queriesPerClass(new int[] {20, 7, 100}), "min(10, ⌊7/2⌋ = 3)");
        assertEquals(1, PAPER.queriesPerClass(new int[] {3, 1300}), "⌊3/2⌋ = 1");
        assertThrows(IllegalArgumentException.class, () -> PAPER.queriesPerClass(new int[] {1, 50}), "a 1-image class has no query to spare");
    }

    @Test
    void supportBudgetFollowsTheFormula() {
        // sizes 20, 7, 100 with q = 3, β = 0.5: ⌈0.5·17⌉ + ⌈0.5·4⌉ + ⌈0.5·97⌉ = 9 + 2 + 49
        assertEquals(60, PAPER.supportBudget(new int[] {20, 7, 100}, 3, 0.5));
        // β = 1: each class contributes min(100, |Im(c)| − q) = 100, 10 classes → 1000, capped at 500
        int[] ten = new int[10];
        Arrays.fill(ten, 1300);
        assertEquals(500, PAPER.supportBudget(ten, 10, 1.0));
        // a small β still gives every class one slot: ⌈0.001·x⌉ = 1
        assertEquals(10, PAPER.supportBudget(ten, 10, 0.001));
        assertThrows(IllegalArgumentException.class, () -> PAPER.supportBudget(ten, 10, 0.0), "β lies in (0, 1]");
    }

    @Test
    void shotsShareTheBudgetByClassSizeAndNoise() {
        // R = (0.25, 0.75), |S| − N = 40: ⌊10⌋ + 1, ⌊30⌋ + 1
        assertArrayEquals(new int[] {11, 31}, VariableEpisodes.shots(new int[] {100, 300}, 10, 42, new double[] {0, 0}));
        // α = (log 2, 0): weights 200 and 300, R = (0.4, 0.6): ⌊16⌋ + 1, ⌊24⌋ + 1
        assertArrayEquals(new int[] {17, 25}, VariableEpisodes.shots(new int[] {100, 300}, 10, 42, new double[] {Math.log(2), 0}));
        // capped at |Im(c)| − q: ⌊0.5·98⌋ + 1 = 50 > 30 − 10
        assertArrayEquals(new int[] {20, 20}, VariableEpisodes.shots(new int[] {30, 30}, 10, 100, new double[] {0, 0}));
        // the budget equal to the ways: one shot each
        assertArrayEquals(new int[] {1, 1, 1}, VariableEpisodes.shots(new int[] {50, 900, 20}, 10, 3, new double[] {0.3, -0.2, 0.1}));
    }

    @Test
    void waysAreUniformBetweenFiveAndFiftyCappedByTheClasses() {
        Random rng = new Random(7);
        int[] seen = new int[51];
        for (int i = 0; i < 20_000; i++) seen[PAPER.ways(712, rng)]++;
        for (int w = 0; w < 5; w++) assertEquals(0, seen[w], "no episode under 5 ways");
        for (int w = 5; w <= 50; w++) assertTrue(seen[w] > 20_000 / 46 / 2, "every way in 5..50 is drawn about equally often: " + w + " → " + seen[w]);
        for (int i = 0; i < 200; i++) {
            int w = PAPER.ways(7, rng);
            assertTrue(w >= 5 && w <= 7, "7 classes: 5..7 ways, got " + w);
        }
        assertThrows(IllegalArgumentException.class, () -> PAPER.ways(4, rng));
    }

    /** 60 classes of 6..240 images (labels in blocks), so the query rule and the caps bind in some episodes. */
    static ImageSet varied() {
        List<Integer> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            int n = 6 + 4 * c;
            for (int i = 0; i < n; i++) labels.add(c);
            names.add("c" + c);
        }
        int[] ys = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageSet("varied", 1, 1, 1, new byte[ys.length], ys, names, names);
    }

    @Test
    void everySampledEpisodeFollowsTheRules() {
        ImageSet set = varied();
        int[] sizes = set.countsPerClass();
        VariableEpisodeSampler sampler = new VariableEpisodeSampler(set, PAPER);
        Set<Integer> waysSeen = new HashSet<>();
        boolean unequalShots = false;
        for (int i = 0; i < 400; i++) {
            Episode e = sampler.episode(3, i);
            int n = e.ways();
            waysSeen.add(n);
            assertTrue(n >= 5 && n <= 50, "ways " + n);
            assertEquals(n, Arrays.stream(e.classes()).distinct().count(), "distinct classes");
            int smallest = Arrays.stream(e.classes()).map(c -> sizes[c]).min().orElseThrow();
            int q = Math.min(10, smallest / 2);
            assertEquals(q, e.queriesPerClass(), "q = min(10, ⌊min |Im(c)| / 2⌋) for " + e);
            int supports = e.support().length;
            assertTrue(supports >= n && supports <= 500, "|S| in [N, 500]: " + supports);
            // Σ k_c ≤ |S| ≤ Σ min(100, |Im(c)| − q) (β ≤ 1)
            int most = Arrays.stream(e.classes()).map(c -> Math.min(100, sizes[c] - q)).sum();
            assertTrue(supports <= most, supports + " supports > the β = 1 budget " + most);
            Set<Integer> used = new HashSet<>();
            for (int j = 0; j < e.support().length; j++) {
                assertEquals(e.classes()[e.supportLabels()[j]], set.label(e.support()[j]), "support of its class");
                assertTrue(used.add(e.support()[j]), "no image twice");
            }
            for (int j = 0; j < e.query().length; j++) {
                assertEquals(e.classes()[e.queryLabels()[j]], set.label(e.query()[j]), "query of its class");
                assertTrue(used.add(e.query()[j]), "no image twice, nor both support and query");
            }
            for (int c = 0; c < n; c++) {
                int k = e.shotsOf(c);
                assertTrue(k >= 1 && k <= sizes[e.classes()[c]] - q, "1 <= k_c <= |Im(c)| − q: " + k);
            }
            unequalShots |= !e.sameShots();
        }
        assertTrue(unequalShots, "classes get different shots");
        assertTrue(waysSeen.size() > 30, "ways vary: " + waysSeen.size() + " distinct values in 400 episodes");
    }

    @Test
    void theStreamIsSeeded() {
        ImageSet set = varied();
        VariableEpisodeSampler a = new VariableEpisodeSampler(set, PAPER), b = new VariableEpisodeSampler(set, PAPER);
        assertEquals(a.episodes(11, 20), b.episodes(11, 20), "same seed, same episodes, whichever sampler");
        assertEquals(a.episode(11, 13), a.episodes(11, 20).get(13), "episode i depends only on (seed, i)");
        assertNotEquals(a.episodes(11, 20), a.episodes(12, 20), "another seed, other episodes");
    }

    @Test
    void testEpisodesAreSavedAndReadBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache) {
        System.setProperty("glimpse.cache", cache.toString());
        try {
            ImageSet set = varied();
            List<Episode> first = VariableEpisodeSampler.testEpisodes("varied", "novel", set, PAPER, 1, 5);
            assertTrue(java.nio.file.Files.isRegularFile(VariableEpisodeSampler.testEpisodesFile("varied", "novel", PAPER, 1)));
            assertEquals(first, VariableEpisodeSampler.testEpisodes("varied", "novel", set, PAPER, 1, 5), "read back from the file");
            assertEquals(new VariableEpisodeSampler(set, PAPER).episodes(1, 5), first);
        } finally {
            System.clearProperty("glimpse.cache");
        }
    }

    @Test
    void aSplitTooSmallIsRefusedClearly() {
        ImageSet four = new ImageSet("four", 1, 1, 1, new byte[8], new int[] {0, 0, 1, 1, 2, 2, 3, 3}, List.of("a", "b", "c", "d"), List.of("a", "b", "c", "d"));
        var e = assertThrows(IllegalArgumentException.class, () -> new VariableEpisodeSampler(four, PAPER));
        assertTrue(e.getMessage().contains("4 classes") && e.getMessage().contains("5 ways"), e.getMessage());
        ImageSet lonely = new ImageSet("lonely", 1, 1, 1, new byte[9], new int[] {0, 0, 1, 1, 2, 2, 3, 3, 4}, List.of("a", "b", "c", "d", "e"),
                List.of("a", "b", "c", "d", "e"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> new VariableEpisodeSampler(lonely, PAPER));
        assertTrue(e2.getMessage().contains("'e'") && e2.getMessage().contains("at least 2"), e2.getMessage());
    }
}
