package glimpse.report;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a table in the papers' shape: one row per method (the row key), one column per setting, a
 * cell per (method, setting). A column named "group · setting" is drawn under a shared group
 * header by {@link Show#html}; a cell's second line (after '\n') is drawn small under its value.
 */
final class Pivot {
    private record Column(String name, int group, double order, int seen) {}

    private final List<String> keyNames;
    private final Map<List<String>, Map<String, String>> rows = new LinkedHashMap<>();
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Map<String, Integer> groups = new LinkedHashMap<>();

    Pivot(String... keyNames) { this.keyNames = List.of(keyNames); }

    /**
     * The cell of {@code key} under {@code group · setting} (no group: "" → the setting alone);
     * columns sort by group (first seen first), then by {@code order} (e.g. the shot count).
     */
    Pivot put(List<String> key, String group, String setting, double order, String cell) {
        if (key.size() != keyNames.size()) throw new IllegalArgumentException(key + " does not match the row key " + keyNames);
        String name = group.isEmpty() ? setting : group + Show.GROUP_SEPARATOR + setting;
        int g = groups.computeIfAbsent(group, k -> groups.size());
        columns.putIfAbsent(name, new Column(name, g, order, columns.size()));
        // two results with the same row key and setting (variants with one label) each keep their own row
        List<String> row = List.copyOf(key);
        for (int n = 2; rows.containsKey(row) && rows.get(row).containsKey(name); n++) {
            List<String> k = new ArrayList<>(key);
            k.set(0, key.get(0) + " (" + n + ")");
            row = List.copyOf(k);
        }
        rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(name, cell);
        return this;
    }

    Table table(String title) {
        Table t = Table.create(title);
        for (int i = 0; i < keyNames.size(); i++) {
            int k = i;
            t.addColumns(StringColumn.create(keyNames.get(i), rows.keySet().stream().map(key -> key.get(k))));
        }
        List<Column> sorted = new ArrayList<>(columns.values());
        sorted.sort(Comparator.comparingInt(Column::group).thenComparingDouble(Column::order).thenComparingInt(Column::seen));
        for (Column c : sorted)
            t.addColumns(StringColumn.create(c.name(), rows.values().stream().map(r -> r.getOrDefault(c.name(), Show.MISSING))));
        return t;
    }
}
