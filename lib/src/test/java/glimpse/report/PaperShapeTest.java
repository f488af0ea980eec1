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
        assertTrue(html.contains("50.0 ± 1.0<br><span style=\"font-size:78%;color:#666\">seeds: 49 · 51</span>"), html);
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
        // ProtoNet: paper p1 beside our 50.0 ± 1.0 (first line only); our 5-shot missing → dash
        assertTrue(html.contains(">ProtoNet</td><td style=\"padding:2px 8px;text-align:right;color:#555\">p1</td>"
                + "<td style=\"padding:2px 8px;text-align:right;border-right:1px solid #ddd\">50.0 ± 1.0</td>"), html);
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
}
