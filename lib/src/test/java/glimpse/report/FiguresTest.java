package glimpse.report;

import glimpse.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Figures are readable where they are shown: the legend covers no data, labels are the size of the page's text. */
class FiguresTest {
    /** Where XChart put the plot area once painted (its Plot_ is held in a protected field and knows its bounds). */
    private static Rectangle2D plot(Chart<?, ?> chart) throws Exception {
        Field f = Chart.class.getDeclaredField("plot");
        f.setAccessible(true);
        Object p = f.get(chart);
        return (Rectangle2D) p.getClass().getMethod("getBounds").invoke(p);
    }

    private static final int MARKER = 0xff00ff;

    /**
     * Where the legend was drawn: its box is painted in a colour nothing else uses, then found in the
     * pixels (XChart's Legend_ keeps only its size, not where it went).
     */
    private static Rectangle legend(Chart<?, ?> chart) {
        chart.getStyler().setLegendBackgroundColor(new java.awt.Color(MARKER));
        BufferedImage img = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.dispose();
        Rectangle box = null;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++)
                if ((img.getRGB(x, y) & 0xffffff) == MARKER) {
                    if (box == null) box = new Rectangle(x, y, 1, 1); else box.add(new Rectangle(x, y, 1, 1));
                }
        assertNotNull(box, "no legend drawn");
        return box;
    }

    @Test
    void aLineChartsLegendLiesOutsideItsPlotAreaAndInsideThePicture() throws Exception {
        double[] x = {0, 100, 200, 300, 400};
        // curves that fill the plot's corners, where an inside legend (InsideSE/NE, the old place) would sit on them
        List<Figures.Series> series = List.of(
                Figures.Series.of("CE + BatchFormer, a long legend entry that would cover a curve", x, new double[] {2.3, 1.2, 0.6, 0.3, 0.1}),
                Figures.Series.of("CE", x, new double[] {0.1, 0.8, 1.5, 2.0, 2.3}),
                new Figures.Series("with error bars", x, new double[] {1, 1, 1, 1, 1}, new double[] {0.2, 0.2, 0.2, 0.2, 0.2}));
        var chart = Figures.lineChart("loss", "step", "cross-entropy", series);
        Rectangle legend = legend(chart);
        Rectangle2D plot = plot(chart);
        assertTrue(plot.getWidth() > 300 && plot.getHeight() > 200, "the plot keeps most of the picture: " + plot);
        assertFalse(legend.intersects(plot), "legend " + legend + " overlaps the plot area " + plot);
        assertTrue(legend.getMinY() >= plot.getMaxY(), "the legend is below the plot: " + legend + " vs " + plot);
        assertTrue(legend.getMaxY() <= chart.getHeight() && legend.getMinX() >= 0 && legend.getMaxX() <= chart.getWidth(),
                "the legend fits in the picture: " + legend + " in " + chart.getWidth() + "x" + chart.getHeight());
    }

    @Test
    void groupedBarsKeepTheirLegendOutsideThePlotToo() throws Exception {
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put("train", new double[] {5, 9, 3});
        values.put("test", new double[] {4, 8, 2});
        var chart = Figures.barChart("images per class", "images", List.of("a", "b", "c"), values);
        Rectangle legend = legend(chart);
        assertFalse(legend.intersects(plot(chart)), legend + " vs " + plot(chart));
    }

    @Test
    void chartTextIsSetReadable() {
        var chart = Figures.lineChart("t", "x", "y", List.of(Figures.Series.of("a", new double[] {0, 1}, new double[] {0, 1})));
        AxesChartStyler s = chart.getStyler();
        assertTrue(s.getChartTitleFont().getSize() >= 16, "title " + s.getChartTitleFont());
        assertTrue(s.getAxisTitleFont().getSize() >= 14, "axis titles " + s.getAxisTitleFont());
        assertTrue(s.getAxisTickLabelsFont().getSize() >= 13, "tick labels " + s.getAxisTickLabelsFont());
        assertTrue(s.getLegendFont().getSize() >= 13, "legend " + s.getLegendFont());
    }

    /** A set of {@code n} uniformly mid-grey square images: the only dark pixels of a grid are then its text. */
    private static ImageSet grey(int n, int side) {
        byte[] pixels = new byte[n * side * side];
        java.util.Arrays.fill(pixels, (byte) 200);
        return new ImageSet("grey", 1, side, side, pixels, new int[n], List.of("x"), List.of("an x"));
    }

    /** Rows of the picture, between x0 and x1, that hold a dark (text) pixel. */
    private static int[] darkRows(BufferedImage img, int x0, int x1, int y0, int y1) {
        int first = -1, last = -1;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if ((img.getRGB(x, y) & 0xff) < 100) { if (first < 0) first = y; last = y; break; }
        return new int[] {first, last};
    }

    @Test
    void aWideImageGridsLabelsStayReadableOnceTheBrowserShrinksIt() {
        int side = 96, cols = 6, scale = 2;   // 04's TASN panels: six columns of 2x-scaled panels, far wider than a page
        ImageSet set = grey(2 * cols, side);
        int[][] rows = {{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}};
        BufferedImage img = Figures.imageGrid(set, List.of("Éé", "Ëë"), List.of("original", "structure map", "uniform", "structure-sampled", "detail map", "detail-sampled"), rows, scale);
        assertTrue(img.getWidth() > Figures.SHOWN_WIDTH, "the case of interest: a grid wider than the page, " + img.getWidth() + " px");
        double shrink = Figures.SHOWN_WIDTH / (double) img.getWidth();

        int imagesLeft = img.getWidth() - cols * (side * scale + 2) - 2;
        int cellTop = img.getHeight() - 2 * (side * scale + 2) - 2;
        assertTrue(cellTop > 0, "there is a header above the images");
        // the row label "Éé": from the accent's top to the letters' baseline, as tall as capital letters of the page's text
        int[] label = darkRows(img, 0, imagesLeft, cellTop, cellTop + side * scale);
        double shownPx = (label[1] - label[0] + 1) * shrink;
        assertTrue(shownPx >= 0.7 * Figures.LABEL_PX, "row label " + shownPx + " px high on the page");
        // every column has a label above it
        for (int c = 0; c < cols; c++) {
            int x0 = imagesLeft + 2 + c * (side * scale + 2);
            int[] head = darkRows(img, x0, x0 + side * scale, 0, cellTop);
            assertTrue(head[0] >= 0, "column " + c + " has no label");
            assertTrue((head[1] - head[0] + 1) * shrink >= 0.5 * Figures.LABEL_PX, "column " + c + "'s label is " + (head[1] - head[0] + 1) * shrink + " px on the page");
        }
    }

    @Test
    void columnLabelsMustMatchTheColumns() {
        ImageSet set = grey(2, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> Figures.imageGrid(set, null, List.of("one"), new int[][] {{0, 1}}, 1));
        assertTrue(e.getMessage().contains("1 column labels for 2 columns"), e.getMessage());
    }

    @Test
    void aLongTitleGetsASmallerFontThatFitsAndAShortOneKeepsTheTitleSize() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        String longTitle = "BatchFormer attention over a training batch, sorted by class (rho = 100)";
        java.awt.Font f = Figures.titleFont(longTitle, Figures.HEAT_MAP_TITLE_WIDTH);
        assertTrue(f.getSize() < Figures.TITLE_PT, "size " + f.getSize());
        assertTrue(f.getSize() == Figures.MIN_TITLE_PT || g.getFontMetrics(f).stringWidth(longTitle) <= Figures.HEAT_MAP_TITLE_WIDTH);
        assertEquals(Figures.TITLE_PT, Figures.titleFont("Loss", Figures.TITLE_WIDTH).getSize());
        g.dispose();
    }

    @Test
    void theColourScaleEndsAtThreeSignificantDigitsOutsideTheData() {
        var styler = new org.knowm.xchart.HeatMapChartBuilder().build().getStyler();
        Figures.colourScale(styler, 0.003470912110060453, 0.1444915235042572);
        assertEquals("0.00347", Double.toString(styler.getMin()));   // floor at 3 digits: 0.00347 ≤ 0.0034709…
        assertEquals("0.145", Double.toString(styler.getMax()));     // ceiling: 0.145 ≥ 0.14449…
        assertEquals("0.144", styler.getHeatMapDecimalValueFormatter().apply(0.1444915235042572));
        assertEquals(-45.3, Figures.significant(-45.26, java.math.RoundingMode.FLOOR), 0);
        assertEquals(0.0, Figures.significant(0.0, java.math.RoundingMode.CEILING), 0);
    }
}
