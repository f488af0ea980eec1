package glimpse.method.batchformer;

import glimpse.eval.MeanCi;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Objects;

/** The notebook's long-tail tables: accuracy per method and group, and paired gains of a method over its baseline. */
public final class LongTailTables {
    private LongTailTables() {}

    /** One row per result: method, setting, seeds, then "mean ± CI" (%) for overall and each of {@code groups}. */
    public static Table accuracy(String title, List<BatchFormerExperiment.Result> results, List<String> groups) {
        Table t = Table.create(title);
        t.addColumns(StringColumn.create("method", results.stream().map(r -> r.config().method())),
                StringColumn.create("setting", results.stream().map(r -> r.config().setting())),
                IntColumn.create("seeds", results.stream().mapToInt(r -> r.perSeed().size()).toArray()),
                StringColumn.create("overall %", results.stream().map(r -> r.overall().percent())));
        for (String g : groups)
            t.addColumns(StringColumn.create(g + " %", results.stream().map(r -> r.groupNames().contains(g) ? r.group(g).percent() : "n/a")));
        return t;
    }

    /**
     * Paired differences (with − without, percentage points, same seeds) for overall and each group,
     * marked "yes" where the 95% CI excludes zero.
     */
    public static Table pairedGains(String title, List<BatchFormerExperiment.Result> without, List<BatchFormerExperiment.Result> with, List<String> groups) {
        if (without.size() != with.size()) throw new IllegalArgumentException(without.size() + " baselines for " + with.size() + " results");
        StringColumn comparison = StringColumn.create("comparison"), setting = StringColumn.create("setting"),
                metric = StringColumn.create("metric"), gain = StringColumn.create("gain (pp) ± CI"), sig = StringColumn.create("CI excludes 0");
        for (int k = 0; k < with.size(); k++) {
            var a = with.get(k);
            var b = without.get(k);
            if (!Objects.equals(a.config().seeds(), b.config().seeds()))
                throw new IllegalArgumentException("paired comparison needs the same seeds: " + a.config().seeds() + " vs " + b.config().seeds());
            for (String m : concat("overall", groups)) {
                if (!m.equals("overall") && !(a.groupNames().contains(m) && b.groupNames().contains(m))) continue;
                MeanCi d = MeanCi.pairedDifference(a.values(m), b.values(m));
                comparison.append(a.config().method() + " vs " + b.config().method());
                setting.append(a.config().setting());
                metric.append(m);
                gain.append(String.format("%+.2f ± %.2f", 100 * d.mean(), 100 * d.ci95()));
                sig.append(d.excludesZero() ? "yes" : "no");
            }
        }
        return Table.create(title).addColumns(comparison, setting, metric, gain, sig);
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
