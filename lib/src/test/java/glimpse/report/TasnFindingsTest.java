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
        assertEquals("structure-sampled − uniform downsample: +5.5 ± 1.2 pp over 3 seeds; structure-sampled is better (its 95 % interval excludes 0).",
                TasnFindings.arm(structure(GAIN)));
    }

    @Test
    void trainingNamesEachArmAndWhatTheVerdictsMaySay() {
        String all = TasnFindings.training(java.util.List.of("uniform downsample", "TASN"), java.util.List.of(CONVERGED, CONVERGED), 1200, 11.28);
        assertTrue(all.startsWith("After 1200 steps per seed (11.3 passes over the training letters)"), all);
        assertTrue(all.contains("under 2 % of the arm's loss at chance") && all.contains("uniform downsample converged (+0.0 %)") && all.contains("Every arm converged"), all);
        String one = TasnFindings.training(java.util.List.of("uniform downsample", "TASN"), java.util.List.of(CONVERGED, FALLING), 250, 2.35);
        assertTrue(one.contains("TASN still falling (last quarter 0.800 vs previous 1.000, -20.0 %)") && one.contains("no test of the paper's claim"), one);
        assertThrows(IllegalArgumentException.class, () -> TasnFindings.training(java.util.List.of("a"), java.util.List.of(), 1, 1));
    }

    @Test
    void markPositionIsReadFromTheUnicodeName() {
        assertEquals(TasnFindings.Mark.ABOVE, TasnFindings.Mark.of("LATIN SMALL LETTER E WITH ACUTE"));
        assertEquals(TasnFindings.Mark.ABOVE, TasnFindings.Mark.of("LATIN CAPITAL LETTER E WITH DIAERESIS"));
        assertEquals(TasnFindings.Mark.BELOW, TasnFindings.Mark.of("LATIN SMALL LETTER E WITH OGONEK"));
        assertEquals(TasnFindings.Mark.BELOW, TasnFindings.Mark.of("LATIN SMALL LETTER E WITH CEDILLA AND BREVE"));
        assertEquals(TasnFindings.Mark.BELOW, TasnFindings.Mark.of("LATIN SMALL LETTER E WITH CIRCUMFLEX BELOW"));
        assertEquals(TasnFindings.Mark.NONE, TasnFindings.Mark.of("LATIN SMALL LETTER E"));
    }

    @Test
    void byMarkAveragesWithinGroupsThenOverSeeds() {
        java.util.List<String> names = java.util.List.of("LATIN SMALL LETTER E WITH ACUTE", "LATIN SMALL LETTER E WITH GRAVE",
                "LATIN SMALL LETTER E WITH OGONEK", "LATIN SMALL LETTER E");
        double[] shrunk = {0.67, 1.3, 0.95};
        // above: (−0.2 − 0.1)/2 = −0.15, (−0.2 − 0.2)/2 = −0.2, (−0.1 − 0.2)/2 = −0.15 per seed; below: +0.1, −0.1, 0.0
        double[][] uniform = {{0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}};
        double[][] structure = {{0.3, 0.4, 0.6, 0.5}, {0.3, 0.3, 0.4, 0.5}, {0.4, 0.3, 0.5, Double.NaN}};
        String s = TasnFindings.byMark(names, structure, uniform, shrunk);
        // above: mean −0.1667, SD 0.0289, t(2) 4.303 → ± 7.2 pp
        assertTrue(s.contains("-16.7 ± 7.2 pp on the 2 classes with a mark above the letter only"), s);
        assertTrue(s.contains("+0.0 ± 24.8 pp on the 1 class with a mark below"), s);
        assertTrue(s.contains("upper third 0.67×, lower third 0.95×") && s.contains("the band the sampler shrinks: the zoom account fits"), s);
        double[][] bothLose = {{0.3, 0.4, 0.3, 0.5}, {0.3, 0.3, 0.35, 0.5}, {0.4, 0.3, 0.3, 0.5}};
        assertTrue(TasnFindings.byMark(names, bothLose, uniform, shrunk).contains("not the whole account"));
        assertTrue(TasnFindings.byMark(names, uniform, uniform, shrunk).contains("cannot tie a difference"));
        double[][] gain = {{0.7, 0.8, 0.5, 0.5}, {0.8, 0.7, 0.5, 0.5}, {0.75, 0.75, 0.5, 0.5}};
        assertTrue(TasnFindings.byMark(names, gain, uniform, shrunk).contains("in structure sampling's favour"));
        assertTrue(TasnFindings.byMark(names, structure, uniform, new double[] {1.3, 0.9, 0.8}).contains("does not shrink that band"));
    }
}
