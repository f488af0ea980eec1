package glimpse.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class VerdictsTest {
    @Test
    void aWinnerOnlyWhenTheIntervalOverTwoOrMoreSeedsExcludesZero() {
        // per-seed differences +0.02, +0.01, +0.03: mean 0.02, t(0.975, 2)·0.01/√3 = 0.0248 → includes 0
        MeanCi wide = MeanCi.overSeeds(new double[] {0.02, 0.01, 0.03});
        assertEquals("no significant difference (CI over seeds includes 0)", Verdicts.of("A", "B", wide, 3));
        assertEquals("no clear difference", Verdicts.brief("A", "B", wide, 3));
        // +0.020, +0.021, +0.019: CI 0.0025 → A better; the mirror image → B better
        assertEquals("A better", Verdicts.of("A", "B", MeanCi.overSeeds(new double[] {0.020, 0.021, 0.019}), 3));
        assertEquals("B better", Verdicts.brief("A", "B", MeanCi.overSeeds(new double[] {-0.020, -0.021, -0.019}), 3));
        // one training run: its interval over episodes says nothing about another run
        assertEquals("no verdict (one training run)", Verdicts.of("A", "B", new MeanCi(0.5, 0.01, 600), 1));
        assertEquals("no verdict (1 run)", Verdicts.brief("A", "B", new MeanCi(0.5, 0.01, 600), 1));
    }
}
