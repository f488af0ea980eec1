package glimpse.report;

import glimpse.data.ImageSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workbook's figures. Each returns a {@link BufferedImage}, which both Java kernels render as
 * PNG when it is a cell's last expression, and which the HTML report embeds.
 */
public final class Figures {
    private Figures() {}

    static { System.setProperty("java.awt.headless", "true"); }

    public static final int WIDTH = 640, HEIGHT = 400;

    /** One named curve: y ± ci at each x (ci may be null for no error bars). */
    public record Series(String name, double[] x, double[] y, double[] ci) {
        public Series {
            if (x.length != y.length || (ci != null && ci.length != y.length))
                throw new IllegalArgumentException("series " + name + ": x, y and ci lengths differ");
        }
        public static Series of(String name, double[] x, double[] y) { return new Series(name, x, y, null); }

        /** A curve of means ± 95% CIs (fractions), drawn in percent. */
        public static Series ofPercent(String name, double[] x, List<glimpse.eval.MeanCi> points) {
            return new Series(name, x, points.stream().mapToDouble(p -> 100 * p.mean()).toArray(),
                    points.stream().mapToDouble(p -> 100 * p.ci95()).toArray());
        }

        /** A flat reference line at {@code y} over the given x values. */
        public static Series constant(String name, double[] x, double y) {
            double[] ys = new double[x.length];
            java.util.Arrays.fill(ys, y);
            return of(name, x, ys);
        }
    }

    /** One curve per recipe of a sweep and per metric: mean over seeds ± t-CI, in percent. */
    public static List<Series> sweepCurves(glimpse.classification.Sweep sweep, List<glimpse.eval.Metric> metrics) {
        List<Series> out = new java.util.ArrayList<>();
        for (String method : sweep.methods())
            for (glimpse.eval.Metric m : metrics) out.add(Series.ofPercent(method + ", " + m.label(), sweep.values(), sweep.metric(m).get(method)));
        return out;
    }

