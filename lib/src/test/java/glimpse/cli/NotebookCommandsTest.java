package glimpse.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text `./glimpse test` ends with: what was skipped is said, with why and how to enable it. */
class NotebookCommandsTest {
    private static final String REASON = "chromium is not installed and this user cannot install it; fix: sudo apt-get install -y chromium";
    private static final SurefireSummary NO_UNIT_SKIPS = new SurefireSummary(10, 0, 0, 0, List.of());

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach void restore() {
        System.setOut(stdout);
    }

    private static List<NotebookOutcome> notebooks(String... names) {
        return java.util.Arrays.stream(names).map(n -> new NotebookOutcome(n, "ok", 1.0, null, n + ".ipynb", n + ".html")).toList();
    }

    @Test
    void withoutChromiumEachFigureCheckIsSkippedWithTheSetUpsReason(@TempDir Path report) {
        var checks = new NotebookCommands.Checks();
        NotebookCommands.browserChecks(null, REASON, report, notebooks("00-tour", "01-crosstransformers"), checks);
        assertEquals(2, checks.skipped);
        assertEquals(0, checks.passed + checks.failed);
        assertEquals("  SKIP  00-tour: figures and equations render in headless Chromium — " + REASON + "\n"
                + "  SKIP  01-crosstransformers: figures and equations render in headless Chromium — " + REASON + "\n",
                printed.toString(StandardCharsets.UTF_8));
    }

    /**
     * In headless Chromium: a page that draws no figure but says why (06-results before any claim,
     * {@link glimpse.report.Figures#skipped}) is a skip with that reason, and so is the index without
     * thumbnails; a page with no figure and no reason still fails (its figures were lost).
     */
    @Test
    void aPageThatSaysWhyItDrawsNoFigureIsSkippedWithItsReasonAndOneThatDoesNotFails(@TempDir Path report) throws Exception {
        String chromium = BrowserCheck.chromium();
        Assumptions.assumeTrue(chromium != null, "no chromium on PATH (apt-get install -y chromium)");
        String reason = "no claims recorded yet in quick mode; run ./glimpse run 01 02 03 04 05 --quick first";
        Files.writeString(report.resolve("06-results.html"), "<html><body><div class=\"jp-RenderedHTMLCommon\">"
                + glimpse.report.Figures.skipped("one figure per paper", reason).html() + "</div></body></html>");
        Files.writeString(report.resolve("00-tour.html"), "<html><body><p>a page whose figures were lost</p></body></html>");
        Files.writeString(report.resolve("index.html"), "<html><body><p>no thumbnails</p></body></html>");

        var skipped = new NotebookCommands.Checks();
        NotebookCommands.browserChecks(chromium, REASON, report, notebooks("06-results"), skipped);
        assertEquals(0, skipped.passed + skipped.failed, printed.toString(StandardCharsets.UTF_8));
        assertEquals(2, skipped.skipped, "the page and the index");
        assertTrue(skipped.skipReasons.keySet().stream().anyMatch(r -> r.startsWith("06-results drew no figure") && r.endsWith(reason)),
                skipped.skipReasons.toString());

        var lost = new NotebookCommands.Checks();
        NotebookCommands.browserChecks(chromium, REASON, report, notebooks("00-tour"), lost);
        assertEquals(2, lost.failed, "a page with no figure and no reason, and the index without thumbnails: " + printed.toString(StandardCharsets.UTF_8));
        assertEquals(0, lost.skipped);
    }

    @Test
    void withoutTheSetUpsReasonTheSkipStillSaysHowToEnableIt() {
        String generic = NotebookCommands.browserSkipReason(null);
        assertTrue(generic.contains("fix: apt-get install -y chromium"), generic);
        assertEquals(generic, NotebookCommands.browserSkipReason("  "));
        assertEquals(REASON, NotebookCommands.browserSkipReason(REASON + "\n"));
    }

    @Test
    void summaryWithSkipsIsFollowedByWhatWasSkippedAndWhy() {
        var checks = new NotebookCommands.Checks();
        checks.add("a throwing cell is reported", true);
        for (String nb : List.of("00-tour", "01-crosstransformers", "03-batchformer")) checks.skip(nb + ": figures", REASON);
        var unit = new SurefireSummary(40, 1, 0, 1, List.of("GlyphsManifestFontsTest.everyFontIsPackaged: Assumption failed: not a Debian system"));
        assertEquals("41 passed, 1 failed, 4 skipped\n"
                        + "skipped: 3 integration checks (" + REASON + "); "
                        + "1 unit test (GlyphsManifestFontsTest.everyFontIsPackaged: Assumption failed: not a Debian system)",
                NotebookCommands.summary(41, 1, unit, checks));
    }

    @Test
    void summaryWithoutSkipsIsOneLine() {
        var checks = new NotebookCommands.Checks();
        checks.add("a throwing cell is reported", true);
        assertEquals("11 passed, 0 failed", NotebookCommands.summary(11, 0, NO_UNIT_SKIPS, checks));
    }

    @Test
    void unitSkipsWithoutAMessageStillPointAtTheReports() {
        var unit = new SurefireSummary(5, 0, 0, 2, List.of());
        assertEquals("3 passed, 0 failed, 2 skipped\nskipped: 2 unit tests (see */target/surefire-reports)",
                NotebookCommands.summary(3, 0, unit, new NotebookCommands.Checks()));
    }
}
