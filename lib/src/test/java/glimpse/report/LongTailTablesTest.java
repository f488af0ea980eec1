package glimpse.report;

import glimpse.eval.Metric;
import glimpse.method.batchformer.BatchFormerMethod;
import glimpse.method.batchformer.TwoStreamLoss;

import glimpse.classification.ClassificationResult;
import glimpse.eval.MeanCi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The long-tail tables' intervals are Student-t over seeds, and the gains are paired by seed. */
class LongTailTablesTest {

    /** Seeds with the given overall accuracies on 3000 test images (the first seed's hits: the first round(p·3000) images right). */
    static ClassificationResult result(TwoStreamLoss.Mode mode, double... overall) {
        List<ClassificationResult.SeedResult> seeds = new java.util.ArrayList<>();
        for (int s = 0; s < overall.length; s++) {
            double[] hits = new double[3000];
            for (int i = 0; i < Math.round(overall[s] * 3000); i++) hits[i] = 1;
            seeds.add(new ClassificationResult.SeedResult(s + 1, overall[s], MeanCi.of(hits), Map.of(Metric.HEAD, overall[s]), new double[10],
                    0f, new float[0], 1, 1));
        }
        return new ClassificationResult(BatchFormerMethod.baseline().withMode(mode).label(), "fashion-mnist-LT", "ρ=100", 3000,
                new int[10], List.of(Metric.HEAD), seeds, null);
    }

    @Test
    void accuracyIsTheTIntervalOverSeedsWithEachSeedAndOneRunsIntervalOverTestImagesShown() {
        var r = result(TwoStreamLoss.Mode.NONE, 0.60, 0.64, 0.65);
        // seeds 0.60, 0.64, 0.65: mean 0.63, s = sqrt((0.0009 + 0.0001 + 0.0004) / 2) = 0.0264575, t(0.975, 2) s / sqrt(3) = 0.0657244
        assertEquals(0.63, r.overall().mean(), 1e-12);
        assertEquals(0.0657244, r.overall().ci95(), 1e-6);
        // within run, seed 1: 1800 of 3000 right, 1.96 s / sqrt(3000) with s = sqrt(0.6 · 0.4 · 3000 / 2999) → 0.0175336
        assertEquals(3000, r.testImages());
        assertEquals(0.0175336, r.perSeed().get(0).withinRun().ci95(), 1e-6);
        var t = LongTailTables.accuracy("acc", List.of(r), List.of(Metric.HEAD));
        assertEquals(List.of("method", "overall %", "head %"), t.columnNames(), "one setting: columns are the metrics, the setting in the caption");
        assertTrue(t.name().contains("ρ=100"), t.name());
        assertEquals("63.0 ± 6.6\nseeds: 60.0 / 64.0 / 65.0", t.stringColumn("overall %").get(0));
        // two settings: a column group per setting, rows stay methods
        var r50 = new ClassificationResult(r.method(), r.dataset(), "ρ=50", r.testImages(), r.trainCounts(), r.groups(), r.perSeed(), null);
        var two = LongTailTables.accuracy("acc", List.of(r50, r), List.of(Metric.HEAD));
        assertEquals(List.of("method", "ρ=50 · overall %", "ρ=50 · head %", "ρ=100 · overall %", "ρ=100 · head %"), two.columnNames());
        assertEquals(1, two.rowCount());
    }

    @Test
    void gainsArePairedBySeedAndJudgedByTheTInterval() {
        var without = result(TwoStreamLoss.Mode.NONE, 0.60, 0.64, 0.65);
        // per-seed gains +0.02, +0.01, +0.03: mean 0.02, s = 0.01, t-CI 0.0248414 includes 0; 1.96 s / sqrt(3) = 0.0113161 would not
        var with = result(TwoStreamLoss.Mode.SHARED_CLASSIFIER, 0.62, 0.65, 0.68);
        var t = LongTailTables.pairedGains("gain", List.of(without), List.of(with), List.of(Metric.HEAD));
        assertEquals("+2.0 ± 2.5\nseeds: +2.0 / +1.0 / +3.0", t.stringColumn("overall").get(0));   // 2.00 < 2.48: not marked
        assertTrue(MeanCi.pairedDifference(with.values(Metric.OVERALL), without.values(Metric.OVERALL)).excludesZero(), "1.96·s/√n would have called it");
        // gains +0.02, +0.021, +0.019: t-CI 0.0024841 → excludes 0
        var steady = result(TwoStreamLoss.Mode.SHARED_CLASSIFIER, 0.62, 0.661, 0.669);
        assertEquals("+2.00 ± 0.25 " + Cells.DECIDED, LongTailTables.pairedGains("gain", List.of(without), List.of(steady), List.of())
                .stringColumn("overall").get(0).split("\n")[0]);
    }
}
