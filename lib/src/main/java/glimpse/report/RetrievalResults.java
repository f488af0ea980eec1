package glimpse.report;

import glimpse.data.ImageSet;
import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.PaperEffect;
import glimpse.eval.Verdict;
import glimpse.method.retrieval.IrtBenchmark;
import glimpse.method.retrieval.MarginKoleoGrid;
import glimpse.method.retrieval.RetrievalResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IRT (arXiv 2102.05644) results as tables and figures: Recall@K over training seeds, paired
 * differences with the one {@link Verdict}, the β × λ heat map, the cumulative
 * energy curves and a query with its nearest neighbours. Recalls are in percent.
 */
public final class RetrievalResults {
    private RetrievalResults() {}

    public static final int[] KS = {1, 2, 4, 8};

    /**
     * Recall@K in the papers' shape: one row per recipe, one column per data set and metric (R@1, 2, 4, 8,
     * MAP@R), each cell the mean over seeds ± Student-t 95% CI; under R@1, small, each seed's value.
     * Recipes that share a label on the same data are told apart by their memory, then their variant.
     */
    public static Table recallTable(String title, List<RetrievalResult> results) {
        List<String> keys = rowKeys(results);
        boolean oneData = results.stream().map(RetrievalResult::data).distinct().count() <= 1;
        Pivot p = new Pivot("recipe");
        java.util.Set<Integer> seeds = new java.util.TreeSet<>();
        for (int i = 0; i < results.size(); i++) {
            RetrievalResult r = results.get(i);
            String group = oneData ? "" : r.data();
            seeds.add(r.perSeed().size());
            for (int j = 0; j < KS.length; j++)
                p.put(List.of(keys.get(i)), group, "R@" + KS[j] + " %", j,
                        Cells.percent(r.recall(KS[j])) + (j == 0 ? "\nseeds: " + Cells.perSeed(percent(r.recallPerSeed(1)), 100 * r.recall(KS[j]).ci95()) : ""));
            p.put(List.of(keys.get(i)), group, "MAP@R %", KS.length, Cells.percent(r.mapAtR()));
        }
        String data = oneData && !results.isEmpty() ? results.get(0).data() + "; " : "";
        return p.table(title + "\n" + data + "mean over " + seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("/"))
                + " seeds ± Student-t 95% CI; small: each seed's R@1");
    }

    /**
     * The paper's Recall@K table for benchmark {@code b} (DeiT-S): IRT_R's row at every K, IRT_O's and
     * IRT_L's R@1 (the paper's ablation gives no other K for them).
     */
    public static PaperTable paperTable(IrtBenchmark b) {
        String[] columns = Arrays.stream(b.ks()).mapToObj(k -> "R@" + k + " %").toArray(String[]::new);
        PaperTable t = PaperTable.of(IrtBenchmark.SOURCE + " — " + b.title, "method", columns);
        for (String v : IrtBenchmark.VARIANTS) {
            String[] cells = new String[columns.length];
            Arrays.fill(cells, Show.MISSING);
            if (v.equals("IRT_R")) for (int j = 0; j < cells.length; j++) cells[j] = String.valueOf(b.paperRecall()[j]);
            else cells[0] = String.valueOf(b.paperRecallAt1(v));
            t = t.row(v, cells);
        }
        return t;
    }

    /**
     * Our Recall@K in the shape of {@link #paperTable}: one row per result, named by its variant
     * (prefixed "ResNet-50 " for the CNN), columns R@K of {@code b}, mean over seeds ± Student-t 95% CI
     * in percent; in smoke mode the caption says the numbers are meaningless.
     */
    public static Table paperShapedTable(IrtBenchmark b, List<RetrievalResult> results) {
        Table t = Table.create(oursCaption(results) + " — " + b.title);
        t.addColumns(tech.tablesaw.api.StringColumn.create("method", results.stream().map(RetrievalResults::paperRowName)));
        for (int k : b.ks())
            t.addColumns(tech.tablesaw.api.StringColumn.create("R@" + k + " %", results.stream().map(r -> Cells.percent(r.recall(k)))));
        return t;
    }

    /**
     * The paper's ResNet-50 vs DeiT-S on SOP, R@1 (its β × λ grid at β 0.5: λ 0 is IRT_L, λ 0.7 IRT_R;
     * the loss-family table's contrastive ResNet-50 row, 79.8, agrees).
     */
    public static PaperTable paperResNetTable() {
        PaperTable t = PaperTable.of(IrtBenchmark.SOURCE + " — SOP R@1 %, β 0.5, β × λ grid", "method", "R@1 %");
        for (String v : List.of("IRT_L", "IRT_R")) {
            double lambda = v.equals("IRT_L") ? 0 : 0.7;
            t = t.row("ResNet-50 " + v, String.valueOf(IrtBenchmark.paperGrid(IrtBenchmark.PAPER_GRID_R50, 0.5, lambda)))
                    .row(v, String.valueOf(IrtBenchmark.paperGrid(IrtBenchmark.PAPER_GRID_DEIT, 0.5, lambda)));
        }
        return t;
    }

    /** The paper's SOP β × λ grid ({@code resNet}: its ResNet-50 half) at our grid's β and λ. */
    public static PaperTable paperGrid(MarginKoleoGrid ours, boolean resNet) {
        String[] columns = Arrays.stream(ours.lambdas()).mapToObj(l -> "λ " + l).toArray(String[]::new);
        PaperTable t = PaperTable.of(IrtBenchmark.SOURCE + " — SOP R@1 %, β × λ, " + (resNet ? "ResNet-50" : "DeiT-S"), "β", columns);
        for (double beta : ours.betas())
            t = t.row("β " + beta, Arrays.stream(ours.lambdas()).mapToObj(l -> {
                double v = IrtBenchmark.paperGrid(resNet ? IrtBenchmark.PAPER_GRID_R50 : IrtBenchmark.PAPER_GRID_DEIT, beta, l);
                return Double.isNaN(v) ? Show.MISSING : String.valueOf(v);
            }).toArray(String[]::new));
        return t;
    }

    /** Our grid's R@1 in the shape of {@link #paperGrid}: rows β, columns λ, mean over each cell's seeds ± CI. */
    public static Table gridTable(MarginKoleoGrid grid) {
        List<RetrievalResult> all = grid.cells().stream().flatMap(List::stream).toList();
        Table t = Table.create(oursCaption(all) + " — R@1 %, β × λ");
        t.addColumns(tech.tablesaw.api.StringColumn.create("β", Arrays.stream(grid.betas()).mapToObj(b -> "β " + b)));
        for (int j = 0; j < grid.lambdas().length; j++) {
            int col = j;
            t.addColumns(tech.tablesaw.api.StringColumn.create("λ " + grid.lambdas()[j],
                    java.util.stream.IntStream.range(0, grid.betas().length).mapToObj(i -> Cells.percent(grid.at(i, col).recall(1)))));
        }
        return t;
    }

    /** "IRT_R", or "ResNet-50 IRT_R" for the CNN. */
    public static String paperRowName(RetrievalResult r) { return (r.descriptor().startsWith("ResNet-50") ? "ResNet-50 " : "") + r.variant(); }

    private static String oursCaption(List<RetrievalResult> results) {
        if (glimpse.experiment.PaperScale.smoke()) return "SMOKE run (2 steps): meaningless";
        int seeds = results.stream().mapToInt(r -> r.perSeed().size()).max().orElse(0);
        return "mean over " + seeds + " seed" + (seeds == 1 ? "" : "s") + " ± Student-t 95% CI";
    }

    /**
     * Each result's label, with its memory and then its variant added where a label repeats on the same
     * data — added to every result of that label, so one recipe stays one row across data sets.
     */
    static List<String> rowKeys(List<RetrievalResult> results) {
        List<String> keys = new ArrayList<>(results.stream().map(RetrievalResult::label).toList());
        for (int pass = 0; pass < 2; pass++) {
            java.util.Map<String, Long> perData = new java.util.HashMap<>();
            for (int i = 0; i < results.size(); i++) perData.merge(keys.get(i) + "\u0000" + results.get(i).data(), 1L, Long::sum);
            java.util.Set<String> repeated = new java.util.HashSet<>();
            for (int i = 0; i < results.size(); i++) if (perData.get(keys.get(i) + "\u0000" + results.get(i).data()) > 1) repeated.add(keys.get(i));
            for (int i = 0; i < results.size(); i++) {
                if (!repeated.contains(keys.get(i))) continue;
                RetrievalResult r = results.get(i);
                keys.set(i, keys.get(i) + (pass == 0 ? " · memory " + r.memory() : " · " + r.variant()));
            }
        }
        return keys;
    }

    /**
     * a − b paired by seed on the same queries: per K, the mean over seeds of the per-seed differences
     * ± t-CI; the verdict is on R@1, with both arms' fine-tuning convergence and the paper's R@1 effect where given.
     */
    public record Comparison(String a, String b, String data, List<Long> seeds, MeanCi[] byK, double[] recallAt1PerSeed,
                             Convergence aTraining, Convergence bTraining, PaperEffect paper) {
        public Verdict verdict() { return Verdict.of(a, b, recallAt1PerSeed, aTraining, bTraining, paper); }
    }

    public static Comparison paired(RetrievalResult a, RetrievalResult b) { return paired(a, b, null); }

    /** a − b paired by seed, with the paper's reported R@1 difference (or null). */
    public static Comparison paired(RetrievalResult a, RetrievalResult b, PaperEffect paper) {
        if (!a.seeds().equals(b.seeds())) throw new IllegalArgumentException(a.label() + " has seeds " + a.seeds() + ", " + b.label() + " " + b.seeds() + ": pair the same seeds");
        if (!a.data().equals(b.data()) || a.queries() != b.queries())
            throw new IllegalArgumentException(a.label() + " and " + b.label() + " were scored on different queries (" + a.data() + ", " + b.data() + ")");
        MeanCi[] byK = Arrays.stream(KS).mapToObj(k -> MeanCi.pairedOverSeeds(a.recallPerSeed(k), b.recallPerSeed(k))).toArray(MeanCi[]::new);
        double[] ra = a.recallPerSeed(1), rb = b.recallPerSeed(1), d = new double[ra.length];
        for (int s = 0; s < d.length; s++) d[s] = ra[s] - rb[s];
        return new Comparison(a.label(), b.label(), a.data(), a.seeds(), byK, d, training(a), training(b), paper);
    }

    /**
     * The worst convergence of a result's fine-tuning over its seeds ({@link RetrievalResult#convergence}: the
     * quarter test on Eq. 1 per pair over the steps with a full memory; IRT_O: not trained).
     */
    static Convergence training(RetrievalResult r) { return r.convergence(); }

    /**
     * One row per comparison "a − b": per K the mean over seeds of the per-seed difference (pp) ±
     * Student-t CI, marked {@value Cells#DECIDED} where the one rule names a winner; then the {@link Verdict} on
     * R@1 (not converged, underpowered, …) with its minimal detectable difference.
     */
    public static Table pairedTable(String title, List<Comparison> comparisons) {
        Pivot p = new Pivot("a − b (pp)", "data");
        for (Comparison c : comparisons) {
            List<String> key = List.of(c.a() + " − " + c.b(), c.data());
            for (int i = 0; i < KS.length; i++) p.put(key, "", "ΔR@" + KS[i], i, Cells.difference(c.byK()[i], c.seeds().size()));
            p.put(key, "", "seeds", KS.length, String.valueOf(c.seeds().size()));
            p.put(key, "", "verdict (R@1)", KS.length + 1, c.verdict().brief() + " (" + c.verdict().mddText() + ")");
        }
        return p.table(title + "\nmean of the per-seed differences ± Student-t 95% CI over seeds\n" + Cells.LEGEND_DECIDED);
    }

    /** The β × λ grid's mean R@K (percent) as a heat map, values written in the cells, rows β, columns λ. */
    public static BufferedImage heatMap(String title, MarginKoleoGrid grid, int k) {
        double[][] cells = grid.meanRecallPercent(k);
        List<String> xs = Arrays.stream(grid.lambdas()).mapToObj(l -> "λ " + l).toList();
        List<String> ys = Arrays.stream(grid.betas()).mapToObj(b -> "β " + b).toList();
        List<Number[]> data = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) for (int j = 0; j < cells[i].length; j++) data.add(new Number[] {j, i, Math.round(cells[i][j] * 10) / 10.0});
        HeatMapChart chart = new HeatMapChartBuilder().width(Figures.WIDTH).height(Figures.HEIGHT).title(title).xAxisTitle("KoLeo weight λ")
                .yAxisTitle("margin β").build();
        Figures.style(chart.getStyler(), title, Figures.HEAT_MAP_TITLE_WIDTH);
        Figures.colourScale(chart.getStyler(), data.stream().mapToDouble(c -> c[2].doubleValue()).min().orElse(0),
                data.stream().mapToDouble(c -> c[2].doubleValue()).max().orElse(1));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);   // the colour scale, beside the map
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setRangeColors(new Color[] {new Color(255, 255, 255), new Color(255, 200, 0), new Color(200, 0, 0)});
        chart.addSeries("R@" + k, xs, ys, data);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Cumulative energy of the principal components (mean over seeds), one curve per result, first {@code components}. */
    public static BufferedImage energyCurves(String title, List<RetrievalResult> results, int components) {
        List<Figures.Series> series = new ArrayList<>();
        for (RetrievalResult r : results) {
            double[] e = r.meanEnergy();
            int n = Math.min(components, e.length);
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) { x[i] = i + 1; y[i] = 100 * e[i]; }
            series.add(Figures.Series.of(r.label(), x, y));
        }
        return Figures.lines(title, "principal components", "cumulative energy %", series);
    }

    /**
     * The fine-tuning loss of each result as Eq. 1 per pair ({@link glimpse.method.retrieval.RetrievalLoss#PER_PAIR}:
     * the contrastive sum divided by the pairs per anchor, so a filling memory does not raise it; the
     * total loss for a result that did not record it), mean over its seeds, one curve per result; IRT_O
     * results (no training) are skipped. The x axis is the fine-tuning step (curves were thinned to at
     * most 200 points, each the mean of its steps). One recipe at several lengths is told apart by its steps.
     */
    public static BufferedImage lossCurves(String title, List<RetrievalResult> results) {
        List<Figures.Series> series = new ArrayList<>();
        boolean allPerPair = true;
        for (RetrievalResult r : results) {
            List<float[]> curves = r.perSeed().stream()
                    .map(s -> s.terms().getOrDefault(glimpse.method.retrieval.RetrievalLoss.PER_PAIR, s.losses())).toList();
            allPerPair &= r.perSeed().stream().allMatch(s -> s.losses().length == 0 || s.terms().containsKey(glimpse.method.retrieval.RetrievalLoss.PER_PAIR));
            int n = curves.stream().mapToInt(c -> c.length).min().orElse(0), steps = r.perSeed().get(0).steps();
            if (n == 0) continue;
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = steps > n ? (i + 0.5) * steps / n : i + 1;
                for (float[] c : curves) y[i] += c[i] / curves.size();
            }
            String name = r.label() + " [" + r.data() + "]";
            long sameName = results.stream().filter(o -> (o.label() + " [" + o.data() + "]").equals(name)).count();
            series.add(Figures.Series.of(sameName > 1 ? r.label() + ", " + steps + " steps [" + r.data() + "]" : name, x, y));   // one recipe at several lengths
        }
        return Figures.lines(title, "fine-tuning step", allPerPair ? "Eq. 1 per pair" : "loss (Eq. 1 per pair where recorded, else contrastive + λ·KoLeo)", series);
    }

    /**
     * What each arm's fine-tuning did: steps, training seconds summed over seeds (as measured when the
     * result was computed), the memory's fill against the training set, Eq. 1 per pair first → last
     * quarter (mean over seeds), whether it converged ({@link RetrievalResult#convergence}), and R@1.
     */
    public static Table trainingTable(String title, List<RetrievalResult> results) {
        Table t = Table.create(title);
        List<RetrievalResult> rs = results.stream().distinct().toList();
        t.addColumns(StringColumn.create("recipe", rs.stream().map(RetrievalResult::label)),
                StringColumn.create("data", rs.stream().map(RetrievalResult::data)),
                StringColumn.create("steps × seeds", rs.stream().map(r -> r.perSeed().get(0).steps() + " × " + r.perSeed().size())),
                StringColumn.create("seconds", rs.stream().map(r -> String.format(java.util.Locale.ROOT, "%.0f", r.wallSeconds()))),
                StringColumn.create("memory", rs.stream().map(RetrievalResult::memoryFill)),
                StringColumn.create("Eq. 1 per pair", rs.stream().map(RetrievalResults::perPairTrend)),
                StringColumn.create("training", rs.stream().map(r -> r.convergence().toString())),
                StringColumn.create("R@1 %", rs.stream().map(r -> Cells.percent(r.recall(1)))));
        return t;
    }

    /** "0.104 → 0.013" (first → last quarter, mean over seeds), or "—" for an arm that did not train or record it. */
    private static String perPairTrend(RetrievalResult r) {
        double first = 0, last = 0;
        int n = 0;
        for (RetrievalResult.SeedResult s : r.perSeed()) {
            float[] c = s.terms().get(glimpse.method.retrieval.RetrievalLoss.PER_PAIR);
            if (c == null || c.length < 4) continue;
            int q = c.length / 4;
            for (int i = 0; i < q; i++) { first += c[i] / (double) q; last += c[c.length - q + i] / (double) q; }
            n++;
        }
        return n == 0 ? Show.MISSING : String.format(java.util.Locale.ROOT, "%.4f → %.4f", first / n, last / n);
    }

    /** E(k) per result: the share of variance in the first {@code k} components, mean ± t-CI over seeds. */
    public static Table energyTable(String title, List<RetrievalResult> results, int... ks) {
        Table t = Table.create(title);
        t.addColumns(StringColumn.create("recipe", results.stream().map(RetrievalResult::label)),
                StringColumn.create("data", results.stream().map(RetrievalResult::data)));
        for (int k : ks) t.addColumns(StringColumn.create("E(" + k + ") %", results.stream().map(r -> Cells.percent(MeanCi.overSeeds(r.energyPerSeed(k))))));
        return t;
    }

    /**
     * Does {@code a} keep its energy less concentrated than {@code b}? E_a(k) − E_b(k), paired by
     * seed, mean ± t-CI over seeds, MDD and the {@link Verdict} (both arms' convergence included): the
     * one with the lower E(k) "spreads its energy more" only when the interval excludes 0.
     */
    public static String energyVerdict(RetrievalResult a, RetrievalResult b, int k) {
        if (!a.seeds().equals(b.seeds())) throw new IllegalArgumentException("pair the same seeds: " + a.seeds() + " vs " + b.seeds());
        double[] ea = a.energyPerSeed(k), eb = b.energyPerSeed(k), d = new double[ea.length];
        for (int s = 0; s < d.length; s++) d[s] = ea[s] - eb[s];
        // a − b > 0: b has less energy in its first k components, so b (named first) spreads more
        Verdict v = Verdict.of(b.label(), a.label(), d, training(b), training(a), null);
        return String.format("E(%d) %s − %s: %s pp, %s; %s", k, a.label(), b.label(), points(MeanCi.overSeeds(d)), v.mddText(),
                v.word().replace(" better", " spreads its energy more"));
    }

    /** "R@1 a − b on data: +x ± y pp over n seeds, MDD …, paper: … → verdict" (paired by seed, t-CI over seeds). */
    public static String recallVerdict(RetrievalResult a, RetrievalResult b) { return recallVerdict(a, b, null); }

    /** The same, with the paper's reported R@1 difference (or null). */
    public static String recallVerdict(RetrievalResult a, RetrievalResult b, PaperEffect paper) {
        Verdict v = paired(a, b, paper).verdict();
        Claims.record(a.data() + " · R@1", v);
        return String.format("R@1 %s − %s on %s: %s pp over %d seeds, %s → %s", a.label(), b.label(), a.data(), points(v.difference()),
                v.difference().n(), v.context(), v.word());
    }

    /**
     * The result's shown queries (left, grey frame) and their nearest test images for its first
     * seed, best first: a green frame where the neighbour shares the query's class, red where not.
     */
    public static BufferedImage queries(ImageSet test, RetrievalResult r, int scale) {
        if (test.size() != r.queries()) throw new IllegalArgumentException("the result was scored on " + r.queries() + " test images, the set has " + test.size());
        int cell = test.width() * scale, pad = 6, gap = 14;
        int cols = 1 + r.shownTop()[0].length, width = cols * (cell + pad) + gap + pad;
        int px = Figures.labelPx(width), labelH = px + 6;   // text the page's size however much a browser shrinks the picture
        BufferedImage out = new BufferedImage(width, labelH + r.shownQueries().length * (cell + pad) + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, px));
        g.drawString(r.label() + ", seed " + r.seeds().get(0) + ": query | top " + (cols - 1) + " (green = same class)", pad, px);
        g.setStroke(new BasicStroke(3));
        for (int q = 0; q < r.shownQueries().length; q++) {
            int y = labelH + pad + q * (cell + pad), query = r.shownQueries()[q];
            draw(g, test, query, scale, pad, y, Color.GRAY);
            int[] top = r.shownTop()[q];
            for (int j = 0; j < top.length; j++)
                draw(g, test, top[j], scale, pad + gap + (j + 1) * (cell + pad), y, test.label(top[j]) == test.label(query) ? new Color(0, 160, 0) : new Color(200, 0, 0));
        }
        g.dispose();
        return out;
    }

    private static void draw(Graphics2D g, ImageSet set, int index, int scale, int x, int y, Color frame) {
        g.drawImage(Figures.toImage(set, index, scale), x, y, null);
        g.setColor(frame);
        g.drawRect(x - 2, y - 2, set.width() * scale + 3, set.height() * scale + 3);
    }

    private static double[] percent(double[] fractions) { return Arrays.stream(fractions).map(x -> 100 * x).toArray(); }

    private static String points(MeanCi d) {
        return Cells.signed(100 * d.mean(), 100 * d.ci95());
    }
}
