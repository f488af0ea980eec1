package glimpse.report;

import glimpse.testing.SmokeFixture;
import glimpse.method.semanticprompt.SpPaperRuns;
import glimpse.method.semanticprompt.SpText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 02's paper section in smoke mode on the miniImageNet fixture (6 classes × 20 images of
 * 84 px per split): Visformer-tiny at 224 px, 2 pre-training steps, 2 meta-tuning steps, 2 test
 * episodes at 1 shot (nearest prototype) and 5 shots (logistic regression over the smoke run's views),
 * both arms, through to the paper's table beside ours and the verdict lines. (In glimpse.report, not
 * glimpse.method: the pinned-numerics execution reruns method tests, and this one compares no numbers.)
 */
class SpPaperSmokeTest {
    @TempDir Path root;
    private SmokeFixture fixture;

    @AfterEach void restore() { if (fixture != null) fixture.close(); }

    @Test
    void theMiniImageNetSectionRunsToThePapersTableBesideOurs() throws Exception {
        fixture = new SmokeFixture(root, "miniimagenet");

        long t0 = System.nanoTime();
        SpPaperRuns r = SpPaperRuns.run("miniimagenet", SpText.of(SpText.Encoder.MINILM));
        System.out.printf("smoke: %.0f s in all; per arm: stage 2 %.0f s / %.0f s, test %.0f s / %.0f s%n", (System.nanoTime() - t0) / 1e9,
                r.baseline().first().trainSeconds(), r.sp().first().trainSeconds(), r.baseline().first().evalSeconds(), r.sp().first().evalSeconds());
        assertEquals(2, r.recipe().pretraining().steps());
        assertEquals(2, r.recipe().metaTuning().steps());
        assertEquals(224, r.recipe().backbone().imageSize());
        assertEquals(List.of(1L), r.sp().seeds());

        Table ours = SpPaperTables.ours(r);
        assertTrue(ours.name().startsWith("SMOKE RUN"), ours.name());
        assertEquals(List.of("method", "miniimagenet · 5-way 1-shot", "miniimagenet · 5-way 5-shot"), ours.columnNames());
        assertEquals(List.of("baseline (no text)", "SP"), ours.stringColumn("method").asList());
        for (int row = 0; row < 2; row++)
            for (int c = 1; c < 3; c++) {
                double mean = Double.parseDouble(ours.column(c).getString(row).split(" ")[0]);
                assertTrue(mean >= 0 && mean <= 100, "accuracy % in range: " + mean);
            }
        for (int k : new int[] {1, 5}) assertEquals(2, r.sp().first().shots(k).perEpisode().length, "2 test episodes at " + k + " shots");

        String html = SpPaperTables.beside(r).html();
        assertTrue(html.contains("72.31 ± 0.40") && html.contains("83.42 ± 0.30"), "the paper's miniImageNet numbers are beside ours");
        String verdicts = SpPaperTables.verdicts(r);
        assertTrue(verdicts.contains("ours − paper"), verdicts);
        assertTrue(verdicts.contains("larger gain at 1 shot than at 5"), verdicts);
        assertTrue(verdicts.contains("not converged") || verdicts.contains("no verdict (one training run)"),
                "two steps and one seed give no verdict: " + verdicts);
    }
}
