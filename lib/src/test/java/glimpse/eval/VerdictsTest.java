package glimpse.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class VerdictsTest {
    @Test
    void significantOnlyWhenTheIntervalOverTwoOrMoreSeedsExcludesZero() {
        // per-seed differences +0.02, +0.01, +0.03: mean 0.02, t(0.975, 2)·0.01/√3 = 0.0248 → includes 0
        assertFalse(Verdicts.decided(MeanCi.overSeeds(new double[] {0.02, 0.01, 0.03}), 3));
        // +0.020, +0.021, +0.019: CI 0.0025 → excludes 0, either sign
        assertTrue(Verdicts.decided(MeanCi.overSeeds(new double[] {0.020, 0.021, 0.019}), 3));
        assertTrue(Verdicts.decided(MeanCi.overSeeds(new double[] {-0.020, -0.021, -0.019}), 3));
        // one training run: its interval over episodes says nothing about another run
        assertFalse(Verdicts.decided(new MeanCi(0.5, 0.01, 600), 1));
    }
}
