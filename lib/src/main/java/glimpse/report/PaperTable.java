package glimpse.report;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as a paper printed it — its numbers, labelled as the paper's — and {@link #beside}, which
 * sets it next to ours: one row per method, and under each of the paper's settings three columns,
 * "paper", "ours" and their difference, ours − paper in percentage points (signed, one decimal; a dash
 * where either cell is not one number, e.g. "44.7 → 45.7"). Both tables must be in the same unit, percent:
 * our fractions beside the paper's percentages would give nonsense differences. A notebook cell:
 * <pre>{@code
 * PaperTable ctx = PaperTable.of("CTX, arXiv 2007.11498 Table 1: miniImageNet 5-way, ResNet-34", "method", "5-way 1-shot", "5-way 5-shot")
 *         .row("ProtoNet", "…", "…").row("CTX", "…", "…");
 * show(ctx.beside(FewShotResults.accuracyTable("ours", headline, 5), "glyphs base→novel"));
 * }</pre>
 * Rows match by method name (case-insensitive), columns by setting name; our table's group (the
 * task or data set of a grouped column, "glyphs base→novel · 5-way 1-shot") is chosen by the caller.
 * Our cells keep their first line (mean ± CI); what exists on one side only is shown with a dash.
 */
public record PaperTable(String source, String rowHeader, List<String> columns, List<List<String>> rows) {
    public PaperTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows)
            if (r.size() != columns.size() + 1)
                throw new IllegalArgumentException("paper table row " + r + " has " + (r.size() - 1) + " values for the columns " + columns);
    }

    public static PaperTable of(String source, String rowHeader, String... columns) {
        return new PaperTable(source, rowHeader, List.of(columns), List.of());
    }

    /** A row: the method as the paper names it (use our method's name to line it up with ours), then one value per column. */
    public PaperTable row(String method, String... values) {
        List<String> r = new ArrayList<>(List.of(method));
        r.addAll(List.of(values));
        List<List<String>> all = new ArrayList<>(rows);
        all.add(r);
        return new PaperTable(source, rowHeader, columns, all);
    }

    /** The paper's table alone, captioned as the paper's numbers. */
    public Table table() {
        Table t = Table.create("Reported in the paper (" + source + ") — the paper's numbers, not ours");
        t.addColumns(StringColumn.create(rowHeader, rows.stream().map(r -> r.get(0))));
        for (int c = 0; c < columns.size(); c++) {
            int k = c + 1;
            t.addColumns(StringColumn.create(columns.get(c), rows.stream().map(r -> r.get(k))));
        }
        return t;
    }

    /** Side by side with our table's columns of {@code group} ("" for an ungrouped table); its first column names the methods. */
    public Show.Html beside(Table ours, String group) {
        String prefix = group.isEmpty() ? "" : group + Show.GROUP_SEPARATOR;
        Map<String, String[]> oursByMethod = new LinkedHashMap<>();
        Map<String, String> oursLabel = new LinkedHashMap<>();
        for (int r = 0; r < ours.rowCount(); r++) {
            String method = ours.column(0).getString(r);
            String[] cells = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                String name = prefix + columns.get(c);
                cells[c] = ours.columnNames().contains(name) ? ours.column(name).getString(r).split("\n")[0] : Show.MISSING;
            }
            oursByMethod.put(key(method), cells);
            oursLabel.put(key(method), method);
        }
        List<String> order = new ArrayList<>();
        rows.forEach(r -> order.add(key(r.get(0))));
        oursByMethod.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);

        String th = Show.TH;
        StringBuilder sb = new StringBuilder(Show.caption("The paper's numbers beside ours\npaper: " + source + "\nours: " + ours.name().split("\n")[0]
                        + (group.isEmpty() ? "" : " — " + group)))
                .append(Show.TABLE).append("<thead><tr>")
                .append(th).append(" rowspan=\"2\">").append(Show.escape(rowHeader)).append("</th>");
        for (String c : columns) sb.append(th).append(" colspan=\"3\">").append(Show.escape(c)).append("</th>");
        sb.append("</tr><tr>");
        for (int c = 0; c < columns.size(); c++)
            sb.append(th).append(">paper</th>").append(th).append(">ours</th>").append(th).append(">").append(Show.escape(DIFFERENCE)).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (String k : order) {
            List<String> paperRow = rows.stream().filter(r -> key(r.get(0)).equals(k)).findFirst().orElse(null);
            String[] mine = oursByMethod.get(k);
            String label = paperRow != null ? paperRow.get(0) : oursLabel.get(k);
            sb.append("<tr><td style=\"padding:3px 10px;font-size:14px\">").append(Show.escape(label)).append("</td>");
            for (int c = 0; c < columns.size(); c++) {
                String p = paperRow == null ? Show.MISSING : paperRow.get(c + 1);
                String o = mine == null ? Show.MISSING : mine[c];
                sb.append("<td style=\"padding:3px 10px;text-align:right;color:#555;font-size:14px\">").append(Show.escape(p)).append("</td>")
                  .append("<td style=\"padding:3px 10px;text-align:right;font-size:14px\">").append(Show.escape(o)).append("</td>")
                  .append("<td style=\"padding:3px 10px;text-align:right;border-right:1px solid #ddd;font-size:14px\">").append(Show.escape(difference(p, o))).append("</td>");
            }
            sb.append("</tr>");
        }
        return new Show.Html(sb.append("</tbody></table>").toString());
    }

    /** {@link #beside(Table, String)} with our table's first group (or none). */
    public Show.Html beside(Table ours) {
        String group = ours.columnNames().stream().filter(n -> n.contains(Show.GROUP_SEPARATOR)).findFirst()
                .map(n -> n.substring(0, n.indexOf(Show.GROUP_SEPARATOR))).orElse("");
        return beside(ours, group);
    }

    /** The header of the third column under each setting. */
    public static final String DIFFERENCE = "ours − paper (pp)";

    /**
     * A cell that holds one number: "71.2", "71.2 ± 1.3", "−0.5" (a unicode minus is a minus), "64 %", with
     * markers after it ("0.500 ± 0.018 †"); not "44.7 → 45.7" or "85.5 / 86.2", whose second number would
     * make a difference with the first one meaningless.
     */
    private static final Pattern ONE_NUMBER = Pattern.compile("^\\s*([+\\-−]?\\d+(?:\\.\\d+)?)\\s*%?(?:\\s*±\\s*\\d+(?:\\.\\d+)?\\s*%?)?[^\\d]*$");

    /** ours − paper, signed with one decimal ("+1.3", "-0.4"), or a dash where either cell is not one number. */
    static String difference(String paper, String ours) {
        Double p = leadingNumber(paper), o = leadingNumber(ours);
        if (p == null || o == null) return Show.MISSING;
        double d = o - p;
        if (Math.abs(d) < 0.05) d = 0;   // "+0.0", never "-0.0"
        return String.format(Locale.ROOT, "%+.1f", d);
    }

    private static Double leadingNumber(String cell) {
        Matcher m = ONE_NUMBER.matcher(cell);
        return m.matches() ? Double.valueOf(m.group(1).replace('−', '-')) : null;
    }

    private static String key(String method) { return method.strip().toLowerCase(Locale.ROOT); }
}
