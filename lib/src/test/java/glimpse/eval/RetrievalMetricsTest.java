package glimpse.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** Recall@K and MAP@R on hand-worked cases and against a brute-force sort. */
class RetrievalMetricsTest {

    @Test
    void recallOnAHandMadeSelfGallery() {
        float[][] z = {{1, 0}, {0.6f, 0.8f}, {0, 1}, {-1, 0}};
        int[] y = {0, 1, 0, 1};
        // by hand (query excluded): q0 ranks 1 (0.6) before its positive 2 (0); q1: 2 (0.8), 0 (0.6) before 3 (−0.6);
        // q2: 1 (0.8), then 0 and 3 tie at 0 and the positive 0 is listed first; q3: 2 (0) before 1 (−0.6)
        RecallAtK r = RecallAtK.selfGallery(z, y);
        assertArrayEquals(new int[] {1, 2, 1, 1}, r.firstHitRank());
        assertEquals(0, r.at(1));
        assertEquals(0.75, r.at(2));
        assertEquals(1, r.at(3));
        assertEquals(1, r.at(1000), "K larger than the gallery");
        assertArrayEquals(new double[] {1, 0, 1, 1}, r.hits(2));
        assertEquals(r.at(2), r.ci(2).mean(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> r.at(0));
    }

    @Test
    void tiesGoToTheGalleryItemListedFirst() {
        float[][] q = {{0, 1}};
        float[][] g = {{1, 0}, {-1, 0}};     // both at cosine 0 from the query
        assertEquals(1, RecallAtK.queryGallery(q, new int[] {7}, g, new int[] {3, 7}).firstHitRank()[0]);
        assertEquals(0, RecallAtK.queryGallery(q, new int[] {7}, g, new int[] {7, 3}).firstHitRank()[0]);
    }

    @Test
    void mapAtROnAHandMadeQueryGallery() {
        float[][] q = {{1, 0}};
        float[][] g = {{0.6f, 0.8f}, {1, 0}, {0, 1}, {0.8f, 0.6f}, {-1, 0}};
        int[] gy = {0, 1, 0, 0, 1};
        // R = 3; order g1 (1, wrong), g3 (0.8), g0 (0.6), …: AP@R = (1/3)(1/2 + 2/3) = 7/18
        assertEquals(7.0 / 18, MapAtR.queryGallery(q, new int[] {0}, g, gy).perQuery()[0], 1e-6);
        assertEquals(1, RecallAtK.queryGallery(q, new int[] {0}, g, gy).firstHitRank()[0]);
        // a query whose class is not in the gallery: no hit at any K, no AP (left out of the mean)
        MapAtR none = MapAtR.queryGallery(new float[][] {{1, 0}, {1, 0}}, new int[] {5, 0}, g, gy);
        assertTrue(Double.isNaN(none.perQuery()[0]));
        assertEquals(7.0 / 18, none.mean(), 1e-6);
        assertEquals(Integer.MAX_VALUE, RecallAtK.queryGallery(new float[][] {{1, 0}}, new int[] {5}, g, gy).firstHitRank()[0]);
    }

    /** Brute force: the gallery sorted by (−cosine, index) with boxed comparators; cosines in double. */
    static int[] order(float[] query, float[][] g, int self) {
        double[] s = new double[g.length];
        for (int j = 0; j < g.length; j++) s[j] = cosine(query, g[j]);
        return IntStream.range(0, g.length).filter(j -> j != self).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> -s[j]).thenComparingInt(j -> j)).mapToInt(Integer::intValue).toArray();
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int k = 0; k < a.length; k++) { ab += (double) a[k] * b[k]; aa += (double) a[k] * a[k]; bb += (double) b[k] * b[k]; }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void matchesABruteForceSortAndRecallIsNonDecreasingInK() {
        Random r = new Random(21);
        int n = 80, d = 6;
        float[][] z = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) { y[i] = r.nextInt(9); for (int k = 0; k < d; k++) z[i][k] = (float) (r.nextGaussian() + 0.8 * Math.sin(y[i] + k)); }
        RecallAtK recall = RecallAtK.selfGallery(z, y);
        MapAtR map = MapAtR.selfGallery(z, y);
        for (int i = 0; i < n; i++) {
            int[] o = order(z[i], z, i);
            for (int k : new int[] {1, 2, 4, 8, 79, 500}) {
                int kk = Math.min(k, o.length);
                final int qi = i;
                boolean hit = Arrays.stream(o, 0, kk).anyMatch(j -> y[j] == y[qi]);
                assertEquals(hit ? 1.0 : 0.0, recall.hits(k)[i], "query " + i + " K " + k);
            }
            final int qq = i;
            int rr = (int) Arrays.stream(o).filter(j -> y[j] == y[qq]).count();
            double ap = 0;
            int rel = 0;
            for (int p = 0; p < rr; p++) if (y[o[p]] == y[i]) { rel++; ap += rel / (double) (p + 1); }
            assertEquals(rr == 0 ? Double.NaN : ap / rr, map.perQuery()[i], 1e-12, "AP@R of query " + i);
        }
        double previous = 0;
        for (int k = 1; k <= n; k++) { assertTrue(recall.at(k) >= previous); previous = recall.at(k); }
    }

    @Test
    void tenThousandEmbeddingsTakeSeconds() {
        Random r = new Random(5);
        int n = 10_000, d = 128;
        float[][] z = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) { y[i] = i % 100; for (int k = 0; k < d; k++) z[i][k] = (float) (r.nextGaussian() + (k == y[i] % d ? 5 : 0)); }
        long t0 = System.nanoTime();
        RecallAtK recall = RecallAtK.selfGallery(z, y);
        long t1 = System.nanoTime();
        MapAtR map = MapAtR.selfGallery(z, y);
        long t2 = System.nanoTime();
        System.out.printf("10,000 x %d embeddings: Recall@K %.2f s, MAP@R (R = 99) %.2f s; R@1 %.3f, MAP@R %.3f%n",
                d, (t1 - t0) / 1e9, (t2 - t1) / 1e9, recall.at(1), map.mean());
        assertTrue(recall.at(1) > 0.2 && recall.at(1) < 1 && recall.at(10) >= recall.at(1), "R@1 " + recall.at(1));
        assertTrue((t2 - t0) / 1e9 < 60, "took " + (t2 - t0) / 1e9 + " s");
    }
}
