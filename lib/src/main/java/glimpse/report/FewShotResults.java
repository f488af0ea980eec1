package glimpse.report;

import glimpse.eval.ResultRow;
import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.PaperEffect;
import glimpse.eval.Verdict;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.FewShotOutcome.ShotResult;
import glimpse.fewshot.SeedRuns;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.TreeSet;

/**
 * Few-shot outcomes as tables, verdicts and curves. Accuracies are in percent.
 *
 * <p>Two intervals, never mixed up. <b>Within one run</b> (one training seed): mean ± 1.96·s/√n over
 * its saved test episodes — how well the episodes pin down <i>that</i> model. <b>Over seeds</b>: each
 * seed's mean over the same episodes, then mean ± t(0.975, seeds − 1)·s/√seeds over the seeds — what
 * the recipe gives, training variation included. A paired difference's verdict rests on a third: over
 * seeds <b>and</b> episodes ({@link MeanCi#overSeedsAndEpisodes}), because every seed is scored on the same
 * saved episodes, so their sampling error is common to all seeds and invisible in the seeds' spread (three
 * seeds that each lose 0.40 pp on the same 30 episodes have a t-interval over seeds of ±0.00). A comparison
 * with one training run gets no verdict.
 */
public final class FewShotResults {
    private FewShotResults() {}

    /**
     * a − b on the same test episodes, paired by training seed.
     *
     * @param perSeed     per seed: the mean over episodes of the per-episode difference (= difference of the two means)
     * @param withinRunCi per seed: the 1.96·s/√n half-width of that per-episode difference (episodes only)
     * @param overSeeds   mean of {@code perSeed} ± Student-t 95% CI over the seeds (NaN CI for one seed)
     * @param aTraining   whether a's training converged, over its seeds ({@link Convergence#worst} of the loss curves)
     * @param paper       the paper's reported a − b for this setting, or null
     * @param perEpisode  per seed, the per-episode differences (the same episodes for every seed)
     */
    public record Comparison(String a, String b, String task, int ways, int shots, List<Long> seeds, double[] perSeed,
                             double[] withinRunCi, int episodes, MeanCi overSeeds, Convergence aTraining, Convergence bTraining,
                             PaperEffect paper, double[][] perEpisode) {
        public Comparison {
            seeds = List.copyOf(seeds);
            if (perEpisode.length != seeds.size()) throw new IllegalArgumentException(perEpisode.length + " rows of episodes for " + seeds.size() + " seeds");
        }

        /** The difference ± its 95% CI over seeds and the shared episodes ({@link MeanCi#overSeedsAndEpisodes}): what the verdict rests on. */
        public MeanCi difference() { return MeanCi.overSeedsAndEpisodes(perEpisode); }

        public String name() { return a + " − " + b; }
        public String setting() { return FewShotResults.setting(ways, shots); }

        /** Two or more seeds: the verdict can rest on the interval over seeds. */
        public boolean seedLevel() { return seeds.size() >= 2; }

        /** The one verdict ({@link Verdict}): convergence of both arms, the interval over seeds, the MDD against the paper's effect. */
        public Verdict verdict() {
            return Verdict.of(a, b, difference(), glimpse.eval.Power.minimalDetectableDifference(perEpisode), aTraining, bTraining, paper);
        }
    }

    /** A column's setting: "5-way 1-shot", or {@value #VARIABLE_SETTING} for the shot count {@code FewShotEval.VARIABLE_SHOTS}. */
    public static String setting(int ways, int shots) {
        return shots == glimpse.fewshot.FewShotEval.VARIABLE_SHOTS ? VARIABLE_SETTING : ways + "-way " + shots + "-shot";
    }

    /** The setting of Meta-Dataset's variable-way, variable-shot episodes. */
    public static final String VARIABLE_SETTING = "variable ways and shots";

    /** a − b for every shot count both were evaluated at, over the seeds both have (in a's order); no paper effect. */
    public static List<Comparison> paired(SeedRuns a, SeedRuns b, int ways) { return paired(a, b, ways, shots -> null); }

