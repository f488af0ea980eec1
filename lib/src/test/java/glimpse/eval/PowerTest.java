package glimpse.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PowerTest {
    // expected values: (t(0.975, n−1) + t(0.80, n−1))·s/√n with the quantiles from scipy.stats.t.ppf
    // (n = 3: 4.302653 + 1.060660; n = 5: 2.776445 + 0.940965; n = 10: 2.262157 + 0.883404)
    @Test
    void minimalDetectableDifferenceMatchesHandComputedValues() {
        assertEquals(3.096510, Power.minimalDetectableDifference(3, 1.0), 1e-5);
        assertEquals(3.324952, Power.minimalDetectableDifference(5, 2.0), 1e-5);
        assertEquals(0.497357, Power.minimalDetectableDifference(10, 0.5), 1e-5);
    }

    @Test
    void fromTheDifferencesUsesTheirSampleSd() {
        // 0.01, 0.03, 0.05: sample SD 0.02 → 5.363313·0.02/√3
        assertEquals(0.0619302, Power.minimalDetectableDifference(new double[] {0.01, 0.03, 0.05}), 1e-6);
    }

    @Test
    void oneSeedHasNoneAndNoSpreadGivesZero() {
        assertTrue(Double.isNaN(Power.minimalDetectableDifference(1, 0.3)));
        assertTrue(Double.isNaN(Power.minimalDetectableDifference(new double[] {0.4})));
        assertEquals(0, Power.minimalDetectableDifference(new double[] {0.02, 0.02, 0.02}), 0);
        assertThrows(IllegalArgumentException.class, () -> Power.minimalDetectableDifference(3, -1));
        assertThrows(IllegalArgumentException.class, () -> Power.minimalDetectableDifference(0, 1));
    }
}
