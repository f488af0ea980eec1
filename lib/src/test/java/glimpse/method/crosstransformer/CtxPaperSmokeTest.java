package glimpse.method.crosstransformer;

import glimpse.testing.SmokeFixture;
import glimpse.fewshot.SeedRuns;
import glimpse.report.CtxPaperSection;
import glimpse.report.FewShotResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 01's paper section in smoke mode on the miniImageNet fixture (6 classes × 20 images of 84 px
 * per split, CSV and class-folder layouts in one folder): both arms of the paper's table — ProtoNet-L
 * and CTX + SimCLR episodes, ResNet-34 dilated at 224 px — at 2 updates, 2 test episodes per shot count
 * and one seed, through to our table beside the paper's and the verdict lines. tieredImageNet is left
 * out to keep the test short: it runs the same code on another folder.
 */
class CtxPaperSmokeTest {
    @TempDir Path root;
    private SmokeFixture fixture;

    @AfterEach void restore() { if (fixture != null) fixture.close(); }

    @Test
    void theMiniImageNetSectionRunsToOurTableBesideThePapers() throws Exception {
        fixture = new SmokeFixture(root, "miniimagenet");

        List<String> present = CtxPaperSection.presentBenchmarks();
        assertTrue(present.contains("miniimagenet"), "the CSV layout is found first: " + present);
        CtxRecipe paper = CtxRecipe.paper("miniimagenet");
        assertEquals(2, paper.ctxSimclr().training().steps());
        assertEquals(224, paper.ctxSimclr().input().size());
        assertEquals(1, paper.seeds());
        paper.cost(null).print();

        long t0 = System.nanoTime();
        List<SeedRuns> runs = paper.paperArms().stream().map(paper::runs).toList();
        System.out.printf("smoke: %.0f s for both arms; training %.1f s / %.1f s, test %.1f s / %.1f s%n", (System.nanoTime() - t0) / 1e9,
                runs.get(0).first().trainSeconds(), runs.get(1).first().trainSeconds(), runs.get(0).first().evalSeconds(), runs.get(1).first().evalSeconds());
        paper.cost(runs).print();
        assertTrue(paper.cost(runs).measuredCpuSecondsPerStep() > 0, "the smoke run times a step at the paper's image size");

        Table ours = FewShotResults.accuracyTable("ours", runs, 5);
        assertEquals(List.of("method", "miniImageNet · 5-way 1-shot", "miniImageNet · 5-way 5-shot"), ours.columnNames());
        assertEquals(List.of("ProtoNet + SimCLR eps", "CTX + SimCLR eps"), ours.stringColumn("method").asList());
        for (SeedRuns r : runs)
            for (int k : new int[] {1, 5}) {
                double[] acc = r.first().shots(k).perEpisode();
                assertEquals(2, acc.length, "2 test episodes at " + k + " shots");
                for (double a : acc) assertTrue(a >= 0 && a <= 1, "accuracy in [0, 1]: " + a);
                assertEquals(2, r.first().trainSteps());
                assertTrue(Float.isFinite(r.first().finalLoss()), "finite training loss");
            }

        String html = CtxPaperSection.beside(paper, runs).html();
        assertTrue(html.contains("SMOKE RUN (2 steps): meaningless"), "our table is labelled as a smoke run");
        assertTrue(html.contains("not reported"), "the paper has no miniImageNet cells, and says so");
        assertTrue(CtxPaperSection.paperTable().table().rowCount() == 10, "Meta-Dataset's ten test sources");
        String verdicts = CtxPaperSection.verdicts(runs);
        assertTrue(verdicts.contains("CTX + SimCLR eps − ProtoNet + SimCLR eps"), verdicts);
        assertEquals(2, verdicts.lines().filter(l -> l.contains("5-way")).count(), "one verdict line per shot count: " + verdicts);
    }
}
