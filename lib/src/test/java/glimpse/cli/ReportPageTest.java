package glimpse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A report folder that renders anywhere, and an index that says what each notebook did. */
class ReportPageTest {
    /** The head nbconvert 6.5 writes on Debian (abridged): require.js and MathJax from this machine's system files. */
    static final String NBCONVERT_PAGE = """
            <!DOCTYPE html><html><head><meta charset="utf-8" />
            <title>Notebook</title><script src="file:///usr/share/javascript/requirejs/require.min.js"></script>
            <style type="text/css">body { color: #000; }</style>
            <!-- Load mathjax -->
                <script src="file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"> </script>
                <!-- MathJax configuration -->
                <script type="text/x-mathjax-config">
                init_mathjax = function() { MathJax.Hub.Queue(["Typeset", MathJax.Hub]); }
                init_mathjax();
                </script>
                <!-- End of mathjax configuration --></head>
            <body><div class="jp-MarkdownOutput"><p>Attention $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$</p></div>
            <img src="data:image/png;base64,AAAA"></body></html>
            """;

    @Test
    void pagesLoadTheirMathRendererFromTheReportFolderAndNothingFromOutside() {
        assertEquals(List.of("file:///usr/share/javascript/requirejs/require.min.js",
                "file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"), ReportPage.externalReferences(NBCONVERT_PAGE));
        String out = ReportPage.selfContained(NBCONVERT_PAGE, "../assets");
        assertEquals(List.of(), ReportPage.externalReferences(out), out);
        assertFalse(out.contains("mathjax") || out.contains("MathJax"), out);
        assertTrue(out.contains("<link rel=\"stylesheet\" href=\"../assets/katex/katex.min.css\">"), out);
        assertTrue(out.contains("src=\"../assets/katex/katex.min.js\"") && out.contains("src=\"../assets/katex/auto-render.min.js\""), out);
        assertTrue(out.indexOf("katex.min.js") < out.indexOf("</head>"), "loaded in the head");
        assertTrue(out.contains("$\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$"), "the TeX itself is left for KaTeX to render in the browser");
        assertTrue(out.contains("data:image/png;base64,AAAA"), "inline figures stay");
    }

    @Test
    void theAssetsAreCopiedAndTheRewrittenPagePointsAtThemRelatively(@TempDir Path report) throws Exception {
        List<Path> files = ReportAssets.install(report);
        assertTrue(files.size() >= 25, files.toString());
        for (String f : List.of("assets/katex/katex.min.js", "assets/katex/katex.min.css", "assets/katex/auto-render.min.js",
                "assets/katex/fonts/KaTeX_Main-Regular.woff2", "assets/katex/LICENSE", "assets/glimpse.css"))
            assertTrue(Files.size(report.resolve(f)) > 0, f);
        // every font the style sheet names in woff2 is there
        String css = Files.readString(report.resolve("assets/katex/katex.min.css"));
        var m = java.util.regex.Pattern.compile("url\\((fonts/[^)]+\\.woff2)\\)").matcher(css);
        int fonts = 0;
        while (m.find()) { fonts++; assertTrue(Files.isRegularFile(report.resolve("assets/katex").resolve(m.group(1))), m.group(1)); }
        assertEquals(20, fonts);
        Path page = Files.createDirectories(report.resolve("notebooks")).resolve("00-tour.html");
        Files.writeString(page, NBCONVERT_PAGE);
        ReportPage.rewrite(page, report);
        String out = Files.readString(page);
        assertTrue(out.contains("href=\"../assets/katex/katex.min.css\""), out);
        assertTrue(Files.isRegularFile(page.getParent().resolve("../assets/katex/katex.min.css").normalize()));
    }

    static String png(int w, int h) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** An executed notebook: set-up, a figure, a results table, the figure after it, then the verdict cell. */
    static String ipynb(String tags) throws Exception {
        return """
                {"cells": [
                 {"cell_type": "markdown", "metadata": {}, "source": ["# t"]},
                 {"cell_type": "code", "metadata": {}, "source": "x", "outputs": [
                   {"output_type": "stream", "name": "stdout", "text": ["set-up line\\n"]},
                   {"output_type": "display_data", "data": {"image/png": "%s"}, "metadata": {}}]},
                 {"cell_type": "code", "metadata": {}, "source": "t", "outputs": [
                   {"output_type": "display_data", "data": {"text/html": "<table><tr><td>1</td></tr></table>"}, "metadata": {}}]},
                 {"cell_type": "code", "metadata": {"tags": [%s]}, "source": "f", "outputs": [
                   {"output_type": "display_data", "data": {"image/png": "%s", "text/plain": "img"}, "metadata": {}}]},
                 {"cell_type": "code", "metadata": {}, "source": "v", "outputs": [
                   {"output_type": "stream", "name": "stdout", "text": "[log] per-seed results and cache details of this session: build/x.run.log\\nCTX − ProtoNet +3.0 ± 1.0 pp: CTX better\\n\\nsecond line\\n"},
                   {"output_type": "stream", "name": "stderr", "text": "a warning\\n"}]},
                 {"cell_type": "code", "metadata": {}, "source": "", "outputs": []}
                ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """.formatted(png(10, 10), tags, png(300, 150));
    }

