package glimpse.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldOutPlateauTest {

    /** n images: the first {@code both} right at both probes, then {@code lost} right before only, then {@code gained} right after only. */
    static boolean[][] probes(int n, int both, int lost, int gained) {
        boolean[] before = new boolean[n], after = new boolean[n];
        int i = 0;
        for (int k = 0; k < both; k++, i++) { before[i] = true; after[i] = true; }
        for (int k = 0; k < lost; k++, i++) before[i] = true;
        for (int k = 0; k < gained; k++, i++) after[i] = true;
        return new boolean[][] {before, after};
    }

    static HeldOutPlateau judge(int n, int both, int lost, int gained) {
        boolean[][] p = probes(n, both, lost, gained);
        return HeldOutPlateau.of(p[0], p[1], 1000);
    }

    @Test
    void aGainBeyondTwoPointsAndBeyondItsPairedNoiseIsStillRising() {
        // n 1000, b 10, c 60: d = 0.05, SE² = (0.07 − 0.0025)/1000 = 6.75e-5, SE 0.008216, noise 1.96·SE = 0.01610
        HeldOutPlateau p = judge(1000, 500, 10, 60);
        assertEquals(HeldOutPlateau.Status.STILL_RISING, p.status());
        assertEquals(0.05, p.gain(), 1e-12);
        assertEquals(0.016103, p.noise(), 1e-5);
        assertEquals(0.51, p.previous(), 1e-12);
        assertEquals(0.56, p.last(), 1e-12);
        assertFalse(p.settled());
    }

    @Test
    void aGainBelowTwoPointsIsAPlateau() {
        // n 100, b 0, c 1: d = 0.01, SE² = (0.01 − 0.0001)/100, noise = 1.96 · 0.009950 = 0.01950
        HeldOutPlateau p = judge(100, 50, 0, 1);
        assertEquals(HeldOutPlateau.Status.PLATEAU, p.status());
        assertEquals(0.019502, p.noise(), 1e-5);
        assertTrue(p.settled());
    }

    @Test
    void aGainWithinItsNoiseOnFewImagesIsTooNoisyNotAPlateau() {
        // n 100, b 4, c 10: d = 0.06, SE² = (0.14 − 0.0036)/100 = 0.001364, noise = 1.96 · 0.036932 = 0.07239 > 0.06, and > 2 × 0.02
        HeldOutPlateau p = judge(100, 40, 4, 10);
        assertEquals(HeldOutPlateau.Status.TOO_NOISY, p.status());
        assertEquals(0.072386, p.noise(), 1e-5);
        assertFalse(p.settled());
        // the same gain with more discordant pairs beyond it (b 4, c 12: d 0.08, noise 0.07681) is a rise
        assertEquals(HeldOutPlateau.Status.STILL_RISING, judge(100, 40, 4, 12).status());
    }

    @Test
    void aFallBeyondToleranceAndNoiseIsPastItsBestWhichIsSettled() {
        HeldOutPlateau p = judge(1000, 500, 60, 10);
        assertEquals(HeldOutPlateau.Status.PAST_BEST, p.status());
        assertEquals(-0.05, p.gain(), 1e-12);
        assertTrue(p.settled(), "training longer would not help");
    }

    @Test
    void identicalProbesAreAFlatPlateauAndMissingProbesAreNotMeasured() {
        HeldOutPlateau p = judge(200, 120, 0, 0);
        assertEquals(HeldOutPlateau.Status.PLATEAU, p.status());
        assertEquals(0, p.gain());
        assertEquals(0, p.noise());
        assertEquals(HeldOutPlateau.Status.NOT_MEASURED, HeldOutPlateau.of(null, new boolean[3], 10).status());
        assertFalse(HeldOutPlateau.notMeasured().settled());
        assertThrows(IllegalArgumentException.class, () -> HeldOutPlateau.of(new boolean[3], new boolean[4], 10));
    }

    @Test
    void aFlatTopOneThatIsNotAboveChanceIsAtChanceNotAPlateau() {
        // 1582 images of 791 classes, 2 right at both probes: top-1 0.126 %, half-width 1.96·√(p(1 − p)/n) = 0.175 %, chance 0.126 %
        boolean[][] p = probes(1582, 2, 0, 0);
        HeldOutPlateau flat = HeldOutPlateau.of(p[0], p[1], 791);
        assertEquals(HeldOutPlateau.Status.AT_CHANCE, flat.status());
        assertFalse(flat.settled());
        // 100 of 1582 right (6.3 %, half-width 1.2 %) is above that chance: the same flat curve is a plateau
        boolean[][] learnt = probes(1582, 100, 0, 0);
        assertEquals(HeldOutPlateau.Status.PLATEAU, HeldOutPlateau.of(learnt[0], learnt[1], 791).status());
        // but not over 10 classes, where chance is 10 %
        assertEquals(HeldOutPlateau.Status.AT_CHANCE, HeldOutPlateau.of(learnt[0], learnt[1], 10).status());
        assertThrows(IllegalArgumentException.class, () -> HeldOutPlateau.of(learnt[0], learnt[1], 1));
    }
}
