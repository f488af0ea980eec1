package glimpse.report;

import glimpse.method.FewShotExperiment.Outcome;
import glimpse.method.FewShotExperiment.ShotResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FewShotResultsTest {
    static Outcome outcome(String method, double[] oneShot) {
        return new Outcome(method, "task", List.of(new ShotResult(1, oneShot)), 10, 100, 5, 0.1f, new float[] {1, 0.5f}, 2, null);
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
                new Outcome("C", "other", List.of(), 0, 0, 0, 0, new float[0], 0, null), 5, 0));
    }
}