    /**
     * a − b for every shot count both were evaluated at, over the seeds both have (in a's order), each
     * shot count with the paper's reported a − b, {@code paperAtShots.apply(shots)} (null where the paper reports none).
     */
    public static List<Comparison> paired(SeedRuns a, SeedRuns b, int ways, IntFunction<PaperEffect> paperAtShots) {
        if (!a.task().equals(b.task())) throw new IllegalArgumentException("paired comparison across tasks: " + a.task() + " vs " + b.task());
        List<Long> seeds = a.seeds().stream().filter(b.seeds()::contains).toList();
        if (seeds.isEmpty()) throw new IllegalArgumentException("no common training seed: " + a.seeds() + " vs " + b.seeds());
        List<Comparison> out = new ArrayList<>();
        for (int k : a.shots()) {
            if (!b.shots().contains(k)) continue;
            double[] perSeed = new double[seeds.size()], within = new double[seeds.size()];
            double[][] perEpisode = new double[seeds.size()][];
            int episodes = -1;
            for (int i = 0; i < seeds.size(); i++) {
                double[] ea = a.outcome(seeds.get(i)).shots(k).perEpisode(), eb = b.outcome(seeds.get(i)).shots(k).perEpisode();
                if (ea.length != eb.length || (episodes >= 0 && ea.length != episodes))
                    throw new IllegalArgumentException("paired comparison needs the same test episodes: " + ea.length + " vs " + eb.length + " episodes");
                episodes = ea.length;
                perEpisode[i] = new double[episodes];
                for (int e = 0; e < episodes; e++) perEpisode[i][e] = ea[e] - eb[e];
                MeanCi d = MeanCi.of(perEpisode[i]);
                perSeed[i] = d.mean();
                within[i] = d.ci95();
            }
            out.add(new Comparison(a.method(), b.method(), a.task(), ways, k, seeds, perSeed, within, episodes, MeanCi.overSeeds(perSeed),
                    training(a, seeds), training(b, seeds), paperAtShots.apply(k), perEpisode));
        }
        return out;
    }

    /** The worst convergence of the runs' loss curves over {@code seeds}, each on its own scale ({@link SeedRuns#convergence}). */
    private static Convergence training(SeedRuns r, List<Long> seeds) {
        return Convergence.worst(seeds.stream().map(r::convergence).toList());
    }

    /**
     * The accuracy table in the papers' shape: one row per recipe, one column per task and shot count
     * ("glyphs novel · 5-way 1-shot"), each cell the mean over training seeds ± Student-t 95% CI, with
     * each seed's mean ± its within-run CI drawn small under it. A recipe with one training run shows
     * that run's within-run interval, marked {@value Cells#ONE_RUN}. The caption gives seeds and episodes.
     */
    public static Table accuracyTable(String title, List<SeedRuns> runs, int ways) {
        Pivot p = new Pivot("method");
        boolean oneRun = false;
        java.util.Set<String> counts = new java.util.LinkedHashSet<>();
        for (SeedRuns r : runs) {
            for (int k : r.shots()) {
                String cell;
                if (r.count() < 2) {
                    oneRun = true;
                    MeanCi w = r.withinRun(r.seeds().get(0), k);
                    cell = Cells.meanCi(100 * w.mean(), 100 * w.ci95()) + " " + Cells.ONE_RUN + "\nseed " + r.seeds().get(0);
                } else {
                    MeanCi m = r.accuracy(k);
                    List<String> per = new ArrayList<>();
                    for (long s : r.seeds()) { MeanCi w = r.withinRun(s, k); per.add(Cells.meanCi(100 * w.mean(), 100 * w.ci95())); }
                    cell = Cells.meanCi(100 * m.mean(), 100 * m.ci95()) + "\nseeds: " + String.join(" · ", per);
                }
                p.put(List.of(r.method()), r.task(), setting(ways, k), k, cell);
                counts.add(r.count() + (r.count() == 1 ? " seed" : " seeds") + ", " + r.first().shots(k).perEpisode().length + " test episodes");
            }
        }
        String note = "mean over seeds ± t-CI; small: each seed ± its within-run CI; " + String.join(" / ", counts)
                + (oneRun ? "\n" + Cells.LEGEND_ONE_RUN : "");
        return p.table(title + "\n" + note);
    }

