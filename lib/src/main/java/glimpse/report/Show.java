package glimpse.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.awt.image.RenderedImage;
import java.util.Locale;

/**
 * Kernel-agnostic display. Notebooks call {@code show(x)} (statically imported by the startup
 * script) for tables, results, charts and images; {@link #render} turns x into a PNG image or an
 * HTML string, and {@link KernelDisplay} hands it to whichever Java kernel is running. A figure
 * may also simply be a cell's last expression (a {@code BufferedImage}), which both kernels render.
 */
public final class Show {
    private Show() {}

    /** Displays a table, results table, chart, image or {@link Html} in the running notebook. */
    public static void show(Object o) {
        Object r = render(o);
        if (r instanceof RenderedImage img) KernelDisplay.png(pngBase64(img));
        else KernelDisplay.html((String) r);
    }

    /** The running kernel as seen from the library: "glimpse", "rapaio", "jjava" or "none". */
    public static String kernel() { return KernelDisplay.kernel(); }

    static String pngBase64(RenderedImage img) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return java.util.Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An image stays an image; tables, results and charts become HTML or PNG; anything else is escaped text. */
    public static Object render(Object o) {
        if (o instanceof RenderedImage img) return img;
        if (o instanceof Chart<?, ?> chart) return BitmapEncoder.getBufferedImage(chart);
        if (o instanceof ResultsTable rt) return html(rt);
        if (o instanceof Table t) return html(t);
        if (o instanceof Html h) return h.html();
        return "<pre>" + escape(String.valueOf(o)) + "</pre>";
    }

    /** HTML that a notebook renders verbatim (a paper's table, a note). */
    public record Html(String html) {}

    public static String html(ResultsTable rt) {
        return html(rt.table());
    }

    /** A compact HTML table: numbers to 4 significant decimals, the table name as caption. */
    public static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table class=\"glimpse-table\" style=\"border-collapse:collapse\">");
        if (t.name() != null && !t.name().isBlank()) sb.append("<caption style=\"text-align:left;font-weight:bold\">").append(escape(t.name())).append("</caption>");
        sb.append("<thead><tr>");
        for (String c : t.columnNames()) sb.append("<th style=\"padding:2px 8px;border-bottom:1px solid #888\">").append(escape(c)).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : t.columns()) {
                Object v = c.get(r);
                // Tablesaw returns null for a missing number (NaN, e.g. the CI of a single seed).
                String s = v == null ? MISSING : v instanceof Double d ? formatNumber(d) : v instanceof Float f ? formatNumber(f) : String.valueOf(v);
                boolean numeric = v instanceof Number;
                sb.append("<td style=\"padding:2px 8px;").append(numeric ? "text-align:right" : "").append("\">").append(escape(s)).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    /** How a missing number (NaN) is shown: a dash, not "null" or an empty cell. */
    public static final String MISSING = "—";

    static String formatNumber(double d) {
        if (Double.isNaN(d)) return MISSING;
        if (d == Math.rint(d) && Math.abs(d) < 1e9) return String.format(Locale.ROOT, "%.0f", d);
        return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.4f", d);
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
