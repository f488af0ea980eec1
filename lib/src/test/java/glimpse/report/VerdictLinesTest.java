package glimpse.report;

import glimpse.eval.Metric;
import glimpse.classification.ClassificationResult;
import glimpse.eval.MeanCi;
import glimpse.eval.PaperEffect;
import glimpse.eval.Verdict.Kind;
import glimpse.method.retrieval.RetrievalResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The retrieval and classification call sites hand the one Verdict their arms' loss curves and the paper's effect. */
class VerdictLinesTest {
    static final float[] SETTLED = {3, 2, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f}, FALLING = {3, 3, 3, 3, 2, 2, 1, 1};

    /** Four queries per seed; {@code hitsAt1[s]} of them hit at rank 0, the rest at rank 9; E(1) per seed as given. */
    static RetrievalResult retrieval(String label, float[] losses, int[] hitsAt1, double[] energy1) {
        List<RetrievalResult.SeedResult> seeds = new ArrayList<>();
        for (int s = 0; s < hitsAt1.length; s++) {
            int[] ranks = new int[4];
            for (int q = hitsAt1[s]; q < 4; q++) ranks[q] = 9;
            seeds.add(new RetrievalResult.SeedResult(s + 1, ranks, new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {energy1[s], 1}, losses, Map.of(), 1, 1));
        }
        return new RetrievalResult(label, "v", "ViT/CLS", "glyphs", "none", 4, new int[0], new int[0][], seeds);
    }

    @Test
    void recallVerdictHoldsThePapersDirectionAndAnUntrainedStartBlocksNothing() {
        // R@1 per seed: a 0.75, 0.75, 0.50; b 0.25 each → +0.50, +0.50, +0.25: mean 0.4167, CI 4.303·0.1443/√3 = 0.3585 → significant
        var a = retrieval("IRT_L", SETTLED, new int[] {3, 3, 2}, new double[] {0.3, 0.3, 0.3});
        var offTheShelf = retrieval("IRT_O", new float[0], new int[] {1, 1, 1}, new double[] {0.6, 0.6, 0.6});
        var paper = PaperEffect.points(15.7, "a paper");
        var c = RetrievalResults.paired(a, offTheShelf, paper);
        assertEquals(Kind.HELD, c.verdict().kind());
        assertEquals(0.4167, c.verdict().difference().mean(), 1e-4);
        assertEquals("R@1 IRT_L − IRT_O on glyphs: +42 ± 36 pp over 3 seeds, MDD 44.69 pp, paper: +15.70 pp (a paper), IRT_L converged, IRT_O not trained → IRT_L better — held (the paper's direction)",
                RetrievalResults.recallVerdict(a, offTheShelf, paper));
        // the fine-tuned arm still falling: no verdict however clear the difference
        var cut = retrieval("IRT_L", FALLING, new int[] {3, 3, 2}, new double[] {0.3, 0.3, 0.3});
        assertEquals(Kind.NOT_CONVERGED, RetrievalResults.paired(cut, offTheShelf, paper).verdict().kind());
        assertTrue(RetrievalResults.pairedTable("p", List.of(RetrievalResults.paired(cut, offTheShelf))).stringColumn("verdict (R@1)").get(0)
                .startsWith("not converged (MDD 44.69 pp)"));
    }

    @Test
    void theLowerEnergyArmSpreadsItsEnergyMore() {
        // E(1): a 0.30, 0.31, 0.29 vs b 0.60 each → a − b = −0.30 ± 0.0248: a keeps less energy in its first component
        var a = retrieval("IRT_R", SETTLED, new int[] {2, 2, 2}, new double[] {0.30, 0.31, 0.29});
        var b = retrieval("IRT_L", SETTLED, new int[] {2, 2, 2}, new double[] {0.60, 0.60, 0.60});
        String v = RetrievalResults.energyVerdict(a, b, 1);
        assertTrue(v.startsWith("E(1) IRT_R − IRT_L: -30.0 ± 2.5 pp, MDD 3.10 pp; IRT_R spreads its energy more"), v);
        assertTrue(RetrievalResults.energyVerdict(b, a, 1).endsWith("; IRT_R spreads its energy more"));
    }

    static ClassificationResult classification(String method, float[] losses, double... overall) {
        List<ClassificationResult.SeedResult> seeds = new ArrayList<>();
        for (int s = 0; s < overall.length; s++)
            seeds.add(new ClassificationResult.SeedResult(s + 1, overall[s], new MeanCi(0, 0, 1), Map.of(), new double[] {overall[s], overall[s]},
                    0f, losses, 1, 1));
        return new ClassificationResult(method, "toy", "ρ=10", 100, new int[] {50, 5}, List.of(), seeds, null);
    }

    @Test
    void aClassifierFlatAtChanceHasNotLearnedWhereTheLossIsOneCrossEntropy() {
        float[] atChance = new float[40];
        java.util.Arrays.fill(atChance, 0.69f);   // ln 2 = 0.693 for the two classes
        var a = classification("A", SETTLED, 0.70, 0.71, 0.69);
        var b = classification("B", atChance, 0.50, 0.50, 0.50);
        assertEquals(Kind.NOT_CONVERGED, LongTailTables.verdict(a, b, Metric.OVERALL, 2, null).kind());
        assertTrue(LongTailTables.verdict(a, b, Metric.OVERALL, 2, null).word().contains("B: flat at chance"));
        // a loss with other terms has no chance level: the flat curve passes the quarter test
        assertEquals(Kind.SIGNIFICANT, LongTailTables.verdict(a, b, Metric.OVERALL, 0, null).kind());
    }
}