    /**
     * The paired table in the papers' shape: one row per comparison "a − b", one column per task and
     * shot count, each cell the mean over seeds of the per-seed difference (pp) ± its CI over seeds and the shared
     * episodes ({@link Comparison#difference}), marked {@value Cells#DECIDED} where the one rule (glimpse.eval.Verdicts) names a winner; each seed's
     * difference ± its within-run CI small under it. With one training run: that run's difference ±
     * within-run CI, marked {@value Cells#ONE_RUN}, never a verdict.
     */
    public static Table pairedTable(String title, List<Comparison> comparisons) {
        Pivot p = new Pivot("comparison (pp)");
        boolean oneRun = false, decided = false;
        for (Comparison c : comparisons) {
            List<String> per = new ArrayList<>();
            for (int i = 0; i < c.seeds().size(); i++) per.add(Cells.signed(100 * c.perSeed()[i], 100 * c.withinRunCi()[i]));
            String cell;
            if (c.seedLevel()) {
                cell = Cells.difference(c.difference(), c.seeds().size()) + "\nseeds: " + String.join(" · ", per);
                decided |= glimpse.eval.Verdicts.decided(c.difference(), c.seeds().size());
            } else {
                oneRun = true;
                cell = per.get(0) + " " + Cells.ONE_RUN + "\nseed " + c.seeds().get(0);
            }
            p.put(List.of(c.name()), c.task(), c.setting(), c.shots(), cell);
        }
        String note = "a − b in percentage points on the same test episodes, mean over seeds ± 95% CI over seeds and episodes; small: each seed ± its within-run CI"
                + "\n" + LEGEND_DECIDED + (decided ? "" : " — none here") + (oneRun ? "\n" + Cells.LEGEND_ONE_RUN : "");
        return p.table(title + "\n" + note);
    }

    /** The mark's legend in few-shot tables: the interval is over seeds and the episodes they share. */
    static final String LEGEND_DECIDED = Cells.DECIDED + " 95% CI over ≥ 2 training seeds and their shared test episodes excludes 0 (a verdict under glimpse.eval.Verdicts)";