    /** One episode as a picture: a row per class (named by its class), its supports then its first {@code queriesShown} queries. */
    public static BufferedImage episode(ImageSet set, glimpse.data.sampling.Episode e, int queriesShown, int scale) {
        int k = e.shots(), q = Math.min(queriesShown, e.queriesPerClass());
        int[][] rows = new int[e.ways()][k + q];
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < e.ways(); c++) {
            for (int j = 0; j < k; j++) rows[c][j] = e.support()[c * k + j];
            for (int j = 0; j < q; j++) rows[c][k + j] = e.query()[c * e.queriesPerClass() + j];
            names.add(set.classNames().get(e.classes()[c]));
        }
        return imageGrid(set, names, rows, scale);
    }

    /** Lines with 95% CI error bars, e.g. accuracy against shots for several methods. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, List<Series> series) {
        return BitmapEncoder.getBufferedImage(lineChart(title, xLabel, yLabel, series));
    }

    static XYChart lineChart(String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT + legendHeight(series.size()))
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler(), title, TITLE_WIDTH);
        for (Series s : series) {
            if (s.ci() == null) chart.addSeries(s.name(), s.x(), s.y());
            else chart.addSeries(s.name(), s.x(), s.y(), s.ci());
        }
        return chart;
    }

    /** Grouped bars: one group per category, one bar per series (values in the same category order). */
    public static BufferedImage bars(String title, String yLabel, List<String> categories, Map<String, double[]> seriesValues) {
        return BitmapEncoder.getBufferedImage(barChart(title, yLabel, categories, seriesValues));
    }

    static CategoryChart barChart(String title, String yLabel, List<String> categories, Map<String, double[]> seriesValues) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + legendHeight(seriesValues.size()))
                .title(title).yAxisTitle(yLabel).build();
        style(chart.getStyler(), title, TITLE_WIDTH);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 45 : 0);
        for (var e : seriesValues.entrySet()) {
            if (e.getValue().length != categories.size())
                throw new IllegalArgumentException("series " + e.getKey() + " has " + e.getValue().length + " values for " + categories.size() + " categories");
            chart.addSeries(e.getKey(), categories, Arrays.stream(e.getValue()).boxed().toList());
        }
        return chart;
    }

    /** The class that marks a figure a notebook skipped on purpose ({@link #skipped}); the report's figure check looks for it. */
    public static final String SKIPPED = "glimpse-figure-skipped";

    /**
     * What stands where a figure would, when there is nothing honest to draw (no results yet): a note
     * naming the figure and why it is not drawn. The report's figure check then skips the page's figures
     * with this reason, rather than failing a page with none or passing it silently.
     */
    public static Show.Html skipped(String figure, String reason) {
        return new Show.Html("<div class=\"" + SKIPPED + "\" style=\"font-size:15px;margin:0.8em 0;padding:0.6em 1em;border-left:4px solid #888;max-width:60em\">"
                + "<b>Figure skipped</b> (" + Show.escape(figure) + "): <span class=\"glimpse-skip-reason\">" + Show.escape(reason) + "</span></div>");
    }

    /** Bars with error bars for one series, e.g. accuracy ± CI per method. */
    public static BufferedImage barsWithCi(String title, String yLabel, List<String> categories, double[] values, double[] ci) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        style(chart.getStyler(), title, TITLE_WIDTH);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(categories.stream().mapToInt(String::length).sum() > 60 ? 20 : 0);
        chart.addSeries(yLabel, categories, Arrays.stream(values).boxed().toList(), Arrays.stream(ci).boxed().toList());
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Two bar series per category, the first with error bars: ours ± CI beside a reference (the paper's number). */
    public static BufferedImage barsBeside(String title, String yLabel, List<String> categories, String name, double[] values, double[] ci,
                                           String referenceName, double[] reference) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + legendHeight(2)).title(title).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(categories.stream().mapToInt(String::length).sum() > 60 ? 20 : 0);
        chart.addSeries(name, categories, Arrays.stream(values).boxed().toList(), Arrays.stream(ci).boxed().toList());
        chart.addSeries(referenceName, categories, Arrays.stream(reference).boxed().toList(), Arrays.stream(new double[reference.length]).boxed().toList());
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Point sizes of the figures' text: readable where the PNG is shown at its own size (640 px wide). */
    static final int TITLE_PT = 16, AXIS_TITLE_PT = 14, LABEL_PT = 13;

    /**
     * The one look of every chart: white background, readable fonts, and the legend below the plot
     * area, one entry a line, so that it never covers a curve or a bar (inside the plot it hid the
     * data the figure exists to show). The chart's height grows with the entries instead
     * ({@link #legendHeight}).
     */
    static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_PT));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_PT));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendBorderColor(Color.WHITE);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, AXIS_TITLE_PT));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_PT));
        }
    }

    /**
     * {@link #style(Styler)}, with the title's font shrunk (down to {@value #MIN_TITLE_PT} pt) where the title would not
     * fit {@code width}: XChart centres the title over the plot area, not the chart, so {@code width} is what
     * the plot leaves ({@link #TITLE_WIDTH}, {@link #HEAT_MAP_TITLE_WIDTH}), and a longer title is cut at both ends.
     */
    static void style(Styler s, String title, int width) {
        style(s);
        s.setChartTitleFont(titleFont(title, width));
    }

    /** Room for a title over a line or bar chart (legend below, y axis on the left) and over a heat map (colour scale on the right). */
    static final int TITLE_WIDTH = WIDTH - 100, HEAT_MAP_TITLE_WIDTH = WIDTH - 200;
    /** The smallest title font. */
    static final int MIN_TITLE_PT = 11;

    /** The largest bold font from {@value #TITLE_PT} down to {@value #MIN_TITLE_PT} pt in which {@code title} fits {@code width}. */
    static Font titleFont(String title, int width) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            for (int pt = TITLE_PT; pt > MIN_TITLE_PT; pt--) {
                Font f = new Font(Font.SANS_SERIF, Font.BOLD, pt);
                if (g.getFontMetrics(f).stringWidth(title) <= width) return f;
            }
            return new Font(Font.SANS_SERIF, Font.BOLD, MIN_TITLE_PT);
        } finally {
            g.dispose();
        }
    }

    /**
     * A heat map's colour scale at three significant digits. XChart writes the ends of a continuous scale
     * with {@code StringBuilder.append(double)} (0.1444915235042572), ignoring its formatter, so the scale's
     * ends are set to the data's range rounded outwards to three significant digits (0.145, 0.00346): the
     * printed double is then short and every value still lies inside the scale. The formatter covers the
     * piecewise scale.
     */
    static void colourScale(org.knowm.xchart.style.HeatMapStyler s, double min, double max) {
        s.setMin(significant(min, java.math.RoundingMode.FLOOR));
        s.setMax(significant(max, java.math.RoundingMode.CEILING));
        s.setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%.3g", v));
    }

    /** {@code x} rounded to three significant digits in the direction {@code mode}. */
    static double significant(double x, java.math.RoundingMode mode) {
        if (x == 0 || !Double.isFinite(x)) return x;
        return new java.math.BigDecimal(x).round(new java.math.MathContext(3, mode)).doubleValue();
    }

    /** Pixels added below the plot for a legend of {@code entries} lines (none without series). */
    static int legendHeight(int entries) { return entries < 1 ? 0 : 24 + entries * (LABEL_PT + 9); }

    /** A class histogram of an image set (counts per class name). */
    public static BufferedImage classHistogram(ImageSet set) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("images", Arrays.stream(set.countsPerClass()).asDoubleStream().toArray());
        return bars(set.name() + ": images per class", "images", set.classNames(), m);
    }

    /** A heat map of a matrix (rows × cols), e.g. an attention matrix; row 0 at the top. */
    public static BufferedImage heatMap(String title, double[][] matrix) {
        int rows = matrix.length, cols = matrix[0].length;
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) cells.add(new Number[]{c, rows - 1 - r, matrix[r][c]});
        List<Integer> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int c = 0; c < cols; c++) xs.add(c);
        // cells address positions in these lists; position k (counted from the bottom) shows row rows-1-k
        for (int k = 0; k < rows; k++) ys.add(rows - 1 - k);
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(WIDTH).title(title).build();
        style(chart.getStyler(), title, HEAT_MAP_TITLE_WIDTH);
        colourScale(chart.getStyler(), Arrays.stream(matrix).flatMapToDouble(Arrays::stream).min().orElse(0),
                Arrays.stream(matrix).flatMapToDouble(Arrays::stream).max().orElse(1));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // the colour scale, beside the map
        chart.getStyler().setShowValue(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setRangeColors(new Color[]{new Color(255, 255, 255), new Color(255, 200, 0), new Color(200, 0, 0)});
        chart.getStyler().setXAxisTicksVisible(cols <= 40);
        chart.getStyler().setYAxisTicksVisible(rows <= 40);
        chart.addSeries(title, xs, ys, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** A grid of images from a set, one row per entry of {@code rows} (image indices), its label on the left; no column labels. */
    public static BufferedImage imageGrid(ImageSet set, List<String> rowLabels, int[][] rows, int scale) {
        return imageGrid(set, rowLabels, null, rows, scale);
    }

    /** Width (CSS px) at which a report page or notebook shows a wide figure at most; wider PNGs are scaled down to it. */
    static final int SHOWN_WIDTH = 900;
    /** Height (px) of a grid's label text where it is shown: the size of the page's own text. */
    static final int LABEL_PX = 14;

    /**
     * A grid of images from a set: one row per entry of {@code rows}, each an array of image indices,
     * the row's label on the left and, when {@code columnLabels} is not null, each column's label above
     * it (wrapped to the column's width). Grayscale or RGB, scaled by {@code scale}. The labels grow with
     * the picture so that they stay {@link #LABEL_PX} high when a browser shrinks a wide grid to
     * {@link #SHOWN_WIDTH}: a fixed 12 px label on a 2000 px grid was 6 px on the page.
     */
    public static BufferedImage imageGrid(ImageSet set, List<String> rowLabels, List<String> columnLabels, int[][] rows, int scale) {
        int cellW = set.width() * scale, cellH = set.height() * scale, pad = 2;
        int cols = Arrays.stream(rows).mapToInt(r -> r.length).max().orElse(0);
        if (columnLabels != null && columnLabels.size() != cols)
            throw new IllegalArgumentException(columnLabels.size() + " column labels for " + cols + " columns");
        int imagesW = cols * (cellW + pad) + pad;
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        // the label size depends on the total width, which depends on the labels' width: two rounds settle it
        int px = labelPx(imagesW);
        for (int round = 0; round < 2; round++) px = labelPx(rowLabelWidth(probe, rowLabels, px) + imagesW);
        int labelW = rowLabelWidth(probe, rowLabels, px);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, px);
        probe.setFont(font);
        FontMetrics fm = probe.getFontMetrics();
        List<List<String>> headers = new ArrayList<>();
        if (columnLabels != null) for (String l : columnLabels) headers.add(wrap(l, fm, cellW));
        int headerLines = headers.stream().mapToInt(List::size).max().orElse(0);
        int headerH = headerLines == 0 ? 0 : headerLines * fm.getHeight() + pad * 2;
        probe.dispose();

        BufferedImage out = new BufferedImage(labelW + imagesW, headerH + rows.length * (cellH + pad) + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        g.setColor(Color.BLACK);
        for (int c = 0; c < headers.size(); c++) {
            List<String> lines = headers.get(c);
            for (int i = 0; i < lines.size(); i++) {
                int x = labelW + pad + c * (cellW + pad) + Math.max(0, (cellW - fm.stringWidth(lines.get(i))) / 2);
                g.drawString(lines.get(i), x, pad + fm.getAscent() + (headerLines - lines.size() + i) * fm.getHeight());
            }
        }
        for (int r = 0; r < rows.length; r++) {
            int y0 = headerH + pad + r * (cellH + pad);
            if (rowLabels != null) g.drawString(clip(rowLabels.get(r), 24), px / 2, y0 + (cellH + fm.getAscent() - fm.getDescent()) / 2);
            for (int c = 0; c < rows[r].length; c++) {
                g.drawImage(toImage(set, rows[r][c], scale), labelW + pad + c * (cellW + pad), y0, null);
            }
        }
        g.dispose();
        return out;
    }

    /** Width of the row-label column at label size {@code px}: the widest label and a margin (0 without labels). */
    private static int rowLabelWidth(Graphics2D probe, List<String> rowLabels, int px) {
        if (rowLabels == null) return 0;
        probe.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, px));
        FontMetrics fm = probe.getFontMetrics();
        return rowLabels.stream().mapToInt(l -> fm.stringWidth(clip(l, 24))).max().orElse(0) + px;
    }

    /** Label pixel size for a picture {@code width} px wide: {@link #LABEL_PX} once shrunk to {@link #SHOWN_WIDTH}. */
    static int labelPx(int width) { return Math.max(LABEL_PX, (int) Math.ceil(LABEL_PX * width / (double) SHOWN_WIDTH)); }

    /** {@code text} in lines no wider than {@code width}, broken after spaces and hyphens (a wider word keeps its own line). */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String piece : text.split("(?<=[ -])")) {
            if (!line.isBlank() && fm.stringWidth((line + piece).strip()) > width) { lines.add(line.strip()); line = ""; }
            line += piece;
        }
        if (!line.isBlank()) lines.add(line.strip());
        return lines;
    }

    /** The first {@code perClass} images of each of the first {@code classes} classes, labelled by class name. */
    public static BufferedImage samplesPerClass(ImageSet set, int classes, int perClass, int scale) {
        int k = Math.min(classes, set.classCount());
        int[][] rows = new int[k][];
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int[] idx = set.indicesOfClass(c);
            rows[c] = Arrays.copyOf(idx, Math.min(perClass, idx.length));
            labels.add(set.classNames().get(c));
        }
        return imageGrid(set, labels, rows, scale);
    }

    /** One image of the set as a BufferedImage (nearest-neighbour upscaled). */
    public static BufferedImage toImage(ImageSet set, int index, int scale) {
        int h = set.height(), w = set.width();
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int r, gr, b;
                if (set.channels() >= 3) {
                    r = set.pixel(index, 0, y / scale, x / scale);
                    gr = set.pixel(index, 1, y / scale, x / scale);
                    b = set.pixel(index, 2, y / scale, x / scale);
                } else {
                    r = gr = b = set.pixel(index, 0, y / scale, x / scale);
                }
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return img;
    }

    private static String clip(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
