package glimpse.method.crosstransformer;

import glimpse.data.sampling.Episode;
import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.SeedRuns;
import glimpse.report.CtxPaperSection;
import glimpse.report.FewShotResults;
import glimpse.testing.SmokeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 01's ILSVRC row in smoke mode on the ILSVRC fixture (ImageNet's {@code train/<wnid>/} folders,
 * 6 classes × 20 JPEGs per split, and a split file in Meta-Dataset's dataset_spec.json shape): both arms —
 * ProtoNet-L and CTX + SimCLR episodes, ResNet-34 dilated at 224 px — trained 2 updates on Meta-Dataset's
 * variable-way, variable-shot episodes (smoke bounds) and tested on 2 such episodes, through to our table
 * beside the paper's ILSVRC row and the verdict line.
 */
class CtxIlsvrcSmokeTest {
    @TempDir Path root;
    private SmokeFixture fixture;

    @AfterEach void restore() { if (fixture != null) fixture.close(); }

    @Test
    void theIlsvrcRowRunsToOurTableBesideThePapers() {
        try {
            fixture = new SmokeFixture(root, CtxRecipe.ILSVRC);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(CtxPaperSection.presentBenchmarks().contains(CtxRecipe.ILSVRC), "the fixture is found");
        CtxRecipe paper = CtxRecipe.paper(CtxRecipe.ILSVRC);
        assertTrue(paper.variableEpisodes());
        assertEquals(CtxRecipe.SMOKE_EPISODES, paper.eval().variable());
        assertTrue(paper.ctxSimclr().episodes().isVariable() && paper.protonet().episodes().isVariable(), "trained on variable episodes");
        assertEquals(2, paper.ctxSimclr().training().steps());
        paper.cost(null).print();

        long t0 = System.nanoTime();
        List<SeedRuns> runs = paper.paperArms().stream().map(paper::runs).toList();
        System.out.printf("ILSVRC smoke: %.0f s for both arms; training %.1f s / %.1f s, test %.1f s / %.1f s%n", (System.nanoTime() - t0) / 1e9,
                runs.get(0).first().trainSeconds(), runs.get(1).first().trainSeconds(), runs.get(0).first().evalSeconds(), runs.get(1).first().evalSeconds());
        paper.cost(runs).print();

        // the saved test episodes are Meta-Dataset's: 5 or 6 ways of the 6 test classes, ≤ 2 queries per class, ≤ 10 supports
        List<Episode> test = paper.task().testEpisodes(paper.eval()).get(FewShotEval.VARIABLE_SHOTS);
        assertEquals(2, test.size());
        for (Episode e : test) {
            assertTrue(e.ways() >= 5 && e.ways() <= 6, e.toString());
            assertEquals(2, e.queriesPerClass(), "min(2, ⌊20/2⌋)");
            assertTrue(e.support().length >= e.ways() && e.support().length <= 10, e.toString());
        }

        Table ours = FewShotResults.accuracyTable("ours", runs, paper.eval().ways());
        assertEquals(List.of("method", "ILSVRC (Meta-Dataset split) · variable ways and shots"), ours.columnNames());
        assertEquals(List.of("ProtoNet + SimCLR eps [Meta-Dataset episodes]", "CTX + SimCLR eps [Meta-Dataset episodes]"), ours.stringColumn("method").asList());
        for (SeedRuns r : runs) {
            double[] acc = r.first().shots(FewShotEval.VARIABLE_SHOTS).perEpisode();
            assertEquals(2, acc.length);
            for (double a : acc) assertTrue(a >= 0 && a <= 1, "accuracy in [0, 1]: " + a);
            assertEquals(2, r.first().trainSteps());
            assertTrue(Float.isFinite(r.first().finalLoss()), "finite training loss");
        }

        String html = CtxPaperSection.beside(paper, runs).html();
        assertTrue(html.contains("SMOKE RUN (2 steps): meaningless"), "our table is labelled as a smoke run");
        assertTrue(html.contains("53.69") && html.contains("62.76"), "the paper's ILSVRC cells beside ours");
        assertFalse(html.contains("not reported"), "the ILSVRC row has the paper's numbers");
        String verdicts = CtxPaperSection.verdicts(runs);
        assertTrue(verdicts.contains("CTX + SimCLR eps [Meta-Dataset episodes] − ProtoNet + SimCLR eps [Meta-Dataset episodes]"), verdicts);
        assertTrue(verdicts.contains("variable ways and shots"), verdicts);
    }
}