    /**
     * One line per comparison, under its task: the difference ± its CI over seeds and episodes, the minimal detectable
     * difference, the paper's effect where known, how both arms' training ended, and the {@link Verdict} —
     * decided from that interval, never from one run's episode interval, and only where both arms converged. A comparison of single runs shows its within-run interval and gets no verdict.
     */
    public static String verdicts(List<Comparison> comparisons) {
        List<String[]> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            String interval = c.seedLevel()
                    ? Cells.signed(100 * c.difference().mean(), 100 * c.difference().ci95()) + " pp over " + c.seeds().size() + " seeds × " + c.episodes() + " episodes"
                    : Cells.signed(100 * c.perSeed()[0], 100 * c.withinRunCi()[0]) + " pp within seed " + c.seeds().get(0) + "'s run";
            Verdict v = c.verdict();
            Claims.record(c.task() + " · " + c.setting(), v);
            rows.add(new String[] {c.task(), c.setting(), interval, v.context(), c.name() + ": " + v.word()});
        }
        // the task once above its lines, the columns as wide as their widest entry: lines short enough not to wrap
        int[] w = new int[4];
        for (String[] r : rows) for (int k = 1; k < 4; k++) w[k] = Math.max(w[k], r[k].length());
        StringBuilder out = new StringBuilder();
        String task = null;
        for (String[] r : rows) {
            if (!r[0].equals(task)) out.append(task = r[0]).append('\n');
            out.append(String.format(Locale.ROOT, "  %-" + w[1] + "s  %-" + w[2] + "s  %-" + w[3] + "s  → %s%n", r[1], r[2], r[3], r[4]));
        }
        return out.toString();
    }

    private static List<Long> allSeeds(List<List<Long>> lists) {
        TreeSet<Long> s = new TreeSet<>();
        lists.forEach(s::addAll);
        return List.copyOf(s);
    }

    /** One accuracy row per evaluated shot count of ONE run: mean ± within-run 95% CI over its saved test episodes. */
    public static List<ResultRow> accuracyRows(FewShotOutcome o, int ways, long seed) {
        List<ResultRow> rows = new ArrayList<>();
        for (ShotResult r : o.results()) {
            MeanCi m = r.accuracy();
            rows.add(new ResultRow(o.method(), o.task(), setting(ways, r.shots()), seed,
                    "accuracy % (" + r.perEpisode().length + " episodes, within-run CI)", 100 * m.mean(), 100 * m.ci95(), o.trainSeconds() + o.evalSeconds()));
        }
        return rows;
    }

    /** a − b of ONE run each on the same episodes (percentage points, within-run CI): data rows, not a verdict. */
    public static List<ResultRow> pairedRows(FewShotOutcome a, FewShotOutcome b, int ways, long seed) {
        if (!a.task().equals(b.task())) throw new IllegalArgumentException("paired comparison across tasks: " + a.task() + " vs " + b.task());
        List<ResultRow> rows = new ArrayList<>();
        for (ShotResult ra : a.results()) {
            for (ShotResult rb : b.results()) {
                if (rb.shots() != ra.shots()) continue;
                MeanCi d = MeanCi.pairedDifference(ra.perEpisode(), rb.perEpisode());
                rows.add(new ResultRow(a.method() + " − " + b.method(), a.task(), setting(ways, ra.shots()), seed,
                        "paired diff, pp, within-run CI" + (d.excludesZero() ? " (excludes 0)" : " (includes 0)"), 100 * d.mean(), 100 * d.ci95(), 0));
            }
        }
        return rows;
    }

    /**
     * Accuracy (%) against shots: the mean over seeds with its t-CI as error bars; with one seed, that
     * run's within-run CI, and the series name says so.
     */
    public static Figures.Series shotsCurve(SeedRuns r) {
        List<Integer> shots = r.shots();
        double[] x = shots.stream().mapToDouble(Integer::doubleValue).toArray();
        return series(r.method(), x, shots.stream().map(k -> r).toList(), shots);
    }

    /** Accuracy (%) at {@code shots} of several recipes against a knob {@code x} (e.g. d_k); error bars as {@link #shotsCurve}. */
    public static Figures.Series curve(String name, double[] x, List<SeedRuns> runs, int shots) {
        if (x.length != runs.size()) throw new IllegalArgumentException(x.length + " x values for " + runs.size() + " runs");
        return series(name, x, runs, runs.stream().map(r -> shots).toList());
    }

    private static Figures.Series series(String name, double[] x, List<SeedRuns> runs, List<Integer> shots) {
        boolean oneRun = runs.stream().anyMatch(r -> r.count() < 2);
        double[] y = new double[x.length], ci = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            SeedRuns r = runs.get(i);
            int k = shots.get(i);
            MeanCi m = oneRun ? r.withinRun(r.seeds().get(0), k) : r.accuracy(k);
            y[i] = 100 * m.mean();
            ci[i] = 100 * m.ci95();
        }
        return new Figures.Series(oneRun ? name + " (1 run; bars: within-run CI)" : name, x, y, ci);
    }

    /** Accuracy (%) ± within-run CI against shots, of one run. */
    public static Figures.Series shotsCurve(FewShotOutcome o) {
        int n = o.results().size();
        double[] x = new double[n], y = new double[n], ci = new double[n];
        for (int i = 0; i < n; i++) {
            ShotResult r = o.results().get(i);
            x[i] = r.shots();
            y[i] = 100 * r.accuracy().mean();
            ci[i] = 100 * r.accuracy().ci95();
        }
        return new Figures.Series(o.method(), x, y, ci);
    }

    /** The training loss curve (thinned to at most 200 points, x in steps). */
    public static Figures.Series lossCurve(FewShotOutcome o) {
        float[] l = o.lossCurve();
        double[] x = new double[l.length], y = new double[l.length];
        double per = o.trainSteps() / (double) l.length;
        for (int i = 0; i < l.length; i++) { x[i] = (i + 1) * per; y[i] = l[i]; }
        return Figures.Series.of(o.method() + " · " + o.task(), x, y);
    }

    /** Every run's training and evaluation cost, one row per recipe and seed; the caption sums them. */
    public static Table throughput(String title, List<SeedRuns> runs) {
        StringColumn method = StringColumn.create("method"), task = StringColumn.create("task");
        LongColumn seed = LongColumn.create("seed");
        IntColumn steps = IntColumn.create("steps"), skipped = IntColumn.create("skipped_steps");
        DoubleColumn train = DoubleColumn.create("train_s"), ips = DoubleColumn.create("images_per_s"), eval = DoubleColumn.create("eval_s");
        double total = 0;
        for (SeedRuns r : runs)
            for (int i = 0; i < r.count(); i++) {
                FewShotOutcome o = r.outcomes().get(i);
                method.append(o.method());
                task.append(o.task());
                seed.append(r.seeds().get(i));
                steps.append(o.trainSteps());
                train.append(Math.round(o.trainSeconds() * 10) / 10.0);
                ips.append(Math.round(o.imagesPerSecond()));
                eval.append(Math.round(o.evalSeconds() * 10) / 10.0);
                skipped.append(o.skippedSteps());
                total += o.trainSeconds() + o.evalSeconds();
            }
        return Table.create(String.format(Locale.ROOT, "%s: %d trained models, %.0f s of training + evaluation when first computed"
                + " (each row under the machine's load at that time: compare images/s only between rows of the same session, see the run log)",
                title, method.size(), total)).addColumns(method, task, seed, steps, train, ips, eval, skipped);
    }
}
