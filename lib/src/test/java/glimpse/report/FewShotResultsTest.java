package glimpse.report;

import glimpse.eval.ResultRow;
import glimpse.experiment.ResultCache;
import glimpse.method.FewShotExperiment.Outcome;
import glimpse.method.FewShotExperiment.ShotResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FewShotResultsTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path cache;

    @Test
    void outcomesSurviveTheResultCacheRoundTripIncludingTheAttentionExample() {
        System.setProperty("glimpse.cache", cache.toString());
        try {
            var att = new glimpse.method.crosstransformer.AttentionExample(7, new int[] {1, 2}, 2, 2,
                    new double[][][] {{{0.1, 0.2, 0.3, 0.4}, {0, 0, 0, 0}}, {{1, 0, 0, 0}, {0, 0, 0, 0}},
                            {{0.5, 0, 0, 0}, {0, 0, 0, 0.5}}, {{0, 0, 0, 0}, {0.25, 0.25, 0.25, 0.25}}}, 1, 1);
            Outcome o = new Outcome("CTX", "t", List.of(new ShotResult(5, new double[] {0.5, 1.0})), 3, 4, 5, Float.NaN,
                    new float[] {2, 1}, 6, att,
                    new Outcome("CTX, attention off at test", "t", List.of(new ShotResult(5, new double[] {0.25, 0.75})), 3, 4, 5, 1f,
                            new float[] {2, 1}, 1, null, null, 0), 0);
            Outcome first = ResultCache.getOrCompute("test", List.of(1), Outcome.class, () -> o);
            Outcome second = ResultCache.getOrCompute("test", List.of(1), Outcome.class, () -> { throw new AssertionError("not cached"); });
            assertNotSame(first, second);
            assertArrayEquals(o.shots(5).perEpisode(), second.shots(5).perEpisode());
            assertTrue(Float.isNaN(second.finalLoss()));
            assertArrayEquals(o.lossCurve(), second.lossCurve());
            assertEquals(0.25, second.attention().weights()[3][1][2]);
            assertArrayEquals(new int[] {1, 2}, second.attention().supportImages());
            assertArrayEquals(new double[] {0.25, 0.75}, second.attentionOff().shots(5).perEpisode());
            assertNull(second.attentionOff().attentionOff());
        } finally {
            System.clearProperty("glimpse.cache");
        }
    }

    static Outcome outcome(String method, double[] oneShot) {
        return new Outcome(method, "task", List.of(new ShotResult(1, oneShot)), 10, 100, 5, 0.1f, new float[] {1, 0.5f}, 2, null, null, 0);
    }

    @Test
    void verdictsNameTheWinnerOnlyWhenTheIntervalExcludesZero() {
        Outcome a = outcome("A", new double[] {0.6, 0.8, 0.7, 0.9}), b = outcome("B", new double[] {0.5, 0.6, 0.7, 0.6});
        Outcome c = outcome("C", new double[] {0.7, 0.5, 0.8, 0.6});   // C − A: +0.1, −0.3, +0.1, −0.3: the CI includes 0
        ResultsTable t = new ResultsTable("paired").addAll(FewShotResults.pairedRows(a, b, 5, 0))
                .addAll(FewShotResults.pairedRows(b, a, 5, 0)).addAll(FewShotResults.pairedRows(c, a, 5, 0));
        String[] lines = FewShotResults.verdicts(t).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].endsWith("A − B: A better"), lines[0]);
        assertTrue(lines[1].endsWith("B − A: A better"), lines[1]);
        assertTrue(lines[2].endsWith("C − A: no significant difference"), lines[2]);
        assertTrue(lines[0].contains("+15.00 ±"), lines[0]);
    }

    @Test
    void pairedRowsAreTheMeanAndCiOfPerEpisodeDifferencesInPoints() {
        Outcome a = outcome("A", new double[] {0.6, 0.8, 0.7, 0.9}), b = outcome("B", new double[] {0.5, 0.6, 0.7, 0.6});
        // differences 0.1, 0.2, 0.0, 0.3: mean 0.15, sample sd sqrt(((.05)^2+(.05)^2+(.15)^2+(.15)^2)/3) = sqrt(0.05/3)
        ResultRow r = FewShotResults.pairedRows(a, b, 5, 0).get(0);
        assertEquals(15.0, r.value(), 1e-9);
        assertEquals(100 * 1.96 * Math.sqrt(0.05 / 3) / 2, r.ci95(), 1e-9);
        assertEquals("A − B", r.method());
        assertEquals("5-way 1-shot", r.setting());
        assertTrue(r.metric().contains("CI excludes 0") == (15.0 > r.ci95()));

        ResultRow acc = FewShotResults.accuracyRows(a, 5, 0).get(0);
        assertEquals(75.0, acc.value(), 1e-9);
        assertEquals(12.0, acc.wallSeconds(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> FewShotResults.pairedRows(a,
                new Outcome("C", "other", List.of(), 0, 0, 0, 0, new float[0], 0, null, null, 0), 5, 0));
    }
}
