package glimpse.report;

import glimpse.eval.Convergence;
import glimpse.eval.PaperEffect;
import glimpse.eval.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClaimsTest {
    @TempDir Path cache;

    private static final Convergence SETTLED = new Convergence(Convergence.Status.CONVERGED, 1.0, 1.0, 0.0);
    private static final PaperEffect PAPER = PaperEffect.points(3.0, "arXiv 0000.00000 Table 1");

    @BeforeEach
    void into() {
        System.setProperty("glimpse.cache", cache.toString());
        System.setProperty("glimpse.mode", "full");
    }

    @AfterEach
    void clear() {
        for (String p : List.of("glimpse.cache", "glimpse.mode", "glimpse.notebook")) System.clearProperty(p);
    }

    private static Verdict verdict(PaperEffect paper, double... perSeed) {
        return Verdict.of("CTX", "ProtoNet", perSeed, SETTLED, SETTLED, paper);
    }

    @Test
    void aVerdictAgainstThePaperIsRecordedForItsNotebookOncePerSetting() {
        Claims.record("glyphs · 1-shot", verdict(PAPER, 0.05, 0.06, 0.07));
        assertTrue(Claims.of(glimpse.Glimpse.Mode.FULL).isEmpty(), "outside a notebook run (no GLIMPSE_NOTEBOOK) nothing is recorded");

        System.setProperty("glimpse.notebook", "01-crosstransformers");
        Claims.record("glyphs · 1-shot", verdict(PAPER, 0.05, 0.06, 0.07));
        Claims.record("glyphs · 1-shot", verdict(PAPER, 0.05, 0.06, 0.07));   // printed twice: one claim
        Claims.record("glyphs · 5-shot", verdict(null, 0.01, 0.02, 0.03));    // no paper effect: not a claim
        List<Claims.Claim> all = Claims.of(glimpse.Glimpse.Mode.FULL);
        assertEquals(1, all.size(), all.toString());
        Claims.Claim c = all.get(0);
        assertEquals("CTX − ProtoNet", c.comparison());
        assertEquals(6.0, c.oursPp(), 1e-9);
        assertEquals(3.0, c.paperPp(), 1e-9);
        assertEquals(3, c.seeds());
        assertEquals("held", c.outcome());
        assertTrue(Claims.of(glimpse.Glimpse.Mode.QUICK).isEmpty(), "claims are kept per mode");
    }

    @Test
    void aRunStartsFromNothingSoARunThatRecordsNothingLeavesNoEarlierClaims() {
        System.setProperty("glimpse.notebook", "01-crosstransformers");
        Claims.record("glyphs · 1-shot", verdict(PAPER, 0.05, 0.06, 0.07));
        Claims.forget(glimpse.Glimpse.Mode.FULL, "01-crosstransformers");   // what `run` does before the next run
        assertTrue(Claims.of(glimpse.Glimpse.Mode.FULL).isEmpty(), "a re-run that records no verdict must not show the last run's");
        Claims.record("glyphs · 5-shot", verdict(PAPER, 0.01, 0.02, 0.03));
        assertEquals(List.of("glyphs · 5-shot"), Claims.of(glimpse.Glimpse.Mode.FULL).stream().map(Claims.Claim::setting).toList());
        Claims.forget(glimpse.Glimpse.Mode.QUICK, "01-crosstransformers");   // another mode's file: untouched
        assertEquals(1, Claims.of(glimpse.Glimpse.Mode.FULL).size());
    }

    @Test
    void paperScaleIsWhatAPaperRunsPaperSectionsRecordedNotItsCpuSections() {
        System.setProperty("glimpse.notebook", "01-crosstransformers");
        Claims.record("glyphs novel · 5-way 1-shot", verdict(PAPER, 0.05, 0.06, 0.07));          // full run, CPU section
        System.setProperty("glimpse.mode", "paper");
        Claims.record("glyphs novel · 5-way 1-shot", verdict(PAPER, 0.04, 0.05, 0.06));          // paper run, CPU section at paper budgets
        Claims.record("miniImageNet · 5-way 1-shot", verdict(PAPER, 0.01, 0.02, 0.03));          // paper run, paper section
        Claims.record("miniImageNet · 5-way 5-shot", verdict(PAPER, -0.01, 0.0, 0.01));
        List<Claims.Claim> atScale = Claims.paperScale();
        assertEquals(List.of("miniImageNet · 5-way 1-shot", "miniImageNet · 5-way 5-shot"), atScale.stream().map(Claims.Claim::setting).toList());
        Table t = Claims.table("claims", Claims.of(glimpse.Glimpse.Mode.FULL), atScale);
        String cell = t.stringColumn("paper scale").get(0);
        assertFalse(cell.contains("glyphs"), "a paper run's CPU section is not paper scale: " + cell);
        assertTrue(cell.contains("(miniImageNet · 5-way 1-shot)") && cell.contains("(miniImageNet · 5-way 5-shot)"),
                "every paper-scale setting of the comparison, not the first one found: " + cell);
    }

    @Test
    void eachVerdictKindHasItsDirectionWord() {
        assertEquals("held", Claims.outcome(verdict(PAPER, 0.05, 0.06, 0.07)));
        assertEquals("not held (reversed)", Claims.outcome(verdict(PAPER, -0.05, -0.06, -0.07)));
        // spread 0.1 over 3 seeds: the MDD is far above the paper's 3 points
        assertEquals("underpowered", Claims.outcome(verdict(PAPER, -0.1, 0.0, 0.1)));
        assertEquals("not held (no significant difference)", Claims.outcome(verdict(PaperEffect.points(40, "s"), -0.1, 0.0, 0.1)));
        assertEquals("one run: no verdict", Claims.outcome(verdict(PAPER, 0.05)));
        Convergence falling = new Convergence(Convergence.Status.STILL_FALLING, 2.0, 1.0, -0.5);
        assertEquals("not converged", Claims.outcome(Verdict.of("a", "b", new double[] {0.1, 0.2}, falling, SETTLED, PAPER)));
    }

    @Test
    void theTableHasARowPerClaimAndThePaperScaleResultOfTheSameComparison() {
        Claims.Claim cpu = new Claims.Claim("01-crosstransformers", "glyphs · 1-shot", "CTX − ProtoNet", "+3.00 pp (src)", 3, 6, 1, 3, "held", "full", "t");
        Claims.Claim gpu = new Claims.Claim("01-crosstransformers", "miniImageNet · 1-shot", "CTX − ProtoNet", "+3.00 pp (src)", 3, 2.5, 0.5, 3, "held", "paper", "t");
        Claims.Claim other = new Claims.Claim("05-image-retrieval", "glyphs · R@1", "IRT_R − IRT_L", "+1.00 pp (src)", 1, 0.2, Double.NaN, 1, "one run: no verdict", "full", "t");
        Table t = Claims.table("claims", List.of(cpu, other), List.of(gpu));
        assertEquals(2, t.rowCount());
        assertEquals("CrossTransformers (arXiv 2007.11498)", t.stringColumn("paper").get(0));
        assertEquals("+6.00 ± 1.00 over 3 seeds", t.stringColumn("ours, pp").get(0));
        assertEquals("+2.50 ± 0.50 over 3 seeds (miniImageNet · 1-shot): held", t.stringColumn("paper scale").get(0));
        assertEquals("+0.20 (1 seed)", t.stringColumn("ours, pp").get(1));
        assertEquals(Show.MISSING, t.stringColumn("paper scale").get(1));
        assertNotNull(Claims.figure("01", List.of(cpu, other)));
        assertEquals("1. glyphs · 1-shot", Claims.label(1, cpu));
        assertEquals("2. glyphs · R@1 (1 seed, no CI)", Claims.label(2, other), "a bar without an error bar must not look precise");
        assertThrows(IllegalArgumentException.class, () -> Claims.figure("none", List.of()));
    }

    @Test
    void aClaimedDirectionWithoutASizeIsHeldReversedOrUndecidedNeverUnderpowered() {
        System.setProperty("glimpse.notebook", "04-tasn");
        Claims.recordDirection("letters · top-1", verdict(null, 0.05, 0.06, 0.07), "a beats b (src)");
        Claims.recordDirection("letters · top-5", verdict(null, -0.05, -0.06, -0.07), "a beats b (src)");
        Claims.recordDirection("letters · top-10", verdict(null, -0.1, 0.0, 0.1), "a beats b (src)");
        List<Claims.Claim> all = Claims.of(glimpse.Glimpse.Mode.FULL);
        assertEquals(List.of("held", "not held (reversed)", "no significant difference (power unknown: the paper gives no size)"),
                all.stream().map(Claims.Claim::outcome).toList());
        assertTrue(Double.isNaN(all.get(0).paperPp()), "no size: no number in the paper column");
        assertEquals("a beats b (src); size not published", all.get(0).paper());
        assertNotNull(Claims.figure("04", all), "a claim without the paper's size draws no paper bar, and no error");
    }

    @Test
    void withNoClaimRecordedTheTableSaysNoResultsYetAndWhatToRunWithNoNumber() {
        assertTrue(Claims.of(glimpse.Glimpse.Mode.QUICK).isEmpty(), "an empty cache records nothing");
        Table t = Claims.noResults(glimpse.Glimpse.Mode.QUICK);
        assertTrue(t.name().startsWith("No results yet: no quick-mode run of 01, 02, 03, 04, 05 has recorded a claim"), t.name());
        assertTrue(t.name().endsWith("run ./glimpse run 01 02 03 04 05 --quick first"), t.name());
        assertEquals(List.of("paper", "results", "to record its claims"), t.columnNames());
        assertEquals(List.of("CrossTransformers (arXiv 2007.11498)", "Semantic Prompt (arXiv 2303.14123)", "BatchFormer (arXiv 2203.01522)",
                "TASN (arXiv 1903.06150)", "IRT (arXiv 2102.05644)"), t.stringColumn("paper").asList());
        assertEquals(List.of("./glimpse run 01 --quick", "./glimpse run 02 --quick", "./glimpse run 03 --quick", "./glimpse run 04 --quick",
                "./glimpse run 05 --quick"), t.stringColumn("to record its claims").asList());
        for (String cell : t.stringColumn("results").asList()) assertEquals("none yet", cell);
        assertEquals("no claims recorded yet in full mode; run ./glimpse run 01 02 03 04 05 --full first", Claims.noResultsReason(glimpse.Glimpse.Mode.FULL));
        String html = Figures.skipped("one figure per paper", "no claims <yet>").html();
        assertTrue(html.contains("class=\"" + Figures.SKIPPED + "\"") && html.contains("no claims &lt;yet&gt;") && !html.contains("<img"), html);
    }
}
