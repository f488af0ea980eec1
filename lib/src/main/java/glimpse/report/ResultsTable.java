package glimpse.report;

import glimpse.eval.ResultRow;
import glimpse.eval.MeanCi;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one results table of the workbook (method, dataset, setting, seed, metric, value, ci95,
 * wall_s) on Tablesaw. Notebooks add rows as experiments finish and render it with {@link Show}.
 */
public final class ResultsTable {
    private final String title;
    private final List<ResultRow> rows = new ArrayList<>();

    public ResultsTable(String title) { this.title = title; }

    public String title() { return title; }

    public ResultsTable add(ResultRow row) { rows.add(row); return this; }

    public ResultsTable add(String method, String dataset, String setting, long seed, String metric, MeanCi m, double wallSeconds) {
        return add(new ResultRow(method, dataset, setting, seed, metric, m.mean(), m.ci95(), wallSeconds));
    }

    /**
     * An accuracy given as a fraction (0.8015 ± 0.0174), stored and shown as the workbook writes every
     * accuracy: in percent (80.2 ± 1.7), the metric named with " %".
     */
    public ResultsTable addPercent(String method, String dataset, String setting, long seed, String metric, MeanCi fraction, double wallSeconds) {
        return add(new ResultRow(method, dataset, setting, seed, metric + " %", 100 * fraction.mean(), 100 * fraction.ci95(), wallSeconds));
    }

    public ResultsTable addAll(List<ResultRow> more) { rows.addAll(more); return this; }

    public List<ResultRow> rows() { return List.copyOf(rows); }

    public Table table() {
        Table t = Table.create(title);
        t.addColumns(
                StringColumn.create("method", rows.stream().map(ResultRow::method)),
                StringColumn.create("dataset", rows.stream().map(ResultRow::dataset)),
                StringColumn.create("setting", rows.stream().map(ResultRow::setting)),
                LongColumn.create("seed", rows.stream().mapToLong(ResultRow::seed).toArray()),
                StringColumn.create("metric", rows.stream().map(ResultRow::metric)),
                DoubleColumn.create("value", rows.stream().mapToDouble(ResultRow::value).toArray()),
                DoubleColumn.create("ci95", rows.stream().mapToDouble(ResultRow::ci95).toArray()),
                DoubleColumn.create("wall_s", rows.stream().mapToDouble(ResultRow::wallSeconds).toArray()));
        return t;
    }

    /**
     * The rows in the papers' shape, as notebooks display them: one row per method (and data set, where
     * there are several), one column per setting and metric; a cell is the mean over the seeds' values ±
     * Student-t 95% CI with each seed's value small under it, or, for one seed, its value ± the interval
     * its row carries (within that run), marked {@value Cells#ONE_RUN}. Values keep their own units.
     */
    public Table paperShaped() {
        boolean manyData = rows.stream().map(ResultRow::dataset).distinct().count() > 1;
        Pivot p = manyData ? new Pivot("method", "dataset") : new Pivot("method");
        java.util.Map<List<String>, List<ResultRow>> cells = new java.util.LinkedHashMap<>();
        for (ResultRow r : rows) cells.computeIfAbsent(List.of(r.method(), r.dataset(), r.setting(), r.metric()), k -> new ArrayList<>()).add(r);
        boolean oneRun = false;
        int order = 0;
        for (var e : cells.entrySet()) {
            List<ResultRow> rs = e.getValue();
            ResultRow first = rs.get(0);
            String cell;
            if (rs.size() == 1) {
                oneRun = true;
                cell = Cells.meanCi(first.value(), first.ci95(), 4) + " " + Cells.ONE_RUN + "\nseed " + first.seed();
            } else {
                MeanCi m = MeanCi.overSeeds(rs.stream().mapToDouble(ResultRow::value).toArray());
                String each = "%." + Cells.decimals(m.ci95(), 4) + "f";
                cell = Cells.meanCi(m.mean(), m.ci95(), 4) + "\nseeds: "
                        + String.join(" / ", rs.stream().map(r -> String.format(java.util.Locale.ROOT, each, r.value())).toList());
            }
            List<String> key = manyData ? List.of(first.method(), first.dataset()) : List.of(first.method());
            p.put(key, first.setting(), first.metric(), order++, cell);
        }
        String data = !manyData && !rows.isEmpty() ? rows.get(0).dataset() + "; " : "";
        return p.table(title + "\n" + data + "mean over seeds ± Student-t 95% CI; small: each seed's value; every row is in the CSV"
                + (oneRun ? "\n" + Cells.LEGEND_ONE_RUN : ""));
    }

    /** Writes the table as CSV (for 06-results and for diffing runs). */
    public Path saveCsv(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            table().write().csv(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
