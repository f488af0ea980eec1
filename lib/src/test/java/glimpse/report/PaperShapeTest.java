package glimpse.report;

import glimpse.eval.MeanCi;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The paper-shaped cells, the grouped header, and the paper's table beside ours. */
class PaperShapeTest {
    @Test
    void theIntervalHasTwoSignificantDigitsAndTheMeanItsDecimals() {
        assertEquals("57.7 ± 4.9", Cells.meanCi(57.6667, 4.9230));
        assertEquals("71.23 ± 0.84", Cells.meanCi(71.2345, 0.8412));
        assertEquals("17 ± 26", Cells.meanCi(16.88, 25.94));
        assertEquals("80.7 ± 0.0", Cells.meanCi(80.70, 0.0), "a zero interval (two equal seeds) keeps one decimal");
        assertEquals("66.0", Cells.meanCi(66.0, Double.NaN));
        assertEquals("-0.50 ± 0.12", Cells.signed(-0.5, 0.123));
        // marked only where the one rule decides: >= 2 seeds and the CI excludes 0
        assertEquals("+3.0 ± 1.0 " + Cells.DECIDED, Cells.difference(new MeanCi(0.03, 0.01, 3), 3));
        assertEquals("+3.0 ± 4.0", Cells.difference(new MeanCi(0.03, 0.04, 3), 3));
        assertEquals("+3.0", Cells.difference(new MeanCi(0.03, Double.NaN, 1), 1));
    }

    @Test
    void groupedColumnsGetATwoRowHeaderAndSecondLinesAreDrawnSmall() {
        Table t = new Pivot("method")
                .put(List.of("ProtoNet"), "glyphs", "5-way 1-shot", 1, "50.0 ± 1.0\nseeds: 49 · 51")
                .put(List.of("ProtoNet"), "glyphs", "5-way 5-shot", 5, "70.0 ± 1.0")
                .put(List.of("CTX"), "glyphs", "5-way 5-shot", 5, "72.0 ± 1.0")
                .put(List.of("CTX"), "fashion", "5-way 1-shot", 1, "60.0 ± 2.0")
                .table("t");
        assertEquals(List.of("method", "glyphs · 5-way 1-shot", "glyphs · 5-way 5-shot", "fashion · 5-way 1-shot"), t.columnNames());
        assertEquals(Show.MISSING, t.stringColumn("glyphs · 5-way 1-shot").get(1), "a setting a method lacks is a dash");
        String html = Show.html(t);
        assertTrue(html.contains("rowspan=\"2\">method</th>"), html);
        assertTrue(html.contains("colspan=\"2\">glyphs</th>") && html.contains("colspan=\"1\">fashion</th>"), html);
        assertTrue(html.contains(">5-way 5-shot</th>"), html);
        assertTrue(html.contains("50.0 ± 1.0<br><span style=\"font-size:13px;color:#333;white-space:normal\">seeds:\u00a049 · 51</span>"),
                "per-seed lines readable, 13 px, breaking between values only: " + html);
        // an ungrouped table keeps its one-row header
        Table plain = Table.create("p").addColumns(StringColumn.create("a", "x"));
        assertFalse(Show.html(plain).contains("rowspan"));
    }

    @Test
    void aRepeatedMethodAndSettingKeepsBothRows() {
        Table t = new Pivot("method").put(List.of("SP"), "", "1-shot", 1, "1").put(List.of("SP"), "", "1-shot", 1, "2").table("t");
        assertEquals(List.of("SP", "SP (2)"), t.stringColumn(0).asList());
    }

    @Test
    void thePapersTableSitsBesideOursMatchedByMethodAndSetting() {
        PaperTable paper = PaperTable.of("CTX, arXiv 2007.11498, Table 1", "method", "5-way 1-shot", "5-way 5-shot")
                .row("ProtoNet", "p1", "p5").row("CTX", "c1", "c5").row("FEAT", "f1", "f5");
        Table ours = new Pivot("method")
                .put(List.of("protonet"), "glyphs", "5-way 1-shot", 1, "50.0 ± 1.0\nseeds: 49 · 51")
                .put(List.of("CTX"), "glyphs", "5-way 5-shot", 5, "72.0 ± 1.0")
                .put(List.of("CTX + SimCLR"), "glyphs", "5-way 5-shot", 5, "73.0 ± 1.0")
                .put(List.of("CTX"), "fashion", "5-way 5-shot", 5, "99.0 ± 1.0")
                .table("ours\nlegend");
        String html = paper.beside(ours, "glyphs").html();
        // ProtoNet: paper p1 beside our 50.0 ± 1.0 (first line only); our 5-shot missing → dash; "p1" is not a number → no difference
        assertTrue(html.matches("(?s).*>ProtoNet</td><td style=\"[^\"]*\">p1</td><td style=\"[^\"]*\">50\\.0 ± 1\\.0</td><td style=\"[^\"]*\">—</td>.*"), html);
        assertFalse(html.contains("seeds: 49"), "per-seed lines stay in our own table");
        assertTrue(html.contains(">72.0 ± 1.0<"), html);
        assertFalse(html.contains("99.0"), "the other group's column is not used");
        // a paper row we lack, and our row the paper lacks, each shown with dashes on the other side
        assertTrue(html.contains(">FEAT</td>") && html.contains(">CTX + SimCLR</td>"), html);
        assertTrue(html.contains("paper: CTX, arXiv 2007.11498, Table 1") && html.contains("ours: ours — glyphs"), html);
        assertEquals(4, html.split(">paper</th>", -1).length - 1 + html.split(">ours</th>", -1).length - 1);
        assertTrue(Show.render(paper) instanceof String s && s.contains("the paper's numbers, not ours"));
        assertThrows(IllegalArgumentException.class, () -> paper.row("X", "only one value"));
    }