    @Test
    void theHeadlineIsWhatTheLastPrintingCellPrintedAndTheKeyFigureFollowsTheFirstTable() throws Exception {
        NotebookSummary s = NotebookSummary.of(ipynb(""));
        assertEquals(List.of("CTX − ProtoNet +3.0 ± 1.0 pp: CTX better", "second line"), s.headline(), "stdout only, blank lines and the run-log line dropped");
        assertEquals(png(300, 150), s.keyFigurePng(), "the first figure after the first table");
        // a tagged cell wins
        String tagged = ipynb("\"key-figure\"").replaceFirst("\"metadata\": \\{\\}, \"source\": \"x\"", "\"metadata\": {\"tags\": [\"key-figure\"]}, \"source\": \"x\"");
        assertEquals(png(10, 10), NotebookSummary.of(tagged).keyFigurePng());
    }

    @Test
    void theIndexShowsRealTimesPeakMemoryHeadlineThumbnailAndLinks(@TempDir Path build) throws Exception {
        Path report = Files.createDirectories(build.resolve("report/quick"));
        Files.createDirectories(report.resolve("notebooks"));
        Files.writeString(report.resolve("notebooks/01-ctx.ipynb"), ipynb(""));
        Path csv = Files.createDirectories(build.resolve("results")).resolve("01-ctx-quick.csv");
        Files.writeString(csv, "method,value\n");
        Files.writeString(build.resolve("results/01-ctx-full.csv"), "another mode's\n");
        var a = new NotebookOutcome("00-tour", "ok", 51.3, "", null, null, "2026-12-01T12:03:56Z", "2026-12-01T12:04:47Z", 1234.5);
        var b = new NotebookOutcome("01-ctx", "ok", 175.3, "", "x", "notebooks/01-ctx.html",
                java.time.Instant.now().minusSeconds(5).toString(), java.time.Instant.now().toString(), Double.NaN);
        Path index = HtmlReport.update(report, "quick", "rapaio", List.of(a, b));
        String html = Files.readString(index);
        assertTrue(html.contains("started 2026-12-01 12:03:56 UTC<br>finished 2026-12-01 12:04:47 UTC<br>wall 51.3 s"), html);
        assertTrue(html.contains("kernel peak RSS 1235 MiB") && html.contains("kernel peak RSS —"), html);
        assertTrue(html.contains("CTX − ProtoNet +3.0 ± 1.0 pp: CTX better\nsecond line"), html);
        assertTrue(html.contains("href=\"notebooks/01-ctx.ipynb\">executed .ipynb"), html);
        assertTrue(html.contains("href=\"results/01-ctx-quick.csv\""), html);
        assertFalse(html.contains("01-ctx-full.csv"), "another mode's CSV is not this run's");
        assertTrue(Files.isRegularFile(report.resolve("results/01-ctx-quick.csv")), "the CSV travels with the report");
        assertTrue(html.contains("src=\"thumbs/01-ctx.png\""), html);
        BufferedImage thumb = ImageIO.read(report.resolve("thumbs/01-ctx.png").toFile());
        assertEquals(HtmlReport.THUMB_WIDTH, thumb.getWidth());
        assertEquals(120, thumb.getHeight(), "aspect kept: 300 × 150 → 240 × 120");
        assertTrue(html.contains("href=\"assets/glimpse.css\""), html);
        assertEquals(List.of(), ReportPage.externalReferences(html));
        // a later run of one notebook keeps the other's row and times
        HtmlReport.update(report, "quick", "rapaio", List.of(b));
        assertTrue(Files.readString(index).contains("finished 2026-12-01 12:04:47 UTC"));
    }

    @Test
    void theResultsNotebookLeadsTheIndexAndASmokeIndexSaysItsNumbersMeanNothing() {
        java.util.function.Function<String, HtmlReport.Entry> row = nb -> new HtmlReport.Entry(
                new NotebookOutcome(nb, "ok", 1.0, "", null, null, null, null, Double.NaN), "glimpse", List.of(), null, List.of());
        String html = HtmlReport.render("quick", List.of(row.apply("00-tour"), row.apply("01-ctx"), row.apply("06-results")));
        assertTrue(html.indexOf("06-results") < html.indexOf("00-tour") && html.indexOf("00-tour") < html.indexOf("01-ctx"), html);
        assertFalse(html.contains("SMOKE RUN"), html);
        assertTrue(HtmlReport.render("smoke", List.of(row.apply("01-ctx"))).contains("SMOKE RUN:"), "a smoke index is marked as one");
    }

    @Test
    void peakMemoryIsReadFromProcWhereThereIsOne() {
        long self = KernelMemory.highWaterKiB(ProcessHandle.current().pid());
        if (Files.isDirectory(Path.of("/proc/self"))) assertTrue(self > 10_000, "this JVM's own high-water mark: " + self + " KiB");
        assertEquals(-1, KernelMemory.highWaterKiB(Long.MAX_VALUE));
    }
}
