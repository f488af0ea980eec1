package glimpse.report;

import glimpse.classification.ClassificationResult;
import glimpse.method.batchformer.BatchFormerPaperEffects;
import glimpse.eval.MeanCi;
import glimpse.eval.Verdict;
import glimpse.eval.Metric;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why does BatchFormer not help the tail here? Each hypothesis is tested as one or more conditions,
 * each a paired comparison (the same recipe with and without the module, same seeds, same test
 * set). The tail gain of a condition is the per-seed difference of tail accuracy, mean ± Student-t
 * 95% CI over seeds, and it is called only by the one {@link Verdict} (converged arms, the interval
 * excludes 0; underpowered where the paper's gain is below the minimal detectable difference).
 *
 * @param hypothesis which explanation the condition tests ("reference" for the notebook's own setting)
 * @param condition  what was changed, e.g. "16× steps"
 */
public record TailGainEvidence(String hypothesis, String condition, ClassificationResult without, ClassificationResult with) {

    public static final String REFERENCE = "reference";

    public TailGainEvidence {
        if (!Objects.equals(without.seeds(), with.seeds()))
            throw new IllegalArgumentException(condition + ": a paired comparison needs the same seeds, got " + without.seeds() + " and " + with.seeds());
        if (without.testImages() != with.testImages())
            throw new IllegalArgumentException(condition + ": both runs must be scored on the same test set");
    }

    /** What a paired gain says: "helps", "hurts", or neither (not significant, underpowered or not converged: see {@link #tailVerdict}). */
    public enum Sign {
        HELPS, HURTS, UNCLEAR;
        static Sign of(Verdict v) { return !v.significant() ? UNCLEAR : v.difference().mean() > 0 ? HELPS : HURTS; }
        @Override public String toString() { return this == UNCLEAR ? "no clear difference" : name().toLowerCase(); }
    }

    /** with − without on one metric, per seed. */
    public double[] perSeed(Metric metric) {
        double[] a = with.values(metric), b = without.values(metric), d = new double[a.length];
        for (int s = 0; s < d.length; s++) d[s] = a[s] - b[s];
        return d;
    }

    public MeanCi gain(Metric metric) { return MeanCi.pairedOverSeeds(with.values(metric), without.values(metric)); }

    public Sign tailSign() { return Sign.of(tailVerdict()); }

    /**
     * The one {@link Verdict} on the tail gain: both arms' convergence (a single cross-entropy over the
     * training classes, so a loss flat at chance counts as not learned), the interval over seeds, and
     * the MDD against the paper's few-shot gain ({@link BatchFormerPaperEffects#FEW}).
     */
    public Verdict tailVerdict() {
        int classes = with.trainCounts().length;
        return Verdict.of("+ BatchFormer", "without", perSeed(Metric.TAIL), with.training(classes), without.training(classes), BatchFormerPaperEffects.FEW);
    }

    /** One row per condition: seeds, tail gain per seed, tail and overall gain ± t-CI (pp), the tail verdict (with its MDD where not significant). */
    public static Table table(String title, List<TailGainEvidence> tests) {
        StringColumn hyp = StringColumn.create("hypothesis"), cond = StringColumn.create("condition"),
                perSeed = StringColumn.create("tail gain per seed (pp)"), tail = StringColumn.create("tail gain (pp) ± t-CI"),
                overall = StringColumn.create("overall gain (pp) ± t-CI"), sign = StringColumn.create("tail: + BatchFormer");
        IntColumn seeds = IntColumn.create("seeds");
        for (TailGainEvidence t : tests) {
            hyp.append(t.hypothesis);
            cond.append(t.condition);
            seeds.append(t.with.perSeed().size());
            perSeed.append(String.join(" / ", java.util.Arrays.stream(t.perSeed(Metric.TAIL)).mapToObj(v -> String.format("%+.1f", 100 * v)).toList()));
            tail.append(pp(t.gain(Metric.TAIL)));
            overall.append(pp(t.gain(Metric.OVERALL)));
            Verdict v = t.tailVerdict();
            sign.append(v.significant() ? t.tailSign().toString() : v.brief() + " (" + v.mddText() + ")");
        }
        return Table.create(title).addColumns(hyp, cond, seeds, perSeed, tail, overall, sign);
    }

    /**
     * The verdict, from the numbers: where BatchFormer helps the tail (if anywhere), and per
     * hypothesis whether any of its conditions turns the reference's sign (the harm disappears, or
     * the module helps). Needs ≥ 2 seeds per condition to call anything.
     */
    public static String verdict(List<TailGainEvidence> tests) {
        StringBuilder out = new StringBuilder();
        TailGainEvidence ref = tests.stream().filter(t -> t.hypothesis.equals(REFERENCE)).findFirst().orElse(null);
        List<String> helps = tests.stream().filter(t -> t.tailSign() == Sign.HELPS).map(t -> t.condition).toList();
        long converged = tests.stream().filter(t -> t.tailVerdict().kind() != Verdict.Kind.NOT_CONVERGED).count();
        if (converged == 0) out.append("In no condition did both arms converge: these runs are not a test of BatchFormer.\n");
        else out.append(helps.isEmpty() ? "BatchFormer helps the tail in none of the tested conditions"
                : "BatchFormer helps the tail (CI over seeds above 0) in: " + String.join("; ", helps))
                .append(converged < tests.size() ? " (" + converged + " of " + tests.size() + " conditions converged).\n" : ".\n");
        if (ref != null)
            out.append(String.format("Reference (%s): tail gain %s.%n", ref.condition, ref.tailVerdict().line()));
        Map<String, List<TailGainEvidence>> byHypothesis = new LinkedHashMap<>();
        for (TailGainEvidence t : tests) if (!t.hypothesis.equals(REFERENCE)) byHypothesis.computeIfAbsent(t.hypothesis, k -> new ArrayList<>()).add(t);
        byHypothesis.forEach((h, ts) -> out.append(h).append(": ").append(judge(ref, ts)).append('\n'));
        return out.toString();
    }

    /** One hypothesis against the reference: what its conditions did to the sign of the tail gain. */
    static String judge(TailGainEvidence ref, List<TailGainEvidence> conditions) {
        if (conditions.stream().anyMatch(t -> t.with.perSeed().size() < 2)) return "no verdict (a condition has one training run)";
        List<String> unconverged = new ArrayList<>();
        for (TailGainEvidence t : conditions)   // the reference's own convergence is on its line
            if (t.tailVerdict().kind() == Verdict.Kind.NOT_CONVERGED) unconverged.add(t.condition + ": " + t.tailVerdict().word());
        if (!unconverged.isEmpty()) return "no verdict — " + String.join("; ", unconverged);
        List<String> parts = new ArrayList<>();
        for (TailGainEvidence t : conditions) parts.add(t.condition + " " + pp(t.gain(Metric.TAIL)) + " (" + t.tailVerdict().brief() + ", " + t.tailVerdict().mddText() + ")");
        boolean anyHelps = conditions.stream().anyMatch(t -> t.tailSign() == Sign.HELPS);
        boolean allHurt = conditions.stream().allMatch(t -> t.tailSign() == Sign.HURTS);
        String reading;
        if (anyHelps) reading = "SUPPORTED: under it BatchFormer helps the tail";
        else if (ref != null && ref.tailSign() == Sign.HURTS && !allHurt)
            reading = "partly: the significant harm of the reference is gone in some condition, but no gain is shown";
        // "still" only when the reference itself is significantly hurt; otherwise the condition made it hurt
        else if (allHurt) reading = ref != null && ref.tailSign() == Sign.HURTS
                ? "NOT SUPPORTED: BatchFormer still hurts the tail under every condition"
                : "NOT SUPPORTED: under every condition BatchFormer hurts the tail (significantly, unlike the reference)";
        else reading = "NOT SUPPORTED: no condition shows a tail gain";
        return reading + " — " + String.join("; ", parts);
    }

    static String pp(MeanCi d) {
        return Double.isNaN(d.ci95()) ? String.format("%+.1f (one seed)", 100 * d.mean()) : String.format("%+.1f ± %.1f", 100 * d.mean(), 100 * d.ci95());
    }

}
