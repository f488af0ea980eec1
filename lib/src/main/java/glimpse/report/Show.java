package glimpse.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.awt.image.RenderedImage;
import java.util.List;
import java.util.Locale;

/**
 * Kernel-agnostic display. Notebooks call {@code show(x)} (statically imported by the startup
 * script) for tables, results, charts and images; {@link #render} turns x into a PNG image or an
 * HTML string, and {@link glimpse.KernelDisplay} hands it to whichever Java kernel is running. A figure
 * may also simply be a cell's last expression (a {@code BufferedImage}), which both kernels render.
 */
public final class Show {
    private Show() {}

    /** Displays a table, results table, chart, image or {@link Html} in the running notebook. */
    public static void show(Object o) {
        Object r = render(o);
        if (r instanceof RenderedImage img) glimpse.KernelDisplay.png(pngBase64(img));
        else glimpse.KernelDisplay.html((String) r);
    }

    /**
     * Displays x under {@code displayId}, to be redrawn in place by {@link #update} (a live table or figure;
     * training progress works this way). Outside a kernel: false, nothing shown.
     */
    public static boolean show(Object o, String displayId) {
        return glimpse.KernelDisplay.display(bundle(o), displayId);
    }

    /** Replaces what {@link #show(Object, String)} showed under {@code displayId}. Outside a kernel: false. */
    public static boolean update(String displayId, Object o) {
        return glimpse.KernelDisplay.update(bundle(o), displayId);
    }

    /** Clears the cell's output; with {@code wait}, when the next output arrives (no flicker). Glimpse kernel only. */
    public static boolean clearOutput(boolean wait) { return glimpse.KernelDisplay.clearOutput(wait); }

    private static java.util.Map<String, String> bundle(Object o) {
        Object r = render(o);
        return r instanceof RenderedImage img ? java.util.Map.of("image/png", pngBase64(img)) : java.util.Map.of("text/html", (String) r);
    }

