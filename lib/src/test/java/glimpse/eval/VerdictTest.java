package glimpse.eval;

import glimpse.eval.Verdict.Kind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class VerdictTest {
    private static final Convergence SETTLED = Convergence.of(new float[] {3, 3, 3, 3, 1, 1, 1, 1});
    private static final Convergence FALLING = Convergence.of(new float[] {3, 3, 3, 3, 2, 2, 1, 1});
    private static final double[] CLEAR = {0.020, 0.021, 0.019};   // CI 0.0025 → significant
    private static final double[] WIDE = {0.01, 0.03, 0.05};       // mean 0.03, CI 0.0497, MDD 0.0619

    private static Verdict of(double[] d, Convergence a, PaperEffect paper) { return Verdict.of("A", "B", d, a, SETTLED, paper); }

    @Test
    void significantDifferencesHoldOrReverseThePapersDirection() {
        assertEquals(Kind.SIGNIFICANT, of(CLEAR, SETTLED, null).kind());
        assertEquals("A better", of(CLEAR, SETTLED, null).word());
        assertEquals(Kind.HELD, of(CLEAR, SETTLED, PaperEffect.points(1, "t")).kind());
        assertEquals(Kind.REVERSED, of(CLEAR, SETTLED, PaperEffect.points(-1, "t")).kind());
        assertEquals("B better", Verdict.of("A", "B", new double[] {-0.020, -0.021, -0.019}, SETTLED, SETTLED, null).brief());
    }

    @Test
    void aPaperEffectBelowTheMddIsUnderpoweredNotNoDifference() {
        assertEquals(0.0619302, of(WIDE, SETTLED, null).mdd(), 1e-6);
        assertEquals(Kind.NO_SIGNIFICANT_DIFFERENCE, of(WIDE, SETTLED, null).kind());
        assertEquals(Kind.UNDERPOWERED, of(WIDE, SETTLED, PaperEffect.points(3.67, "t")).kind());
        assertEquals(Kind.UNDERPOWERED, of(WIDE, SETTLED, PaperEffect.points(-3.67, "t")).kind());
        assertEquals(Kind.NO_SIGNIFICANT_DIFFERENCE, of(WIDE, SETTLED, PaperEffect.points(10, "t")).kind());
    }

    @Test
    void anUnconvergedArmGetsNoVerdictEvenWhenSignificant() {
        Verdict v = of(CLEAR, FALLING, PaperEffect.points(1, "t"));
        assertEquals(Kind.NOT_CONVERGED, v.kind());
        assertTrue(v.word().startsWith("not converged — not a test of the paper's claim (A: still falling"), v.word());
        assertEquals(Kind.NOT_CONVERGED, Verdict.of("A", "B", CLEAR, SETTLED, Convergence.of(new float[] {2.3f, 2.3f, 2.3f, 2.3f, 2.3f, 2.3f, 2.3f, 2.3f}, 10), null).kind());
    }

    @Test
    void oneSeedGetsNoVerdictAndNoMdd() {
        Verdict v = of(new double[] {0.05}, SETTLED, PaperEffect.points(3.67, "t"));
        assertEquals(Kind.ONE_RUN, v.kind());
        assertEquals("MDD n/a (one seed)", v.mddText());
    }

    @Test
    void theLineCarriesDifferenceMddPaperAndWord() {
        Verdict v = of(WIDE, SETTLED, PaperEffect.points(3.67, "arXiv 2303.14123 abstract"));
        assertEquals("+3.00 ± 4.97 pp over 3 seeds, MDD 6.19 pp, paper: +3.67 pp (arXiv 2303.14123 abstract), both arms converged → underpowered"
                + " (the paper's effect is below the MDD: no significant difference, but none could be seen)", v.line());
        assertEquals("MDD 0 (no spread between seeds)", of(new double[] {0.02, 0.02}, SETTLED, null).mddText());
    }
}
