package glimpse.report;

import glimpse.classification.ClassificationResult;
import glimpse.eval.MeanCi;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Objects;

/** The notebook's long-tail tables: accuracy per method and group, and paired gains of a method over its baseline. */
public final class LongTailTables {
    private LongTailTables() {}

    /**
     * One row per result: method, setting, seeds, each seed's overall top-1 %, the overall mean ± Student-t
     * 95% CI over seeds (df = seeds − 1), the first seed's within-run CI over the test images (reference
     * only), then mean ± t-CI over seeds for each of {@code groups}.
     */
    public static Table accuracy(String title, List<ClassificationResult> results, List<String> groups) {
        Table t = Table.create(title);
        t.addColumns(StringColumn.create("method", results.stream().map(r -> r.method())),
                StringColumn.create("setting", results.stream().map(r -> r.setting())),
                IntColumn.create("seeds", results.stream().mapToInt(r -> r.perSeed().size()).toArray()),
                StringColumn.create("overall % per seed", results.stream().map(r -> joinPerSeed(r.values("overall"), "%.2f"))),
                StringColumn.create("overall % (over seeds ± t-CI)", results.stream().map(r -> r.overall().percent())),
                StringColumn.create("1st seed, within-run ± (test images)", results.stream().map(r -> {
                    MeanCi w = r.perSeed().get(0).withinRun();
                    return String.format("± %.2f (n %d)", 100 * w.ci95(), w.n());
                })));
        for (String g : groups)
            t.addColumns(StringColumn.create(g + " %", results.stream().map(r -> r.groupNames().contains(g) ? r.group(g).percent() : "n/a")));
        return t;
    }

    /** "61.20 / 60.85 / 62.01": one value per seed, in percent. */
    static String joinPerSeed(double[] values, String format) {
        return String.join(" / ", java.util.Arrays.stream(values).mapToObj(v -> String.format(format, 100 * v)).toList());
    }

    /**
     * Paired differences (with − without, percentage points, same seeds) for overall and each group:
     * the per-seed differences, their mean ± Student-t 95% CI over seeds (df = seeds − 1), marked "yes"
     * where that interval excludes zero.
     */
    public static Table pairedGains(String title, List<ClassificationResult> without, List<ClassificationResult> with, List<String> groups) {
        if (without.size() != with.size()) throw new IllegalArgumentException(without.size() + " baselines for " + with.size() + " results");
        StringColumn comparison = StringColumn.create("comparison"), setting = StringColumn.create("setting"),
                metric = StringColumn.create("metric"), perSeed = StringColumn.create("gain per seed (pp)"),
                gain = StringColumn.create("gain (pp), over seeds ± t-CI"), sig = StringColumn.create("CI excludes 0");
        for (int k = 0; k < with.size(); k++) {
            var a = with.get(k);
            var b = without.get(k);
            if (!Objects.equals(a.seeds(), b.seeds()))
                throw new IllegalArgumentException("paired comparison needs the same seeds: " + a.seeds() + " vs " + b.seeds());
            for (String m : concat("overall", groups)) {
                if (!m.equals("overall") && !(a.groupNames().contains(m) && b.groupNames().contains(m))) continue;
                MeanCi d = MeanCi.pairedOverSeeds(a.values(m), b.values(m));
                comparison.append(a.method() + " vs " + b.method());
                setting.append(a.setting());
                metric.append(m);
                double[] diffs = new double[a.values(m).length];
                for (int s = 0; s < diffs.length; s++) diffs[s] = a.values(m)[s] - b.values(m)[s];
                perSeed.append(joinPerSeed(diffs, "%+.2f"));
                gain.append(String.format("%+.2f ± %.2f", 100 * d.mean(), 100 * d.ci95()));
                sig.append(d.excludesZero() ? "yes" : "no");
            }
        }
        return Table.create(title).addColumns(comparison, setting, metric, perSeed, gain, sig);
    }

    /** Per result, per-class accuracy (mean over seeds, %) against the class's training images, classes from tail to head. */
    public static List<Figures.Series> perClassCurves(List<ClassificationResult> results) {
        List<Figures.Series> out = new java.util.ArrayList<>();
        for (ClassificationResult r : results) {
            int[] counts = r.trainCounts();
            double[] acc = r.perClassMean();
            Integer[] order = java.util.stream.IntStream.range(0, counts.length).boxed().sorted(java.util.Comparator.comparingInt(k -> counts[k])).toArray(Integer[]::new);
            out.add(Figures.Series.of(r.method(), java.util.Arrays.stream(order).mapToDouble(k -> counts[k]).toArray(),
                    java.util.Arrays.stream(order).mapToDouble(k -> 100 * acc[k]).toArray()));
        }
        return out;
    }

    /**
     * Per value of the sweep, the paired gain of {@code with} over {@code without} (per-seed
     * differences, mean ± Student-t CI over seeds) on each metric, judged by {@link glimpse.eval.Verdicts}.
     */
    public static String verdicts(glimpse.classification.Sweep sweep, String without, String with, List<String> metrics) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < sweep.values().length; k++) {
            ClassificationResult b = sweep.result(without, k), a = sweep.result(with, k);
            out.append(String.format("%s, %s − %s:", a.setting(), with, without));
            for (String m : metrics) {
                MeanCi d = MeanCi.pairedOverSeeds(a.values(m), b.values(m));
                out.append(String.format("  %s %+.1f ± %.1f pp (%s)", m, 100 * d.mean(), 100 * d.ci95(),
                        glimpse.eval.Verdicts.brief(with, without, d, a.perSeed().size())));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