    @Test
    void theDifferenceIsOursMinusThePapersWhereBothAreNumbers() {
        PaperTable paper = PaperTable.of("SP, arXiv 2303.14123, Table 1", "method", "1-shot", "5-shot")
                .row("SP", "72.31 ± 0.40", "82.86").row("ProtoNet", "60.37", "—").row("FEAT", "−1.5", "n/a")
                .row("BF", "44.7 → 45.7", "85.5 / 86.2");
        Table ours = new Pivot("method")
                .put(List.of("SP"), "", "1-shot", 1, "71.2 ± 1.3\nseeds: 70 · 72")
                .put(List.of("SP"), "", "5-shot", 5, "84.0 ± 0.5")
                .put(List.of("ProtoNet"), "", "1-shot", 1, "60.4 ± 2.0")
                .put(List.of("ProtoNet"), "", "5-shot", 5, "77.0 ± 1.0")
                .put(List.of("FEAT"), "", "1-shot", 1, "2.0")
                .put(List.of("BF"), "", "1-shot", 1, "0.500 ± 0.018 " + Cells.ONE_RUN)
                .put(List.of("BF"), "", "5-shot", 5, "90.0 %")
                .table("ours");
        String html = paper.beside(ours).html();
        String cell = "<td style=\"[^\"]*\">";
        // 71.2 − 72.31 = −1.11 → −1.1; 84.0 − 82.86 = +1.14 → +1.1 (first line of ours, leading number of the paper's "72.31 ± 0.40")
        assertTrue(html.matches("(?s).*>SP</td>" + cell + "72\\.31 ± 0\\.40</td>" + cell + "71\\.2 ± 1\\.3</td>" + cell + "-1\\.1</td>"
                + cell + "82\\.86</td>" + cell + "84\\.0 ± 0\\.5</td>" + cell + "\\+1\\.1</td>.*"), html);
        // 60.4 − 60.37 = +0.03: rounds to +0.0, never −0.0; a paper dash gives a dash
        assertTrue(html.matches("(?s).*>ProtoNet</td>" + cell + "60\\.37</td>" + cell + "60\\.4 ± 2\\.0</td>" + cell + "\\+0\\.0</td>"
                + cell + "—</td>" + cell + "77\\.0 ± 1\\.0</td>" + cell + "—</td>.*"), html);
        // a unicode minus is a minus: 2.0 − (−1.5) = +3.5; "n/a" against our missing 5-shot: a dash
        assertTrue(html.matches("(?s).*>FEAT</td>" + cell + "−1\\.5</td>" + cell + "2\\.0</td>" + cell + "\\+3\\.5</td>"
                + cell + "n/a</td>" + cell + "—</td>" + cell + "—</td>.*"), html);
        // two numbers in one cell are not one number: a dash, though both start with one
        assertTrue(html.matches("(?s).*>BF</td>" + cell + "44\\.7 → 45\\.7</td>" + cell + "0\\.500 ± 0\\.018 †</td>" + cell + "—</td>"
                + cell + "85\\.5 / 86\\.2</td>" + cell + "90\\.0 %</td>" + cell + "—</td>.*"), html);
        assertEquals("+1.0", PaperTable.difference("89 %", "90.0 % " + Cells.DECIDED), "a percent sign and a marker are not numbers");
        assertEquals("-0.5", PaperTable.difference("72.31±0.40", "71.8 ± 1.3 " + Cells.ONE_RUN));
        assertEquals(Show.MISSING, PaperTable.difference("87.9 (1 run)", "80.0"), "a digit after the number: not one number");
        assertEquals(2, html.split(java.util.regex.Pattern.quote(">" + PaperTable.DIFFERENCE + "</th>"), -1).length - 1, "one difference column per setting");
        assertTrue(PaperTable.DIFFERENCE.contains("pp") && html.contains("colspan=\"3\">1-shot</th>"), html);
    }

