package glimpse.report;

import glimpse.eval.Verdict;
import org.junit.jupiter.api.Test;

import static glimpse.report.FindingsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class TasnFindingsTest {
    static Verdict structure(double[] perSeed) { return fewShot("structure-sampled", "uniform downsample", 1, perSeed).verdict(); }

    @Test
    void zoomTiesTheProfileToTheVerdict() {
        double[] shrunk = {0.67, 1.3, 1.0}, enlarged = {1.4, 0.9, 0.7}, flat = {1.0, 1.02, 0.98};
        String s = TasnFindings.zoom(shrunk, structure(LOSS));
        assertTrue(s.contains("0.67×") && s.contains("shrinks the accent band") && s.contains("on the letter body"), s);
        assertTrue(s.contains("uniform downsample is better, which fits"), s);
        assertTrue(TasnFindings.zoom(shrunk, structure(NOTHING)).contains("no gain from structure sampling is expected"));
        assertTrue(TasnFindings.zoom(shrunk, structure(GAIN)).contains("does not come from enlarging the accent"));
        assertTrue(TasnFindings.zoom(enlarged, structure(GAIN)).contains("consistent with the paper's account"));
        assertTrue(TasnFindings.zoom(enlarged, structure(LOSS)).contains("did not pay"));
        assertTrue(TasnFindings.zoom(enlarged, structure(NOTHING)).contains("not better than uniform despite the zoom"));
        assertTrue(TasnFindings.zoom(flat, structure(NOTHING)).contains("about uniform resolution"));
        Verdict unsettled = fewShot("structure-sampled", "uniform downsample", 1, GAIN, FALLING, null).verdict();
        assertTrue(TasnFindings.zoom(shrunk, unsettled).contains("not a test here"));
    }

    @Test
    void armSaysDifferenceAndReading() {
        assertEquals("structure-sampled − uniform downsample: +5.5 ± 1.2 pp over 3 seeds; structure-sampled is better (the interval over seeds excludes 0).",
                TasnFindings.arm(structure(GAIN)));
    }
}
