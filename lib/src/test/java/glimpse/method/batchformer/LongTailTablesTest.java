package glimpse.method.batchformer;

import glimpse.eval.MeanCi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The long-tail tables' intervals are Student-t over seeds, and the gains are paired by seed. */
class LongTailTablesTest {

    static BatchFormerExperiment.Result result(TwoStreamLoss.Mode mode, double... overall) {
        var cfg = BatchFormerExperiment.Config.fashionMnist(100).withMode(mode).withTestPerClass(300).withSeeds(overall.length);
        List<BatchFormerExperiment.SeedResult> seeds = new java.util.ArrayList<>();
        for (int s = 0; s < overall.length; s++)
            seeds.add(new BatchFormerExperiment.SeedResult(s + 1, overall[s], Map.of("head", overall[s]), new double[10], 0f, 1, 1));
        return new BatchFormerExperiment.Result(cfg, new int[10], List.of("head"), seeds, null);
    }

    @Test
    void accuracyIsTheTIntervalOverSeedsWithEachSeedAndOneRunsBinomialIntervalShown() {
        var r = result(TwoStreamLoss.Mode.NONE, 0.60, 0.64, 0.65);
        // seeds 0.60, 0.64, 0.65: mean 0.63, s = sqrt((0.0009 + 0.0001 + 0.0004) / 2) = 0.0264575, t(0.975, 2) s / sqrt(3) = 0.0657244
        assertEquals(0.63, r.overall().mean(), 1e-12);
        assertEquals(0.0657244, r.overall().ci95(), 1e-6);
        // within run, seed 1 over 3000 test images: 1.96 sqrt(0.6 * 0.4 / 3000) = 0.0175307
        assertEquals(3000, r.testImages());
        assertEquals(0.0175307, r.withinRunOverall(0).ci95(), 1e-6);
        var t = LongTailTables.accuracy("acc", List.of(r), List.of("head"));
        assertEquals("60.00 / 64.00 / 65.00", t.stringColumn("overall % per seed").get(0));
        assertEquals("63.00 ± 6.57", t.stringColumn("overall % (over seeds ± t-CI)").get(0));
        assertEquals("± 1.75 (n 3000)", t.stringColumn("1st seed, within-run ± (test images)").get(0));
    }

    @Test
    void gainsArePairedBySeedAndJudgedByTheTInterval() {
        var without = result(TwoStreamLoss.Mode.NONE, 0.60, 0.64, 0.65);
        // per-seed gains +0.02, +0.01, +0.03: mean 0.02, s = 0.01, t-CI 0.0248414 includes 0; 1.96 s / sqrt(3) = 0.0113161 would not
        var with = result(TwoStreamLoss.Mode.SHARED_CLASSIFIER, 0.62, 0.65, 0.68);
        var t = LongTailTables.pairedGains("gain", List.of(without), List.of(with), List.of("head"));
        assertEquals("+2.00 / +1.00 / +3.00", t.stringColumn("gain per seed (pp)").get(0));
        assertEquals("+2.00 ± 2.48", t.stringColumn("gain (pp), over seeds ± t-CI").get(0));
        assertEquals("no", t.stringColumn("CI excludes 0").get(0));   // 2.00 < 2.48
        assertTrue(MeanCi.pairedDifference(with.values("overall"), without.values("overall")).excludesZero(), "1.96·s/√n would have called it");
        // gains +0.02, +0.021, +0.019: t-CI 0.0024841 → excludes 0
        var steady = result(TwoStreamLoss.Mode.SHARED_CLASSIFIER, 0.62, 0.661, 0.669);
        assertEquals("yes", LongTailTables.pairedGains("gain", List.of(without), List.of(steady), List.of()).stringColumn("CI excludes 0").get(0));
    }
}