    /** A retrieval result whose seeds have the given first-hit ranks (0 = the nearest item is of the query's class). */
    static glimpse.method.retrieval.RetrievalResult retrieval(String label, String data, String memory, int[]... ranks) {
        List<glimpse.method.retrieval.RetrievalResult.SeedResult> seeds = new java.util.ArrayList<>();
        for (int s = 0; s < ranks.length; s++)
            seeds.add(new glimpse.method.retrieval.RetrievalResult.SeedResult(s + 1, ranks[s], new double[] {0.5, 0.5, 0.5, 0.5},
                    new double[] {0.5, 1}, new float[0], java.util.Map.of(), 1, 1));
        return new glimpse.method.retrieval.RetrievalResult(label, "v", "ViT/CLS", data, memory, 4, new int[0], new int[0][], seeds);
    }

    @Test
    void recallTablesAreRecipesByDataAndKAndRepeatedLabelsAreToldApartByMemory() {
        var a = retrieval("IRT_R", "glyphs", "dataset", new int[] {0, 0, 1, 9}, new int[] {0, 1, 1, 9});
        var b = retrieval("IRT_R", "glyphs", "none", new int[] {0, 3, 3, 9}, new int[] {1, 3, 3, 9});
        var c = retrieval("IRT_R", "fashion", "dataset", new int[] {0, 0, 0, 0}, new int[] {0, 0, 0, 9});
        Table t = RetrievalResults.recallTable("r", List.of(a, b, c));
        assertEquals(List.of("recipe", "glyphs · R@1 %", "glyphs · R@2 %", "glyphs · R@4 %", "glyphs · R@8 %", "glyphs · MAP@R %",
                "fashion · R@1 %", "fashion · R@2 %", "fashion · R@4 %", "fashion · R@8 %", "fashion · MAP@R %"), t.columnNames());
        assertEquals(List.of("IRT_R · memory dataset", "IRT_R · memory none"), t.stringColumn(0).asList());
        // a's R@1 per seed 0.50, 0.25: mean 37.5, t(0.975, 1) · s / √2 = 12.706 · 0.1768 / 1.414 = 158.8 points
        var r1 = MeanCi.overSeeds(new double[] {0.5, 0.25});
        assertEquals("38 ± 159\nseeds: 50 / 25", t.stringColumn("glyphs · R@1 %").get(0), "each seed at the decimals of the mean");
        assertEquals(Show.MISSING, t.stringColumn("fashion · R@1 %").get(1), "b has no fashion result");
        Table p = RetrievalResults.pairedTable("p", List.of(RetrievalResults.paired(a, b)));
        assertEquals(List.of("a − b (pp)", "data", "ΔR@1", "ΔR@2", "ΔR@4", "ΔR@8", "seeds", "verdict (R@1)"), p.columnNames());
        assertEquals("glyphs", p.stringColumn("data").get(0), "the comparison names the data set it was scored on");
        // R@2: a 0.75, 0.75 vs b 0.25, 0.25 → +50, +50 on both seeds: a zero-width interval that excludes 0 → marked
        assertEquals("+50.0 ± 0.0 " + Cells.DECIDED, p.stringColumn("ΔR@2").get(0));
        // R@8: 0.75 for both on both seeds → 0 ± 0, which does not exclude 0 → unmarked
        assertEquals("+0.0 ± 0.0", p.stringColumn("ΔR@8").get(0));
        assertEquals(Cells.difference(MeanCi.pairedOverSeeds(a.recallPerSeed(1), b.recallPerSeed(1)), 2), p.stringColumn("ΔR@1").get(0));
    }

    @Test
    void aResultsTableDisplaysPaperShapedAndKeepsItsLongRowsForTheCsv() {
        ResultsTable rt = new ResultsTable("r");
        double[] ce = {0.60, 0.64, 0.65};
        for (int s = 0; s < 3; s++) {
            rt.add(new glimpse.eval.ResultRow("CE", "fm-LT", "ρ=100", s + 1, "overall", ce[s], Double.NaN, 1));
            rt.add(new glimpse.eval.ResultRow("CE", "fm-LT", "ρ=10", s + 1, "overall", ce[s] + 0.1, Double.NaN, 1));
        }
        rt.add(new glimpse.eval.ResultRow("BF", "fm-LT", "ρ=100", 1, "overall", 0.5, 0.0175, 1));
        assertEquals(7, rt.table().rowCount(), "long rows stay for the CSV");
        Table t = rt.paperShaped();
        assertEquals(List.of("method", "ρ=100 · overall", "ρ=10 · overall"), t.columnNames());
        // 0.63 ± 0.0657 over three seeds (t(0.975, 2) = 4.303), each seed small under it
        assertEquals("0.630 ± 0.066\nseeds: 0.600 / 0.640 / 0.650", t.stringColumn("ρ=100 · overall").get(0));
        assertEquals("0.500 ± 0.018 " + Cells.ONE_RUN + "\nseed 1", t.stringColumn("ρ=100 · overall").get(1));
        assertEquals(Show.MISSING, t.stringColumn("ρ=10 · overall").get(1));
        assertTrue(Show.html(rt).contains("colspan"), "show(resultsTable) renders the paper shape");
    }
}