    /** The running kernel as seen from the library: "glimpse", "rapaio", "jjava" or "none". */
    public static String kernel() { return glimpse.KernelDisplay.kernel(); }

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
        if (o instanceof PaperTable p) return html(p.table());
        return "<pre>" + escape(String.valueOf(o)) + "</pre>";
    }

    /** HTML that a notebook renders verbatim (a paper's table, a note). */
    public record Html(String html) {}

    /** A results table as the papers print one (see {@link ResultsTable#paperShaped}); its CSV keeps the long rows. */
    public static String html(ResultsTable rt) {
        return html(rt.paperShaped());
    }

    /** In a column name, separates a group (drawn once over its columns) from the column's own header: "glyphs novel · 1-shot". */
    public static final String GROUP_SEPARATOR = " · ";

    /**
     * Sizes in px, not percent, and inline: a notebook frontend's own table style (JupyterLab's is 12 px)
     * would otherwise shrink the tables, and the per-seed lines under a value with them (7 px was seen).
     */
    static final String TABLE = "<table class=\"glimpse-table\" style=\"border-collapse:collapse;font-size:14px\">";
    static final String TH = "<th style=\"padding:3px 10px;border-bottom:1px solid #888;text-align:center;font-size:14px\"";
    private static final String SUB = "<br><span style=\"font-size:13px;color:#333;white-space:normal\">";

    /**
     * A table's caption as text above it at the page's width, not squeezed to the table's: its first line
     * the title (bold), each further line (what the numbers are, the legend of the marks) a line of its own.
     */
    public static String caption(String text) {
        String[] parts = text.split("\n");
        StringBuilder sb = new StringBuilder("<div class=\"glimpse-caption\" style=\"font-size:15px;margin:0.8em 0 0.3em;max-width:60em\">")
                .append("<div style=\"font-weight:bold\">").append(escape(parts[0])).append("</div>");
        for (int i = 1; i < parts.length; i++) sb.append("<div style=\"font-size:14px;color:#222\">").append(escape(parts[i])).append("</div>");
        return sb.append("</div>").toString();
    }

    /**
     * A compact HTML table: numbers to at most 4 significant digits, the table's name as its
     * {@link #caption} above it. Columns named "group · name" get a two-row header, the group spanning
     * its consecutive columns; a text cell's lines after the first (per-seed values) are drawn under it.
     */
    public static String html(Table t) {
        StringBuilder sb = new StringBuilder();
        if (t.name() != null && !t.name().isBlank()) sb.append(caption(t.name()));
        sb.append(TABLE);
        List<String> names = t.columnNames();
        boolean grouped = names.stream().anyMatch(n -> n.contains(GROUP_SEPARATOR));
        sb.append("<thead><tr>");
        for (int i = 0; i < names.size(); ) {
            String n = names.get(i);
            int at = n.indexOf(GROUP_SEPARATOR);
            if (!grouped || at < 0) {
                sb.append(TH).append(grouped ? " rowspan=\"2\"" : "").append(">").append(escape(n)).append("</th>");
                i++;
                continue;
            }
            String group = n.substring(0, at);
            int j = i;
            while (j < names.size() && names.get(j).startsWith(group + GROUP_SEPARATOR)) j++;
            sb.append(TH).append(" colspan=\"").append(j - i).append("\">").append(escape(group)).append("</th>");
            i = j;
        }
        if (grouped) {
            sb.append("</tr><tr>");
            for (String n : names)
                if (n.contains(GROUP_SEPARATOR)) sb.append(TH).append(">").append(escape(n.substring(n.indexOf(GROUP_SEPARATOR) + GROUP_SEPARATOR.length()))).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        // one number of decimals per number column: 0.8 and 1.0, not 0.8 and 1
        java.util.Map<Column<?>, Integer> decimals = new java.util.IdentityHashMap<>();
        for (Column<?> c : t.columns())
            for (int r = 0; r < t.rowCount(); r++)
                if (c.get(r) instanceof Number n && !(n instanceof Integer || n instanceof Long))
                    decimals.merge(c, decimalsOf(formatNumber(n.doubleValue())), Math::max);
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : t.columns()) {
                Object v = c.get(r);
                // Tablesaw returns null for a missing number (NaN, e.g. the CI of a single seed).
                String s = v == null ? MISSING : v instanceof Double || v instanceof Float
                        ? fixed(((Number) v).doubleValue(), decimals.getOrDefault(c, 0)) : String.valueOf(v);
                boolean numeric = v instanceof Number || s.equals(MISSING) || s.matches("(?s)[+\\-−]?\\d+(\\.\\d+)?( .*)?");
                sb.append("<td style=\"padding:3px 10px;vertical-align:top;font-size:14px;")
                  .append(numeric ? "text-align:right;white-space:nowrap" : "text-align:left").append("\">")
                  .append(lines(s)).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    /**
     * Escaped text whose lines after the first (each seed's values) are drawn under it, 13 px. They may
     * wrap between values (at " · " and " / ") where a wide table would not fit the page, never inside one.
     */
    static String lines(String s) {
        String[] parts = s.split("\n");
        StringBuilder sb = new StringBuilder(escape(parts[0]));
        for (int i = 1; i < parts.length; i++)
            sb.append(SUB).append(escape(parts[i]).replace(" ± ", "\u00a0±\u00a0").replace("seeds: ", "seeds:\u00a0")).append("</span>");
        return sb.toString();
    }

    private static int decimalsOf(String formatted) {
        int dot = formatted.indexOf('.');
        return dot < 0 ? 0 : formatted.length() - dot - 1;
    }

    private static String fixed(double d, int decimals) {
        return Double.isNaN(d) ? MISSING : String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    /** How a missing number (NaN) is shown: a dash, not "null" or an empty cell. */
    public static final String MISSING = "—";

    /**
     * A plain number: an integer as such, else rounded to 4 significant digits (1 decimal from 100 up)
     * without trailing zeros — 0.5, not 0.5000. Means with intervals are {@link Cells}' business.
     */
    static String formatNumber(double d) {
        if (Double.isNaN(d)) return MISSING;
        if (d == Math.rint(d) && Math.abs(d) < 1e9) return String.format(Locale.ROOT, "%.0f", d);
        java.math.BigDecimal b = java.math.BigDecimal.valueOf(d);
        b = Math.abs(d) >= 100 ? b.setScale(1, java.math.RoundingMode.HALF_UP) : b.round(new java.math.MathContext(4));
        return b.stripTrailingZeros().toPlainString();
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
