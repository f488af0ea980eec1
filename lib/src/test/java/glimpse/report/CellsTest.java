package glimpse.report;

import glimpse.eval.MeanCi;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one "mean ± CI" rule, on hand-worked cases: the half-width to two significant digits, the mean to
 * the same decimal place (see {@link Cells}); and plain numbers without padding zeros.
 */
class CellsTest {
    @Test
    void theIntervalsTwoSignificantDigitsSetTheDecimalsOfBoth() {
        assertEquals("31.3 ± 3.2", Cells.meanCi(31.27, 3.21));        // 3.21: digits at 1 and 0.1 → one decimal
        assertEquals("34 ± 57", Cells.meanCi(34.1, 57));              // 57: digits at 10 and 1 → none
        assertEquals("26.50 ± 0.98", Cells.meanCi(26.5, 0.98));       // 0.98: digits at 0.1 and 0.01 → two
        assertEquals("34 ± 157", Cells.meanCi(34.1, 157.4), "never negative decimals: the interval keeps its integer digits");
        assertEquals("8.2 ± 10.0", Cells.meanCi(8.2, 9.96), "9.96 rounds up to 10.0 at its second digit's place");
        assertEquals("50.00 ± 1.00", Cells.meanCi(50.004, 0.996), "0.996 rounds up to 1.00 at its second digit's place");
        assertEquals("71.23 ± 0.01", Cells.meanCi(71.2345, 0.0123), "at most two decimals at percent scale");
        assertEquals("0.6123 ± 0.0021", Cells.meanCi(0.61234, 0.00213, 4), "fractions: up to four");
    }

    @Test
    void withoutAnIntervalOneDecimalAtPercentScale() {
        assertEquals("66.0", Cells.meanCi(66.0, Double.NaN));
        assertEquals("80.7 ± 0.0", Cells.meanCi(80.70, 0.0));
    }

    @Test
    void differencesAreSignedAndFollowTheSameRule() {
        assertEquals("+2.3 ± 1.1", Cells.signed(2.31, 1.14));
        assertEquals("-0.50 ± 0.12", Cells.signed(-0.5, 0.123));
        assertEquals("+12 ± 34", Cells.signed(12.4, 34.2));
    }

    @Test
    void accuraciesAreWrittenInPercent() {
        assertEquals("80.2 ± 1.7", Cells.percent(new MeanCi(0.8016, 0.0174, 2000)));
    }

    @Test
    void eachSeedsValueHasTheDecimalsOfItsCellsMean() {
        assertEquals("61.2 / 60.9 / 62.0", Cells.perSeed(new double[] {61.21, 60.85, 62.01}, 1.4));
        assertEquals("31 / 90 / -19", Cells.perSeed(new double[] {31.2, 90.4, -19.1}, 57));
        assertEquals("+1.25 / -0.40", Cells.perSeedSigned(new double[] {1.251, -0.4}, 0.55));
    }

    @Test
    void plainNumbersCarryNoPaddingZeros() {
        assertEquals("0.5", Show.formatNumber(0.5), "02's throughput table printed 0.5000");
        assertEquals("12.3", Show.formatNumber(12.3));
        assertEquals("0.6123", Show.formatNumber(0.61234));
        assertEquals("1234.5", Show.formatNumber(1234.49));
        assertEquals("250", Show.formatNumber(250.0));
        assertEquals(Show.MISSING, Show.formatNumber(Double.NaN));
    }

    @Test
    void aNumberColumnHasOneNumberOfDecimalsAndTextIsLeftAligned() {
        var t = tech.tablesaw.api.Table.create("throughput").addColumns(
                tech.tablesaw.api.StringColumn.create("method", "SP", "baseline"),
                tech.tablesaw.api.DoubleColumn.create("eval_s", 0.8, 1.0),
                tech.tablesaw.api.IntColumn.create("steps", 2, 150));
        String html = Show.html(t);
        assertTrue(html.contains(">0.8</td>") && html.contains(">1.0</td>"), "0.8 and 1.0, not 0.8 and 1: " + html);
        assertTrue(html.contains(">150</td>"), html);
        assertTrue(html.matches("(?s).*text-align:left\">SP</td>.*"), "names left-aligned: " + html);
    }
}
