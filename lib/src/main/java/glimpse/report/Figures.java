package glimpse.report;

import glimpse.data.ImageSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
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

    /** One curve per recipe of a sweep and per metric ("overall" or a group): mean over seeds ± t-CI, in percent. */
    public static List<Series> sweepCurves(glimpse.classification.Sweep sweep, List<String> metrics) {
        List<Series> out = new java.util.ArrayList<>();
        for (String method : sweep.methods())
            for (String m : metrics) out.add(Series.ofPercent(method + ", " + m, sweep.values(), sweep.metric(m).get(method)));
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
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Series s : series) {
            if (s.ci() == null) chart.addSeries(s.name(), s.x(), s.y());
            else chart.addSeries(s.name(), s.x(), s.y(), s.ci());
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Grouped bars: one group per category, one bar per series (values in the same category order). */
    public static BufferedImage bars(String title, String yLabel, List<String> categories, Map<String, double[]> seriesValues) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 45 : 0);
        for (var e : seriesValues.entrySet()) {
            if (e.getValue().length != categories.size())
                throw new IllegalArgumentException("series " + e.getKey() + " has " + e.getValue().length + " values for " + categories.size() + " categories");
            chart.addSeries(e.getKey(), categories, Arrays.stream(e.getValue()).boxed().toList());
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Bars with error bars for one series, e.g. accuracy ± CI per method. */
    public static BufferedImage barsWithCi(String title, String yLabel, List<String> categories, double[] values, double[] ci) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries(yLabel, categories, Arrays.stream(values).boxed().toList(), Arrays.stream(ci).boxed().toList());
        return BitmapEncoder.getBufferedImage(chart);
    }

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
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setRangeColors(new Color[]{new Color(255, 255, 255), new Color(255, 200, 0), new Color(200, 0, 0)});
        chart.getStyler().setXAxisTicksVisible(cols <= 40);
        chart.getStyler().setYAxisTicksVisible(rows <= 40);
        chart.addSeries(title, xs, ys, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * A grid of images from a set: one row per entry of {@code rows}, each an array of image indices,
     * with the row label on the left. Grayscale or RGB, scaled by {@code scale}.
     */
    public static BufferedImage imageGrid(ImageSet set, List<String> rowLabels, int[][] rows, int scale) {
        int cellW = set.width() * scale, cellH = set.height() * scale, pad = 2, labelW = rowLabels == null ? 0 : 160;
        int cols = Arrays.stream(rows).mapToInt(r -> r.length).max().orElse(0);
        BufferedImage out = new BufferedImage(labelW + cols * (cellW + pad) + pad, rows.length * (cellH + pad) + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.length; r++) {
            int y0 = pad + r * (cellH + pad);
            if (rowLabels != null) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(clip(rowLabels.get(r), 24), 4, y0 + cellH / 2 + 4);
            }
            for (int c = 0; c < rows[r].length; c++) {
                g.drawImage(toImage(set, rows[r][c], scale), labelW + pad + c * (cellW + pad), y0, null);
            }
        }
        g.dispose();
        return out;
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
