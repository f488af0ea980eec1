package glimpse.report;

import glimpse.eval.ResultRow;
import glimpse.experiment.ResultCache;
import glimpse.cli.NotebookOutcome;
import glimpse.cli.HtmlReport;
import glimpse.eval.MeanCi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class ReportTest {
    @TempDir Path tmp;

    @Test
    void resultsTableHoldsEveryColumnAndRendersEscapedHtml() {
        ResultsTable t = new ResultsTable("acc <table>")
                .add("ProtoNet", "glyphs", "5-way 1-shot", 1, "accuracy", MeanCi.of(new double[]{0.5, 0.7}), 12.5);
        var table = t.table();
        assertEquals(List.of("method", "dataset", "setting", "seed", "metric", "value", "ci95", "wall_s"), table.columnNames());
        assertEquals(0.6, table.doubleColumn("value").get(0), 1e-12);
        String html = Show.html(t);
        assertTrue(html.contains("acc &lt;table&gt;"), html);
        assertTrue(html.matches("(?s).*<td style=\"[^\"]*\">ProtoNet</td>.*"), html);
        assertTrue(html.indexOf("glimpse-caption") < html.indexOf("<table"), "the caption is text above the table, not squeezed into it");
    }

    @Test
    void missingNumbersRenderAsADashNotNull() {
        ResultsTable t = new ResultsTable("one seed")
                .add(new ResultRow("CE", "fmnist-lt", "rho 50", 3, "accuracy", 0.75, Double.NaN, 1.0));
        String html = Show.html(t);
        assertFalse(html.contains("null"), html);
        // paper-shaped: one seed's value with no interval, marked as one run; a setting it lacks is a dash
        assertTrue(html.contains(">0.7500 " + Cells.ONE_RUN + "<br>"), html);
        ResultsTable two = new ResultsTable("two").add(new ResultRow("CE", "d", "rho 50", 3, "accuracy", 0.75, Double.NaN, 1.0))
                .add(new ResultRow("BF", "d", "rho 10", 3, "accuracy", 0.5, Double.NaN, 1.0));
        assertTrue(Show.html(two).contains(">" + Show.MISSING + "</td>"), Show.html(two));
    }

    @Test
    void figuresAreImagesWithContent() {
        BufferedImage img = Figures.lines("acc vs shots", "shots", "accuracy",
                List.of(new Figures.Series("a", new double[]{1, 2, 5}, new double[]{0.5, 0.6, 0.7}, new double[]{0.01, 0.02, 0.01})));
        assertEquals(Figures.WIDTH, img.getWidth());
        assertTrue(nonWhitePixels(img) > 1000, "a chart draws axes and a line");
        BufferedImage heat = Figures.heatMap("attention", new double[][]{{0, 1}, {1, 0}});
        assertTrue(nonWhitePixels(heat) > 1000);
        BufferedImage bars = Figures.bars("b", "y", List.of("x1", "x2"), Map.of("s", new double[]{1, 2}));
        assertTrue(nonWhitePixels(bars) > 1000);
        assertThrows(IllegalArgumentException.class, () -> Figures.bars("b", "y", List.of("x1"), Map.of("s", new double[]{1, 2})));
    }

    static long nonWhitePixels(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) n++;
        return n;
    }

    record Config(String name, int k) {}
    record Result(double accuracy) {}

    @Test
    void resultCacheComputesOncePerConfig() {
        System.setProperty("glimpse.cache", tmp.toString());
        try {
            AtomicInteger calls = new AtomicInteger();
            Result a = ResultCache.getOrCompute("exp", new Config("x", 1), Result.class, checkpoints -> new Result(0.1 * calls.incrementAndGet()));
            Result b = ResultCache.getOrCompute("exp", new Config("x", 1), Result.class, checkpoints -> new Result(0.1 * calls.incrementAndGet()));
            Result c = ResultCache.getOrCompute("exp", new Config("x", 2), Result.class, checkpoints -> new Result(0.1 * calls.incrementAndGet()));
            assertEquals(a, b);
            assertEquals(2, calls.get(), "same config reuses, other config computes");
            assertNotEquals(a, c);
            System.setProperty("glimpse.recompute", "true");
            ResultCache.getOrCompute("exp", new Config("x", 1), Result.class, checkpoints -> new Result(0.1 * calls.incrementAndGet()));
            assertEquals(3, calls.get(), "recompute ignores the cache");
        } finally {
            System.clearProperty("glimpse.cache");
            System.clearProperty("glimpse.recompute");
        }
    }

    @Test
    void reportIndexKeepsEarlierNotebooksAndShowsFailures() throws Exception {
        HtmlReport.update(tmp, "quick", "rapaio", List.of(new NotebookOutcome("00-tour", "ok", 12.3, "", "a.ipynb", "notebooks/00-tour.html")));
        Path index = HtmlReport.update(tmp, "quick", "rapaio",
                List.of(new NotebookOutcome("01-ctx", "failed", 3.0, "01-ctx.ipynb: cell 4 of 9 raised <Boom>", "b.ipynb", "notebooks/01-ctx.html")));
        String html = Files.readString(index);
        assertTrue(html.contains("href=\"notebooks/00-tour.html\""), "earlier run kept");
        assertTrue(html.contains("12.3 s"));
        assertTrue(html.contains("cell 4 of 9 raised &lt;Boom&gt;"), html);
        assertTrue(html.contains("1 of 2 notebooks ran without error"));
    }
}
