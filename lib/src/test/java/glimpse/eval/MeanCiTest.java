package glimpse.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MeanCiTest {
    @Test
    void matchesAHandWorkedInterval() {
        // values 1,2,3,4: mean 2.5, sample sd = sqrt(5/3) = 1.290994, ci = 1.96 * 1.290994 / 2 = 1.265174
        MeanCi m = MeanCi.of(new double[]{1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 1e-12);
        assertEquals(1.2651742, m.ci95(), 1e-6);
        assertEquals(4, m.n());
    }

    @Test
    void pairedDifferenceUsesThePairsNotTheMarginals() {
        // b = a + 0.1 exactly: marginal spreads are large, the paired difference has zero spread
        double[] a = {0.2, 0.9, 0.5, 0.7}, b = {0.3, 1.0, 0.6, 0.8};
        MeanCi d = MeanCi.pairedDifference(b, a);
        assertEquals(0.1, d.mean(), 1e-12);
        assertEquals(0.0, d.ci95(), 1e-12);
        assertTrue(d.excludesZero());
        assertFalse(MeanCi.of(new double[]{-1, 1, -1, 1}).excludesZero());
    }

    @Test
    void singleValueHasNoInterval() {
        assertTrue(Double.isNaN(MeanCi.of(new double[]{0.5}).ci95()));
        assertThrows(IllegalArgumentException.class, () -> MeanCi.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> MeanCi.pairedDifference(new double[2], new double[3]));
    }

    @Test
    void tQuantilesMatchTheTables() {
        // two-sided 95% Student-t quantiles from the printed tables
        assertEquals(12.706205, MeanCi.tQuantile975(1), 1e-5);
        assertEquals(4.302653, MeanCi.tQuantile975(2), 1e-6);
        assertEquals(2.776445, MeanCi.tQuantile975(4), 1e-6);
        assertEquals(1.959964, MeanCi.tQuantile975(100_000), 1e-4);   // tends to the normal's 1.96
        assertThrows(IllegalArgumentException.class, () -> MeanCi.tQuantile975(0));
    }

    @Test
    void overSeedsIsAStudentTIntervalWithSeedsMinusOneDegreesOfFreedom() {
        // seeds' values 1, 2, 6: mean 3, deviations -2, -1, 3, ss 14, s = sqrt(7), s/sqrt(3) = sqrt(7/3) = 1.5275252
        // ci = t(0.975, 2) * 1.5275252 = 4.3026527 * 1.5275252 = 6.5724106
        MeanCi m = MeanCi.overSeeds(new double[] {1, 2, 6});
        assertEquals(3.0, m.mean(), 1e-12);
        assertEquals(6.5724106, m.ci95(), 1e-6);
        assertEquals(3, m.n());
        // five seeds 1..5: s = sqrt(2.5), ci = 2.7764451 * sqrt(2.5) / sqrt(5) = 1.9632432
        assertEquals(1.9632432, MeanCi.overSeeds(new double[] {1, 2, 3, 4, 5}).ci95(), 1e-6);
        // the same three values as if they were episodes: 1.96 * 1.5275252 = 2.9939494, less than half as wide
        assertEquals(2.9939494, MeanCi.of(new double[] {1, 2, 6}).ci95(), 1e-6);
        assertTrue(Double.isNaN(MeanCi.overSeeds(new double[] {0.5}).ci95()));
        assertThrows(IllegalArgumentException.class, () -> MeanCi.overSeeds(new double[0]));
    }

    @Test
    void pairedOverSeedsWidensWhatTheNormalIntervalWouldCall() {
        // per-seed differences 0.02, 0.01, 0.05: mean 0.0266667, ss = 8.6667e-4, s = 0.0208167, s/sqrt(3) = 0.0120185
        double[] a = {0.52, 0.55, 0.50}, b = {0.50, 0.54, 0.45};
        MeanCi t = MeanCi.pairedOverSeeds(a, b);
        assertEquals(0.0266667, t.mean(), 1e-6);
        assertEquals(4.3026527 * 0.0120185, t.ci95(), 1e-6);   // 0.0517114: includes 0
        assertFalse(t.excludesZero());
        assertTrue(MeanCi.pairedDifference(a, b).excludesZero());   // 1.96 * 0.0120185 = 0.0235563 would have excluded it
        assertThrows(IllegalArgumentException.class, () -> MeanCi.pairedOverSeeds(new double[2], new double[3]));
    }
}
