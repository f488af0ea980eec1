package glimpse.report;

import glimpse.eval.ResultRow;
import glimpse.experiment.ResultCache;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.FewShotOutcome.ShotResult;
import glimpse.fewshot.SeedRuns;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FewShotResultsTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path cache;

    @Test
    void outcomesSurviveTheResultCacheRoundTripIncludingTheAttentionExample() {
        System.setProperty("glimpse.cache", cache.toString());
        try {
            var att = new glimpse.report.AttentionExample(7, new int[] {1, 2}, 2, 2,
                    new double[][][] {{{0.1, 0.2, 0.3, 0.4}, {0, 0, 0, 0}}, {{1, 0, 0, 0}, {0, 0, 0, 0}},
                            {{0.5, 0, 0, 0}, {0, 0, 0, 0.5}}, {{0, 0, 0, 0}, {0.25, 0.25, 0.25, 0.25}}}, 1, 1);
            FewShotOutcome o = new FewShotOutcome("CTX", "t", List.of(new ShotResult(5, new double[] {0.5, 1.0})), 3, 4, 5, Float.NaN,
                    new float[] {2, 1}, 6, 0, java.util.Map.of("attention off", List.of(new ShotResult(5, new double[] {0.25, 0.75}))),
                    new com.google.gson.Gson().toJsonTree(att));
            FewShotOutcome first = ResultCache.getOrCompute("test", List.of(1), FewShotOutcome.class, checkpoints -> o);
            FewShotOutcome second = ResultCache.getOrCompute("test", List.of(1), FewShotOutcome.class, checkpoints -> { throw new AssertionError("not cached"); });
            assertNotSame(first, second);
            assertArrayEquals(o.shots(5).perEpisode(), second.shots(5).perEpisode());
            assertTrue(Float.isNaN(second.finalLoss()));
            assertArrayEquals(o.lossCurve(), second.lossCurve());
            var look = second.inspection(glimpse.report.AttentionExample.class);
            assertEquals(0.25, look.weights()[3][1][2]);
            assertArrayEquals(new int[] {1, 2}, look.supportImages());
            assertArrayEquals(new double[] {0.25, 0.75}, second.variant(glimpse.method.crosstransformer.CtxMethod.ATTENTION_OFF).shots(5).perEpisode());
            assertEquals("CTX, attention off at test", second.variant(glimpse.method.crosstransformer.CtxMethod.ATTENTION_OFF).method());
        } finally {
            System.clearProperty("glimpse.cache");
        }
    }

    /** A loss curve whose last two quarters agree: converged. */
    static final float[] SETTLED = {3, 2, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f};

    static FewShotOutcome outcome(String method, double[] oneShot) { return outcome(method, oneShot, SETTLED); }

    static FewShotOutcome outcome(String method, double[] oneShot, float[] losses) {
        return new FewShotOutcome(method, "task", List.of(new ShotResult(1, oneShot)), 10, 100, 5, 0.1f, losses, 2, 0,
                java.util.Map.of(), null);
    }

    static SeedRuns runs(String method, double[]... perSeedEpisodes) {
        List<Long> seeds = new java.util.ArrayList<>();
        List<FewShotOutcome> os = new java.util.ArrayList<>();
        for (int i = 0; i < perSeedEpisodes.length; i++) { seeds.add(1L + i); os.add(outcome(method, perSeedEpisodes[i])); }
        return new SeedRuns(seeds, os);
    }

    // seed 1: differences 0.1, 0.2, 0.0, 0.3 (mean 0.15, within-run CI 0.1265); seeds 2 and 3: every episode +0.01 / +0.02
    static final double[] B = {0.5, 0.6, 0.7, 0.6}, B2 = {0.5, 0.6, 0.7, 0.8};
    static final SeedRuns A_RUNS = runs("A", new double[] {0.6, 0.8, 0.7, 0.9}, new double[] {0.51, 0.61, 0.71, 0.81}, new double[] {0.52, 0.62, 0.72, 0.82});
    static final SeedRuns B_RUNS = runs("B", B, B2, B2);

    @Test
    void pairedOverSeedsIsTheTIntervalOfThePerSeedMeanDifferences() {
        FewShotResults.Comparison c = FewShotResults.paired(A_RUNS, B_RUNS, 5).get(0);
        assertEquals(List.of(1L, 2L, 3L), c.seeds());
        assertArrayEquals(new double[] {0.15, 0.01, 0.02}, c.perSeed(), 1e-12);
        assertEquals(1.96 * Math.sqrt(0.05 / 3) / 2, c.withinRunCi()[0], 1e-12);
        assertEquals(4, c.episodes());
        // per-seed differences 0.15, 0.01, 0.02: mean 0.06, s = 0.0781025, t(0.975, 2) * s / sqrt(3) = 0.1940174
        assertEquals(0.06, c.overSeeds().mean(), 1e-12);
        assertEquals(0.1940174, c.overSeeds().ci95(), 1e-6);
        assertEquals("5-way 1-shot", c.setting());
        assertEquals("A − B", c.name());
    }

    @Test
    void verdictsAreDecidedByTheIntervalOverSeedsNotByAnyRunsEpisodeInterval() {
        FewShotResults.Comparison c = FewShotResults.paired(A_RUNS, B_RUNS, 5).get(0);
        for (int i = 0; i < 3; i++) assertTrue(Math.abs(c.perSeed()[i]) > c.withinRunCi()[i], "each run alone would call A better");
        assertEquals("no significant difference (CI includes 0)", c.verdict().word());

        // differences 0.10, 0.12, 0.11 on every episode: mean 0.11, s = 0.01, CI 0.0248414: A better, whichever way round
        SeedRuns a = runs("A", new double[] {0.6, 0.7}, new double[] {0.62, 0.72}, new double[] {0.61, 0.71});
        SeedRuns b = runs("B", new double[] {0.5, 0.6}, new double[] {0.5, 0.6}, new double[] {0.5, 0.6});
        List<FewShotResults.Comparison> cs = new java.util.ArrayList<>(FewShotResults.paired(a, b, 5));
        cs.addAll(FewShotResults.paired(b, a, 5));
        cs.add(c);
        assertEquals(0.0248414, cs.get(0).overSeeds().ci95(), 1e-6);
        String[] all = FewShotResults.verdicts(cs).split("\n");
        assertEquals("task", all[0], "the task heads its lines");
        String[] lines = java.util.Arrays.stream(all).filter(l -> l.startsWith("  ")).toArray(String[]::new);
        assertEquals(3, lines.length);
        // MDD of 0.10, 0.12, 0.11: (4.302653 + 1.060660)·0.01/√3 = 3.10 pp
        // columns: setting, interval, what the verdict weighed, then the verdict
        assertTrue(lines[0].matches("  5-way 1-shot  \\+11\\.0 ± 2\\.5 pp over 3 seeds × 2 episodes  MDD 3\\.10 pp, both arms converged +→ A − B: A better"), lines[0]);
        assertTrue(lines[1].matches("  5-way 1-shot  -11\\.0 ± 2\\.5 pp over 3 seeds × 2 episodes  MDD 3\\.10 pp, both arms converged +→ B − A: A better"), lines[1]);
        assertTrue(lines[2].contains("MDD 24.18 pp, both arms converged"), lines[2]);
        assertTrue(lines[2].endsWith("→ A − B: no significant difference (CI includes 0)"), lines[2]);
    }

    @Test
    void seedsThatAgreeOnTheSameFewEpisodesDoNotMakeAVerdict() {
        // every seed: per-episode differences −0.02, +0.02, −0.05, +0.01 on the same 4 episodes. Over seeds: −0.01 ± 0
        // (no spread); over seeds and episodes: s = √(0.003/3) = 0.031623, se = s/2, t(0.975, 3)·se = 3.182446·0.015811 = 0.050318
        double[] ea = {0.6, 0.7, 0.5, 0.8}, eb = {0.62, 0.68, 0.55, 0.79};
        FewShotResults.Comparison c = FewShotResults.paired(runs("A", ea, ea, ea), runs("B", eb, eb, eb), 5).get(0);
        assertEquals(0, c.overSeeds().ci95(), 1e-12, "the t-interval over seeds alone would call B better");
        assertEquals(-0.01, c.difference().mean(), 1e-12);
        assertEquals(0.050318, c.difference().ci95(), 1e-6);
        assertEquals(glimpse.eval.Verdict.Kind.NO_SIGNIFICANT_DIFFERENCE, c.verdict().kind());
        tech.tablesaw.api.Table table = FewShotResults.pairedTable("t", List.of(c));
        assertFalse(table.stringColumn(1).get(0).contains(Cells.DECIDED), table.stringColumn(1).get(0));
        assertTrue(table.name().contains("none here"), table.name());
    }

    @Test
    void thePapersEffectTurnsAnUnseenDifferenceIntoUnderpoweredAndAnUnconvergedArmIntoNoVerdict() {
        // per-seed differences 0.15, 0.01, 0.02: MDD (4.302653 + 1.060660)·0.0781025/√3 = 24.18 pp
        var paper = glimpse.eval.PaperEffect.points(3.67, "a paper, Table 1");
        FewShotResults.Comparison c = FewShotResults.paired(A_RUNS, B_RUNS, 5, k -> k == 1 ? paper : null).get(0);
        assertEquals(0.2418, c.verdict().mdd(), 1e-4);
        assertEquals(glimpse.eval.Verdict.Kind.UNDERPOWERED, c.verdict().kind());
        assertTrue(FewShotResults.verdicts(List.of(c)).contains("MDD 24.18 pp, paper: +3.67 pp (a paper, Table 1), both arms converged  → A − B: underpowered"),
                FewShotResults.verdicts(List.of(c)));
        assertNull(FewShotResults.paired(A_RUNS, B_RUNS, 5, k -> k == 5 ? paper : null).get(0).paper(), "the paper's effect belongs to its shot count");

        // the same episodes, but B's first seed was still learning when it stopped
        SeedRuns falling = new SeedRuns(List.of(1L, 2L, 3L), List.of(outcome("B", B, new float[] {3, 3, 3, 3, 2, 2, 1, 1}), outcome("B", B2), outcome("B", B2)));
        var v = FewShotResults.paired(A_RUNS, falling, 5, k -> k == 1 ? paper : null).get(0).verdict();
        assertEquals(glimpse.eval.Verdict.Kind.NOT_CONVERGED, v.kind());
        assertTrue(v.word().startsWith("not converged — not a test of the paper's claim (B: still falling"), v.word());
    }

    @Test
    void anEpisodicLossIsJudgedOnTheScaleOfLnWays() {
        // quarters 0.229 → 0.211 (as 02's baseline in the full run of 8ffc755): −7.9 % of the previous quarter, but −1.1 % of ln 5
        float[] curve = {0.60f, 0.40f, 0.35f, 0.30f, 0.229f, 0.229f, 0.211f, 0.211f};
        SeedRuns relative = new SeedRuns(List.of(1L), List.of(outcome("B", B, curve))), fiveWay = new SeedRuns(List.of(1L), List.of(outcome("B", B, curve)), 5);
        assertEquals(glimpse.eval.Convergence.Status.STILL_FALLING, relative.convergence(1).status(), "no chance level: relative");
        assertEquals(glimpse.eval.Convergence.Status.CONVERGED, fiveWay.convergence(1).status());
        assertEquals((0.211 - 0.229) / Math.log(5), fiveWay.convergence(1).change(), 1e-6);
        assertEquals(5, fiveWay.firstSeeds(1).lossClasses(), "derived runs keep the scale");
        // a 5-way curve that never left ln 5 = 1.609 is at chance, however flat
        assertEquals(glimpse.eval.Convergence.Status.AT_CHANCE, new SeedRuns(List.of(1L), List.of(outcome("B", B,
                new float[] {1.62f, 1.61f, 1.61f, 1.6f, 1.6f, 1.6f, 1.6f, 1.6f})), 5).convergence(1).status());
        // the verdict reads that scale
        SeedRuns settledOnLnWays = new SeedRuns(List.of(1L, 2L, 3L), List.of(outcome("B", B, curve), outcome("B", B2, curve), outcome("B", B2, curve)), 5);
        SeedRuns fallingRelatively = new SeedRuns(List.of(1L, 2L, 3L), settledOnLnWays.outcomes());
        assertNotEquals(glimpse.eval.Verdict.Kind.NOT_CONVERGED, FewShotResults.paired(A_RUNS, settledOnLnWays, 5).get(0).verdict().kind());
        assertEquals(glimpse.eval.Verdict.Kind.NOT_CONVERGED, FewShotResults.paired(A_RUNS, fallingRelatively, 5).get(0).verdict().kind());
    }

    @Test
    void oneTrainingRunGetsNoVerdictHoweverNarrowItsEpisodeInterval() {
        FewShotResults.Comparison one = FewShotResults.paired(A_RUNS.firstSeeds(1), B_RUNS, 5).get(0);
        assertEquals(List.of(1L), one.seeds());   // paired on the seeds both have
        assertTrue(Math.abs(one.perSeed()[0]) > one.withinRunCi()[0]);
        assertFalse(one.seedLevel());
        assertTrue(one.verdict().word().startsWith("no verdict"), one.verdict().word());
        assertTrue(FewShotResults.verdicts(List.of(one)).contains("+15 ± 13 pp within seed 1's run"), FewShotResults.verdicts(List.of(one)));
        assertThrows(IllegalArgumentException.class, () -> FewShotResults.paired(A_RUNS,
                new SeedRuns(List.of(9L), List.of(outcome("B", B))), 5));   // no common seed
        assertThrows(IllegalArgumentException.class, () -> FewShotResults.paired(A_RUNS,
                runs("B", new double[] {0.5}, new double[] {0.5}, new double[] {0.5}), 5));   // not the same episodes
    }

    @Test
    void tablesArePaperShapedMethodsByShotsWithEverySeedUnderTheIntervalOverSeeds() {
        SeedRuns oneRun = B_RUNS.firstSeeds(1);
        tech.tablesaw.api.Table acc = FewShotResults.accuracyTable("acc", List.of(A_RUNS, oneRun), 5);
        assertEquals(List.of("method", "task · 5-way 1-shot"), acc.columnNames(), "rows are methods, columns task × setting");
        assertEquals(List.of("A", "B"), acc.stringColumn(0).asList());
        // seeds' means 0.75, 0.66, 0.67: t-CI over seeds; under it each seed ± its within-run CI
        var over = glimpse.eval.MeanCi.overSeeds(new double[] {0.75, 0.66, 0.67});
        String[] a = acc.stringColumn(1).get(0).split("\n");
        assertEquals(Cells.meanCi(100 * over.mean(), 100 * over.ci95()), a[0]);
        var seed1 = glimpse.eval.MeanCi.of(new double[] {0.6, 0.8, 0.7, 0.9});
        assertTrue(a[1].startsWith("seeds: " + Cells.meanCi(100 * seed1.mean(), 100 * seed1.ci95()) + " · "), a[1]);
        // one training run: its within-run interval, marked as such
        var b1 = glimpse.eval.MeanCi.of(B);
        assertEquals(Cells.meanCi(100 * b1.mean(), 100 * b1.ci95()) + " " + Cells.ONE_RUN, acc.stringColumn(1).get(1).split("\n")[0]);
        assertTrue(acc.name().contains(Cells.LEGEND_ONE_RUN), acc.name());

        tech.tablesaw.api.Table p = FewShotResults.pairedTable("p", FewShotResults.paired(A_RUNS, B_RUNS, 5));
        assertEquals(List.of("comparison (pp)", "task · 5-way 1-shot"), p.columnNames());
        // per seed +15.00 ± 12.65, +1, +2 → mean +6.00 ± 19.40 over seeds: includes 0, so no mark
        String[] cell = p.stringColumn(1).get(0).split("\n");
        assertEquals("+6 ± 19", cell[0]);
        assertTrue(cell[1].startsWith("seeds: +15 ± 13 · "), cell[1]);
    }

    @Test
    void aDifferenceIsMarkedExactlyWhereTheIntervalOverSeedsExcludesZero() {
        // every seed +10 points on every episode but one: differences 0.10, 0.11, 0.12 over seeds → excludes 0
        SeedRuns b = runs("B", new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5, 0.5});
        SeedRuns a = runs("A", new double[] {0.6, 0.6, 0.6, 0.6}, new double[] {0.61, 0.61, 0.61, 0.61}, new double[] {0.62, 0.62, 0.62, 0.62});
        var cs = FewShotResults.paired(a, b, 5);
        assertTrue(cs.get(0).overSeeds().excludesZero());
        String marked = FewShotResults.pairedTable("p", cs).stringColumn(1).get(0).split("\n")[0];
        assertTrue(marked.endsWith(" " + Cells.DECIDED), marked);
        String unmarked = FewShotResults.pairedTable("p", FewShotResults.paired(A_RUNS, B_RUNS, 5)).stringColumn(1).get(0).split("\n")[0];
        assertFalse(unmarked.contains(Cells.DECIDED), unmarked);
        // a single training run is never marked, however far from 0
        String single = FewShotResults.pairedTable("p", FewShotResults.paired(a.firstSeeds(1), b.firstSeeds(1), 5)).stringColumn(1).get(0);
        assertFalse(single.contains(Cells.DECIDED), single);
        assertTrue(single.contains(Cells.ONE_RUN), single);
    }

    @Test
    void curvesShowTheIntervalOverSeedsOrOneRunsWithinRunIntervalSaidSo() {
        Figures.Series over = FewShotResults.shotsCurve(A_RUNS);
        assertEquals("A", over.name());
        assertEquals(100 * glimpse.eval.MeanCi.overSeeds(new double[] {0.75, 0.66, 0.67}).ci95(), over.ci()[0], 1e-9);
        Figures.Series one = FewShotResults.curve("A", new double[] {16}, List.of(A_RUNS.firstSeeds(1)), 1);
        assertTrue(one.name().contains("1 run; bars: within-run CI"), one.name());
        assertEquals(100 * glimpse.eval.MeanCi.of(new double[] {0.6, 0.8, 0.7, 0.9}).ci95(), one.ci()[0], 1e-9);
    }

    @Test
    void seedRunsTrainSeedsFromTheFirstOnTheSameTestEpisodes() {
        var task = glimpse.fewshot.FewShotTask.of("t", "glyphs", "base", "novel", 2);
        var model = glimpse.fewshot.FewShotRecipe.of(glimpse.method.protonet.ProtoNetMethod.pooled(), glimpse.nn.FewShotBackbone.CONV4_LAST_UNPOOLED, 5)
                .with(b -> b.pretraining(3, 16)).withSeed(99);
        var eval = new glimpse.fewshot.FewShotEval(5, new int[] {1}, 10, 30, 7);
        List<glimpse.fewshot.FewShotSpec> asked = new java.util.ArrayList<>();
        SeedRuns r = SeedRuns.of(new glimpse.fewshot.FewShotSpec(task, model, eval), 4, 3, s -> {
            asked.add(s);
            return outcome("A", new double[] {0.1 * s.recipe().seed()});
        });
        assertEquals(List.of(4L, 5L, 6L), r.seeds());
        assertEquals(List.of(4L, 5L, 6L), asked.stream().map(s -> s.recipe().seed()).toList());
        assertEquals(List.of(0L, 0L, 0L), asked.stream().map(s -> s.recipe().pretraining().seed()).toList(),
                "the seeds share one pre-training: its seed is its own");
        assertTrue(asked.stream().allMatch(s -> s.eval() == eval && s.task() == task), "test episodes and task unchanged");
        assertEquals(model.withSeed(5), asked.get(1).recipe());
        assertArrayEquals(new double[] {0.4, 0.5, 0.6}, r.seedMeans(1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SeedRuns.of(new glimpse.fewshot.FewShotSpec(task, model, eval), 1, 0, s -> null));
        assertThrows(IllegalArgumentException.class, () -> new SeedRuns(List.of(1L, 2L), List.of(outcome("A", B), outcome("other", B))));
    }

    @Test
    void pairedRowsAreTheMeanAndCiOfPerEpisodeDifferencesInPoints() {
        FewShotOutcome a = outcome("A", new double[] {0.6, 0.8, 0.7, 0.9}), b = outcome("B", new double[] {0.5, 0.6, 0.7, 0.6});
        // differences 0.1, 0.2, 0.0, 0.3: mean 0.15, sample sd sqrt(((.05)^2+(.05)^2+(.15)^2+(.15)^2)/3) = sqrt(0.05/3)
        ResultRow r = FewShotResults.pairedRows(a, b, 5, 0).get(0);
        assertEquals(15.0, r.value(), 1e-9);
        assertEquals(100 * 1.96 * Math.sqrt(0.05 / 3) / 2, r.ci95(), 1e-9);
        assertEquals("A − B", r.method());
        assertEquals("5-way 1-shot", r.setting());
        assertTrue(r.metric().contains("within-run CI (excludes 0)") == (15.0 > r.ci95()));

        ResultRow acc = FewShotResults.accuracyRows(a, 5, 0).get(0);
        assertEquals(75.0, acc.value(), 1e-9);
        assertEquals(12.0, acc.wallSeconds(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> FewShotResults.pairedRows(a,
                new FewShotOutcome("C", "other", List.of(), 0, 0, 0, 0, new float[0], 0, 0, java.util.Map.of(), null), 5, 0));
    }
}
