package glimpse.eval;

import glimpse.eval.Convergence.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ConvergenceTest {
    /** 0.5 + 2·exp(−step/τ): settled after a few τ, still falling before. */
    private static float[] decay(int length, double tau) {
        float[] l = new float[length];
        for (int i = 0; i < length; i++) l[i] = (float) (0.5 + 2 * Math.exp(-i / tau));
        return l;
    }

    @Test
    void aDecayThatHasFlattenedOutConverged() {
        // τ = 10 over 200 steps: quarters 100–149 and 150–199 differ by 4e−5 (relative), far below 2 %
        Convergence c = Convergence.of(decay(200, 10));
        assertEquals(Status.CONVERGED, c.status());
        assertEquals(0.5, c.lastQuarter(), 1e-3);
        assertTrue(c.settled());
    }

    @Test
    void aDecayCutOffMidDescentIsStillFalling() {
        // τ = 100 over 200 steps: mean of steps 100–149 = 1.082, of 150–199 = 0.853 → −21.2 %
        Convergence c = Convergence.of(decay(200, 100));
        assertEquals(Status.STILL_FALLING, c.status());
        assertEquals(-0.2116, c.change(), 1e-3);
        assertFalse(c.settled());
    }

    @Test
    void theToleranceIsTwoPercentOfThePreviousQuarter() {
        // previous quarter 1.00, last 0.985 (−1.5 %) converged; last 0.975 (−2.5 %) still falling
        assertEquals(Status.CONVERGED, Convergence.of(steps(1.0f, 0.985f)).status());
        assertEquals(Status.STILL_FALLING, Convergence.of(steps(1.0f, 0.975f)).status());
        assertEquals(Status.RISING, Convergence.of(steps(1.0f, 1.05f)).status());
    }

    /** 8 steps: 4 early at 3.0, then two at {@code previous}, two at {@code last}. */
    private static float[] steps(float previous, float last) {
        return new float[] {3, 3, 3, 3, previous, previous, last, last};
    }

    @Test
    void withKnownClassesTheChangeIsMeasuredAgainstLnC() {
        // a cross-entropy over 10 classes fitting its training set: 0.100 → 0.085 is −15 % of the previous
        // quarter but −0.015 / ln 10 = −0.65 % of the chance loss: flattened
        float[] tail = steps(0.100f, 0.085f);
        assertEquals(Status.STILL_FALLING, Convergence.of(tail).status());
        Convergence c = Convergence.of(tail, 10);
        assertEquals(Status.CONVERGED, c.status());
        assertEquals(-0.015 / Math.log(10), c.change(), 1e-6);
        // 1.2 → 1.1 is −0.1 / ln 10 = −4.3 % of it: still learning
        assertEquals(Status.STILL_FALLING, Convergence.of(steps(1.2f, 1.1f), 10).status());
    }

    /** 200 steps: 100 at 3.0, then 50 alternating previous ± a, 50 alternating last ± a. */
    private static float[] noisy(float previous, float last, float a) {
        float[] l = new float[200];
        for (int i = 0; i < 200; i++) l[i] = i < 100 ? 3f : (i < 150 ? previous : last) + (i % 2 == 0 ? a : -a);
        return l;
    }

    @Test
    void aChangeWithinTheNoiseOfTwoQuarterMeansIsNoTrendAndANoisierCurveCannotBeJudged() {
        // ±a alternating over 50 points: sample variance a²·50/49, so the SE of a quarter mean is a/7 and the noise of their
        // difference 1.959964·√2·a/7 = 0.39598·a (relative to the previous quarter's 1.0); the change is −3 % each time
        Convergence quiet = Convergence.of(noisy(1.0f, 0.97f, 0.05f));        // noise 1.98 %: −3 % is beyond it and beyond 2 %
        assertEquals(Status.STILL_FALLING, quiet.status());
        assertEquals(0.0198, quiet.noise(), 1e-4);
        Convergence within = Convergence.of(noisy(1.0f, 0.97f, 0.08f));       // noise 3.17 %: −3 % is within it
        assertEquals(Status.CONVERGED, within.status());
        assertEquals(-0.03, within.change(), 1e-6);
        assertEquals(0.03168, within.noise(), 1e-4);
        Convergence loud = Convergence.of(noisy(1.0f, 0.97f, 0.3f));          // noise 11.9 % > 2 × 2 %: cannot tell flat from falling
        assertEquals(Status.TOO_NOISY, loud.status());
        assertFalse(loud.settled());
        assertTrue(loud.toString().startsWith("too noisy to judge (last quarter 0.970 vs previous 1.000, -3.0 % ± 11.9 %"), loud.toString());
        // a fall far beyond the noise stays a fall however noisy: −30 % against 11.9 %
        assertEquals(Status.STILL_FALLING, Convergence.of(noisy(1.0f, 0.70f, 0.3f)).status());
        // on the ln C scale the same noise is smaller: 0.39598·0.08 / ln 5 = 1.97 %, and −0.03 / ln 5 = −1.9 % is within 2 %
        assertEquals(Status.CONVERGED, Convergence.of(noisy(1.0f, 0.97f, 0.08f), 5).status());
    }

    @Test
    void aFlatLossAtChanceHasNotLearned() {
        // 10 classes: ln 10 = 2.303; a curve flat at 2.30 passes the quarter test but is at chance
        float[] flat = new float[100];
        java.util.Arrays.fill(flat, 2.30f);
        assertEquals(Status.CONVERGED, Convergence.of(flat).status());
        assertEquals(Status.AT_CHANCE, Convergence.of(flat, 10).status());
        // 0.94·ln 10 = 2.164 is below the 0.95 line; 0.96·ln 10 above it
        java.util.Arrays.fill(flat, (float) (0.94 * Math.log(10)));
        assertEquals(Status.CONVERGED, Convergence.of(flat, 10).status());
        java.util.Arrays.fill(flat, (float) (0.96 * Math.log(10)));
        assertEquals(Status.AT_CHANCE, Convergence.of(flat, 10).status());
    }

    @Test
    void skippedStepsAreIgnoredAndTooFewLossesCannotBeJudged() {
        float[] withNaN = steps(1.0f, 0.99f);
        float[] longer = new float[16];
        for (int i = 0; i < 16; i++) longer[i] = withNaN[i / 2];
        longer[13] = Float.NaN;   // one skipped step in the last quarter
        assertEquals(Status.CONVERGED, Convergence.of(longer).status());
        assertEquals(Status.TOO_SHORT, Convergence.of(new float[] {2, 1, 0.5f}).status());
        assertEquals(Status.TOO_SHORT, Convergence.of(new float[] {3, 3, 3, 3, 1, 1, Float.NaN, Float.NaN}).status());
    }

    @Test
    void noCurveMeansNotTrainedWhichBlocksNothing() {
        Convergence none = Convergence.of(new float[0]);
        assertEquals(Status.NOT_TRAINED, none.status());
        assertTrue(none.settled());
        Convergence falling = Convergence.of(decay(200, 100));
        assertSame(falling, Convergence.worst(java.util.List.of(Convergence.of(decay(200, 10)), falling)));
        assertEquals(Status.CONVERGED, Convergence.worst(java.util.List.of(Convergence.of(decay(200, 10)), none)).status());
    }

    @Test
    void aSumOfCrossEntropiesIsJudgedOnItsOwnLossAtChance() {
        // quarters of 4 points: the third at 4.6 ± 0.01, the last at 4.3 ± 0.01 (a weighted sum, weights adding to 4, over 26 classes)
        float[] losses = {9, 9, 9, 9, 8, 8, 8, 8, 4.61f, 4.59f, 4.61f, 4.59f, 4.31f, 4.29f, 4.31f, 4.29f};
        double chance = 4 * Math.log(26);   // 13.03
        Convergence sum = Convergence.againstChance(losses, chance);
        assertEquals(-0.3 / chance, sum.change(), 1e-6, "−2.3 % of 4·ln 26");
        assertEquals(Convergence.Status.STILL_FALLING, sum.status());
        // the same fall on ln 26 alone, as if one cross-entropy: −9.2 %, still falling; relative −6.5 %
        assertEquals(-0.3 / Math.log(26), Convergence.of(losses, 26).change(), 1e-6);
        assertEquals(-0.3 / 4.6, Convergence.againstChance(losses, Double.NaN).change(), 1e-6);
        assertEquals(Convergence.of(losses, 26), Convergence.againstChance(losses, Math.log(26)), "of(classes) is againstChance(ln classes)");
        // a fall of 0.1 is 0.77 % of 4·ln 26: settled on that scale
        float[] flatter = {9, 9, 9, 9, 8, 8, 8, 8, 4.41f, 4.39f, 4.41f, 4.39f, 4.31f, 4.29f, 4.31f, 4.29f};
        assertEquals(Convergence.Status.CONVERGED, Convergence.againstChance(flatter, chance).status());
        // at chance: a last quarter at or above 0.95 × 4·ln 26 = 12.38
        float[] stuck = {13, 13, 13, 13, 13, 13, 13, 13, 12.9f, 12.9f, 12.9f, 12.9f, 12.9f, 12.9f, 12.9f, 12.9f};
        assertEquals(Convergence.Status.AT_CHANCE, Convergence.againstChance(stuck, chance).status());
        assertThrows(IllegalArgumentException.class, () -> Convergence.againstChance(losses, 0));
    }
}
