package glimpse.report;

import glimpse.classification.ClassificationResult;
import glimpse.eval.MeanCi;
import glimpse.eval.PaperEffect;
import glimpse.eval.Verdict;
import glimpse.eval.Metric;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Objects;

/** The notebook's long-tail tables: accuracy per method and group, and paired gains of a method over its baseline. */
public final class LongTailTables {
    private LongTailTables() {}

    /**
     * Top-1 in the papers' shape: one row per method, one column per setting and metric (overall, then
     * {@code groups}), each cell the mean over seeds ± Student-t 95% CI (df = seeds − 1); under the
     * overall value, small, each seed's value. A setting shared by every result goes to the caption.
     */
    public static Table accuracy(String title, List<ClassificationResult> results, List<Metric> groups) {
        boolean oneSetting = results.stream().map(ClassificationResult::setting).distinct().count() <= 1;
        Pivot p = new Pivot("method");
        int order = 0;
        java.util.Set<Integer> seeds = new java.util.TreeSet<>();
        for (ClassificationResult r : results) {
            String group = oneSetting ? "" : r.setting();
            seeds.add(r.perSeed().size());
            p.put(List.of(r.method()), group, Metric.OVERALL.label() + " %", order++,
                    Cells.percent(r.overall()) + "\nseeds: " + Cells.perSeed(percent(r.values(Metric.OVERALL)), 100 * r.overall().ci95()));
            for (Metric g : groups)
                p.put(List.of(r.method()), group, g.label() + " %", order++, r.groups().contains(g) ? Cells.percent(r.metric(g)) : "n/a");
        }
        String setting = oneSetting && !results.isEmpty() ? results.get(0).setting() + "; " : "";
        return p.table(title + "\n" + setting + "mean over " + seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("/"))
                + " seeds ± Student-t 95% CI; small: each seed's overall top-1");
    }

    private static double[] percent(double[] fractions) { return java.util.Arrays.stream(fractions).map(v -> 100 * v).toArray(); }

    /**
     * Paired gains (with − without, percentage points, same seeds) in the papers' shape: one row per
     * comparison, one column per setting and metric (overall, then {@code groups}); each cell the mean
     * of the per-seed differences ± Student-t 95% CI over seeds (df = seeds − 1), marked
     * {@value Cells#DECIDED} where that interval excludes zero (glimpse.eval.Verdicts), the per-seed
     * differences small under it.
     */
    public static Table pairedGains(String title, List<ClassificationResult> without, List<ClassificationResult> with, List<Metric> groups) {
        if (without.size() != with.size()) throw new IllegalArgumentException(without.size() + " baselines for " + with.size() + " results");
        boolean oneSetting = with.stream().map(ClassificationResult::setting).distinct().count() <= 1;
        Pivot p = new Pivot("comparison (pp)");
        int order = 0;
        for (int k = 0; k < with.size(); k++) {
            var a = with.get(k);
            var b = without.get(k);
            if (!Objects.equals(a.seeds(), b.seeds()))
                throw new IllegalArgumentException("paired comparison needs the same seeds: " + a.seeds() + " vs " + b.seeds());
            for (Metric m : concat(Metric.OVERALL, groups)) {
                if (m.isGroup() && !(a.groups().contains(m) && b.groups().contains(m))) continue;
                MeanCi d = MeanCi.pairedOverSeeds(a.values(m), b.values(m));
                double[] diffs = new double[a.values(m).length];
                for (int s = 0; s < diffs.length; s++) diffs[s] = a.values(m)[s] - b.values(m)[s];
                p.put(List.of(a.method() + " vs " + b.method()), oneSetting ? "" : a.setting(), m.label(), order++,
                        Cells.difference(d, diffs.length) + "\nseeds: " + Cells.perSeedSigned(percent(diffs), 100 * d.ci95()));
            }
        }
        String setting = oneSetting && !with.isEmpty() ? with.get(0).setting() + "; " : "";
        return p.table(title + "\n" + setting + "mean of the per-seed gains ± Student-t 95% CI; small: each seed's gain\n" + Cells.LEGEND_DECIDED);
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
     * Per value of the sweep, the paired gain of {@code with} over {@code without} on each metric, one
     * line each: mean ± Student-t CI over seeds, MDD, the paper's gain on that metric where
     * {@code paperByMetric} has one, and the {@link Verdict}. The long-tail recipes train one
     * cross-entropy (plain or balanced softmax) over the training classes, so a loss flat at
     * ln(classes) counts as not learned ({@link glimpse.eval.Convergence}).
     */
    public static String verdicts(glimpse.classification.Sweep sweep, String without, String with, List<Metric> metrics,
                                  java.util.Map<Metric, PaperEffect> paperByMetric) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < sweep.values().length; k++) {
            ClassificationResult b = sweep.result(without, k), a = sweep.result(with, k);
            out.append(String.format("%s, %s − %s:%n", a.setting(), with, without));
            for (Metric m : metrics) {
                Verdict v = verdict(a, b, m, a.trainCounts().length, paperByMetric.get(m));
                Claims.record(a.setting() + " · " + m.label(), v);
                out.append(String.format("  %-8s %s pp over %d seeds, %s → %s%n", m.label(), Cells.signed(100 * v.difference().mean(), 100 * v.difference().ci95()),
                        v.difference().n(), v.context(), v.word()));
            }
        }
        return out.toString();
    }

    /** {@link #verdicts(glimpse.classification.Sweep, String, String, List, java.util.Map)} without paper effects. */
    public static String verdicts(glimpse.classification.Sweep sweep, String without, String with, List<Metric> metrics) {
        return verdicts(sweep, without, with, metrics, java.util.Map.of());
    }

    /**
     * a − b on {@code metric} (overall or a group), paired by seed, as the one {@link Verdict}.
     *
     * @param lossClasses the class count where both arms' training loss is a single cross-entropy over
     *                    that many classes (then a loss flat at chance is caught), 0 where the loss has other terms
     * @param paper       the paper's reported a − b on this metric, or null
     */
    public static Verdict verdict(ClassificationResult a, ClassificationResult b, Metric metric, int lossClasses, PaperEffect paper) {
        return Verdict.of(a.method(), b.method(), differences(a, b, metric), a.training(lossClasses), b.training(lossClasses), paper);
    }

    /** a − b as above, each arm's convergence judged on its method's own loss at chance ({@link ClassificationResult#training()}). */
    public static Verdict verdict(ClassificationResult a, ClassificationResult b, Metric metric, PaperEffect paper) {
        return Verdict.of(a.method(), b.method(), differences(a, b, metric), a.training(), b.training(), paper);
    }

    private static double[] differences(ClassificationResult a, ClassificationResult b, Metric metric) {
        if (!Objects.equals(a.seeds(), b.seeds()))
            throw new IllegalArgumentException("paired comparison needs the same seeds: " + a.seeds() + " vs " + b.seeds());
        double[] va = a.values(metric), vb = b.values(metric), d = new double[va.length];
        for (int s = 0; s < d.length; s++) d[s] = va[s] - vb[s];
        return d;
    }

    private static List<Metric> concat(Metric first, List<Metric> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
