package glimpse.report;

import glimpse.classification.ClassificationExperiment;
import glimpse.classification.ClassificationResult;
import glimpse.classification.ClassificationSpec;
import glimpse.eval.Metric;
import glimpse.eval.Verdict;
import glimpse.experiment.PaperScale;
import glimpse.method.tasn.TasnRecipe;
import glimpse.method.tasn.TasnRecipe.Arm;
import glimpse.method.tasn.TasnRecipe.Benchmark;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Notebook 04's paper section: TASN's four arms at the paper's 224-px sampler output and the full
 * TASN at 336 and 448 px, on one benchmark ({@link TasnRecipe#paper}), each arm and seed its own
 * cached experiment; the paper's numbers beside ours in the same shape (arms × sampler output); and
 * the paper's direction (attention sampling beats a uniform resize; distillation helps) as computed
 * verdicts.
 *
 * @param results per arm ({@link Arm} order), per sampler output ({@link TasnRecipe#SAMPLER_OUTPUTS} order): the
 *                result, or null where that cell is not run (only the full TASN runs at 336 and 448 px)
 */
public record TasnPaperSection(Benchmark benchmark, List<List<ClassificationResult>> results) {

    /** Test images of each benchmark's test split (arXiv 1903.06150 §4.1), for the cost estimate. */
    static int testImages(Benchmark b) { return b == Benchmark.CUB ? 5794 : 8041; }

    /** What the section's runs cost at paper scale, whatever the mode ({@link glimpse.experiment.CostEstimate}). */
    public static glimpse.experiment.CostEstimate cost(Benchmark benchmark) { return cost(benchmark, null); }

    /**
     * The same, each training stage timed by {@code smoke}'s run of it where given: its seconds per
     * step at the paper's image sizes but a smoke batch, scaled linearly to the paper's batch of
     * {@value TasnRecipe#BATCH} (an assumption: a CPU step's time grows about linearly with its images).
     */
    static glimpse.experiment.CostEstimate cost(Benchmark benchmark, TasnPaperSection smoke) {
        List<Arm> arms = new ArrayList<>();
        List<Integer> outs = new ArrayList<>();
        for (Arm a : Arm.values()) { arms.add(a); outs.add(TasnRecipe.SAMPLER_OUTPUTS[0]); }
        for (int o = 1; o < TasnRecipe.SAMPLER_OUTPUTS.length; o++) { arms.add(Arm.DISTILLATION); outs.add(TasnRecipe.SAMPLER_OUTPUTS[o]); }
        double[] seconds = new double[arms.size()];
        if (smoke != null)
            for (int k = 0; k < seconds.length; k++) {
                var s = smoke.result(arms.get(k), outs.get(k)).perSeed().get(0);
                int batch = TasnRecipe.paper(benchmark, outs.get(k), arms.get(k)).batchSize();
                seconds[k] = s.wallSeconds() / s.losses().length * TasnRecipe.BATCH / batch;
            }
        return TasnRecipe.cost(benchmark, testImages(benchmark), arms, outs, seconds);
    }

    /**
     * Prints the paper-scale cost, then trains (or reads from the cache) every arm at 224 px and the
     * full TASN at every other output.
     */
    public static TasnPaperSection run(Benchmark benchmark) {
        cost(benchmark).print();
        int[] outs = TasnRecipe.SAMPLER_OUTPUTS;
        List<ClassificationSpec> cells = new ArrayList<>();
        for (Arm arm : Arm.values())
            for (int o = 0; o < outs.length; o++)
                if (runs(arm, o)) cells.add(TasnRecipe.paper(benchmark, outs[o], arm));
        // every cell's every seed as one batch: with --workers/--slurm they train side by side
        Iterator<ClassificationResult> computed = ClassificationExperiment.cachedBySeed(cells).iterator();
        List<List<ClassificationResult>> results = new ArrayList<>();
        for (Arm arm : Arm.values()) {
            List<ClassificationResult> row = new ArrayList<>();
            for (int o = 0; o < outs.length; o++) row.add(runs(arm, o) ? computed.next() : null);
            results.add(row);
        }
        TasnPaperSection section = new TasnPaperSection(benchmark, results);
        if (PaperScale.smoke()) {
            System.out.println("Measured here by this smoke run (CPU seconds per step scaled from its batch of "
                    + TasnRecipe.paper(benchmark, outs[0], Arm.DISTILLATION).batchSize() + " to " + TasnRecipe.BATCH + " images):");
            cost(benchmark, section).print();
        }
        return section;
    }

    /** Whether the section runs {@code arm} at the {@code o}-th sampler output: every arm at the first, only the full TASN at the others. */
    private static boolean runs(Arm arm, int o) { return o == 0 || arm == Arm.DISTILLATION; }

    /** The arm's result at sampler output {@code out} (null where not run). */
    public ClassificationResult result(Arm arm, int out) {
        int o = Arrays.stream(TasnRecipe.SAMPLER_OUTPUTS).boxed().toList().indexOf(out);
        if (o < 0) throw new IllegalArgumentException("no sampler output " + out + "; the section runs " + Arrays.toString(TasnRecipe.SAMPLER_OUTPUTS));
        return results.get(arm.ordinal()).get(o);
    }

    /** The column names of both tables: "224-px output", … */
    public static List<String> columns() { return Arrays.stream(TasnRecipe.SAMPLER_OUTPUTS).mapToObj(o -> o + "-px output").toList(); }

    /**
     * What the paper's authors reported, in the same shape. CUB: the official repository's README
     * (researchmm/tasn), 87.0 % at 224-px output and 88.0 % at 336 px from the 512-px image; the
     * arms' numbers and 448 px were not published. Stanford Cars: only the paper's 93.8 %, quoted by
     * an aggregator, at an output size not stated, so it stands in a column of its own.
     */
    public static PaperTable paperTable(Benchmark benchmark) {
        String dash = Show.MISSING;
        if (benchmark == Benchmark.CUB) {
            PaperTable t = PaperTable.of("TASN (Zheng et al., CVPR 2019, arXiv 1903.06150): official repository README, CUB-200-2011 top-1 %,"
                    + " ResNet-50 from ImageNet weights, 512-px input; arms and 448 px not published", "arm", columns().toArray(String[]::new));
            for (Arm a : Arm.values())
                t = a == Arm.DISTILLATION ? t.row(a.label(), "87.0", "88.0", dash) : t.row(a.label(), dash, dash, dash);
            return t;
        }
        List<String> cols = new ArrayList<>(columns());
        cols.add("output not stated");
        PaperTable t = PaperTable.of("TASN (Zheng et al., CVPR 2019, arXiv 1903.06150), Stanford Cars top-1 %, as quoted by an aggregator only"
                + " (sampler output not stated); arms not published", "arm", cols.toArray(String[]::new));
        for (Arm a : Arm.values())
            t = a == Arm.DISTILLATION ? t.row(a.label(), dash, dash, dash, "93.8") : t.row(a.label(), dash, dash, dash, dash);
        return t;
    }

    /** Ours: per arm and sampler output, top-1 % mean ± Student-t 95% CI over seeds; labelled meaningless in smoke mode. */
    public Table ours() {
        String title = (PaperScale.smoke() ? "smoke run (" + PaperScale.SMOKE_STEPS + " steps): meaningless — " : "ours — ")
                + benchmark.title() + " top-1 %, mean ± Student-t 95% CI over seeds";
        Table t = Table.create(title);
        t.addColumns(StringColumn.create("arm", Arrays.stream(Arm.values()).map(Arm::label)));
        List<String> cols = columns();
        for (int o = 0; o < cols.size(); o++) {
            int k = o;
            t.addColumns(StringColumn.create(cols.get(o), results.stream().map(row -> row.get(k) == null ? Show.MISSING : Cells.percent(row.get(k).overall()))));
        }
        return t;
    }

    /** The paper's table beside ours. */
    public Show.Html besidePaper() { return paperTable(benchmark).beside(ours(), ""); }

    /**
     * The paper's direction as paired verdicts at 224 px (TASN's loss has several terms, so no
     * chance level): structure sampling vs uniform, + part-net vs structure, + distillation vs
     * + part-net, and TASN vs the baseline. No paper effect: its ablation numbers were not published.
     */
    public List<Verdict> verdicts() {
        int out = TasnRecipe.SAMPLER_OUTPUTS[0];
        Arm[][] pairs = {{Arm.STRUCTURE, Arm.UNIFORM}, {Arm.PART_NET, Arm.STRUCTURE}, {Arm.DISTILLATION, Arm.PART_NET}, {Arm.DISTILLATION, Arm.UNIFORM}};
        List<Verdict> verdicts = new ArrayList<>();
        for (Arm[] p : pairs) verdicts.add(LongTailTables.verdict(result(p[0], out), result(p[1], out), Metric.OVERALL, null));
        return verdicts;
    }

    /** The verdicts as lines, with what the paper claims for each. */
    public String verdictLines() {
        String[] claims = {"paper: attention sampling beats a uniform resize", "paper: the part-net's detail images help",
                "paper: distillation helps", "paper: TASN beats the uniform baseline"};
        List<Verdict> v = verdicts();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%s%n    (%s)%n", v.get(i).line(), claims[i]));
            Claims.recordDirection(benchmark + " · top-1 at " + TasnRecipe.SAMPLER_OUTPUTS[0] + " px", v.get(i), claims[i].replace("paper: ", "") + " (arXiv 1903.06150)");
        }
        return sb.toString();
    }
}
