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
