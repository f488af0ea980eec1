package glimpse.report;

import glimpse.eval.Metric;
import glimpse.classification.ClassificationResult;
import glimpse.eval.MeanCi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TailGainEvidenceTest {

    /** A result whose seed s has the given tail accuracy (overall = tail + 0.1). */
    static ClassificationResult result(String method, double... tail) { return result(method, new float[0], tail); }

    static ClassificationResult result(String method, float[] losses, double... tail) {
        List<ClassificationResult.SeedResult> seeds = new ArrayList<>();
        for (int s = 0; s < tail.length; s++)
            seeds.add(new ClassificationResult.SeedResult(s + 1, tail[s] + 0.1, new MeanCi(0, 0, 1), Map.of(Metric.HEAD, 0.9, Metric.TAIL, tail[s]),
                    new double[] {0.9, tail[s]}, 0f, losses, 1, 1));
        return new ClassificationResult(method, "toy-LT", "ρ=10", 200, new int[] {50, 5}, List.of(Metric.HEAD, Metric.TAIL), seeds, null);
    }

    @Test
    void theTailGainIsThePairedDifferenceOverSeedsWorkedByHand() {
        // differences +0.02, +0.04, +0.06: mean 0.04, s = 0.02, t(0.975, 2) = 4.303 → CI 4.303·0.02/√3 = 0.0497
        var t = new TailGainEvidence("schedule", "16× steps", result("CE", 0.5, 0.5, 0.5), result("CE + BF", 0.52, 0.54, 0.56));
        assertArrayEquals(new double[] {0.02, 0.04, 0.06}, t.perSeed(Metric.TAIL), 1e-12);
        assertEquals(0.04, t.gain(Metric.TAIL).mean(), 1e-12);
        assertEquals(4.302653 * 0.02 / Math.sqrt(3), t.gain(Metric.TAIL).ci95(), 1e-6);
        assertEquals(TailGainEvidence.Sign.UNCLEAR, t.tailSign(), "0.04 − 0.0497 < 0: the interval includes zero");
        var clear = new TailGainEvidence("schedule", "16× steps", result("CE", 0.5, 0.5, 0.5), result("CE + BF", 0.54, 0.55, 0.56));
        assertEquals(TailGainEvidence.Sign.HELPS, clear.tailSign());
        var hurt = new TailGainEvidence("width", "C = 256", result("CE", 0.5, 0.5, 0.5), result("CE + BF", 0.44, 0.45, 0.46));
        assertEquals(TailGainEvidence.Sign.HURTS, hurt.tailSign());
        assertEquals(3, TailGainEvidence.table("t", List.of(t, clear, hurt)).rowCount());
    }

    @Test
    void theVerdictNamesWhereItHelpsAndJudgesEachHypothesisAgainstTheReference() {
        var ref = new TailGainEvidence(TailGainEvidence.REFERENCE, "1× steps", result("CE", 0.5, 0.5, 0.5), result("CE + BF", 0.44, 0.45, 0.46));
        var longer = new TailGainEvidence("schedule", "16× steps", result("CE", 0.5, 0.5, 0.5), result("CE + BF", 0.54, 0.55, 0.56));
        var order = new TailGainEvidence("tail order", "reversed", result("CE", 0.5, 0.6, 0.4), result("CE + BF", 0.5, 0.62, 0.38));
        var wide = new TailGainEvidence("width", "C = 256", result("CE", 0.5, 0.5, 0.5), result("CE + BF", 0.44, 0.45, 0.46));
        String v = TailGainEvidence.verdict(List.of(ref, longer, order, wide));
        assertTrue(v.contains("helps the tail (CI over seeds above 0) in: 16× steps."), v);
        assertTrue(v.contains("schedule: SUPPORTED"), v);
        assertTrue(v.contains("tail order: partly"), v);
        assertTrue(v.contains("width: NOT SUPPORTED: BatchFormer still hurts"), v);
        assertTrue(TailGainEvidence.verdict(List.of(ref, wide)).startsWith("BatchFormer helps the tail in none"));
        // a reference whose interval includes 0 is not "still" hurt: the harm is the condition's
        var unclearRef = new TailGainEvidence(TailGainEvidence.REFERENCE, "1× steps", result("CE", 0.5, 0.6, 0.4), result("CE + BF", 0.5, 0.62, 0.38));
        String w = TailGainEvidence.verdict(List.of(unclearRef, wide));
        assertTrue(w.contains("width: NOT SUPPORTED: under every condition BatchFormer hurts the tail (significantly, unlike the reference)"), w);
        assertFalse(w.contains("still"), w);
    }

    @Test
    void aGainBetweenNetworksThatNeverLearnedIsNoVerdictAndASmallUnseenGainIsUnderpowered() {
        // two classes (50 and 5 training images): ln 2 = 0.693; a loss flat at 0.69 is at chance
        float[] atChance = new float[40], learned = new float[40];
        java.util.Arrays.fill(atChance, 0.69f);
        java.util.Arrays.fill(learned, 0.2f);
        var clear = new TailGainEvidence("schedule", "16× steps", result("CE", atChance, 0.5, 0.5, 0.5), result("CE + BF", learned, 0.54, 0.55, 0.56));
        assertEquals(glimpse.eval.Verdict.Kind.NOT_CONVERGED, clear.tailVerdict().kind());
        assertEquals(TailGainEvidence.Sign.UNCLEAR, clear.tailSign(), "significant, but not a test: the plain arm never learned");
        assertTrue(TailGainEvidence.verdict(List.of(clear)).contains("schedule: no verdict — 16× steps: not converged"), TailGainEvidence.verdict(List.of(clear)));
        assertTrue(TailGainEvidence.verdict(List.of(clear)).startsWith("In no condition did both arms converge"));
        // tail gains +0.02, +0.04, +0.06 of converged arms: MDD 5.363313·0.02/√3 = 6.19 pp above the paper's +2.8 → underpowered
        var wide = new TailGainEvidence("schedule", "16× steps", result("CE", learned, 0.5, 0.5, 0.5), result("CE + BF", learned, 0.52, 0.54, 0.56));
        assertEquals(glimpse.eval.Verdict.Kind.UNDERPOWERED, wide.tailVerdict().kind());
        assertEquals("underpowered (MDD 6.19 pp)", TailGainEvidence.table("t", List.of(wide)).stringColumn("tail: + BatchFormer").get(0));
        assertTrue(TailGainEvidence.verdict(List.of(clear, wide)).startsWith("BatchFormer helps the tail in none of the tested conditions (1 of 2 conditions converged)."));
    }

    @Test
    void unpairedRunsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TailGainEvidence("h", "c", result("CE", 0.5, 0.5), result("CE + BF", 0.5, 0.5, 0.5)));
    }
}
