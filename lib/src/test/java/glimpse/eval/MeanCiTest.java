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
}
