package glimpse.classification;

import glimpse.eval.MeanCi;
import glimpse.eval.Metric;
import glimpse.eval.ResultRow;
import glimpse.experiment.Experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Several classification recipes, each run at every value of one parameter (imbalance ρ, batch
 * size, encoder depth) through the cached runner: an ablation's grid as one call.
 *
 * <pre>{@code
 * Sweep rho = Sweep.run("ρ", new double[] {10, 50, 100}, List.of(ce, ceBf), (spec, r) -> spec.with(b -> b.imbalance(r)));
 * rho.result("CE + BatchFormer", 2);          // at ρ = 100
 * rho.metric(Metric.TAIL);                   // per recipe, per ρ: mean over seeds ± t-CI
 * }</pre>
 */
public record Sweep(String parameter, double[] values, Map<String, List<ClassificationResult>> byMethod) {

    public static Sweep run(String parameter, double[] values, List<ClassificationSpec> recipes,
                            BiFunction<ClassificationSpec, Double, ClassificationSpec> at) {
        List<ClassificationSpec> grid = new ArrayList<>();
        for (ClassificationSpec recipe : recipes)
            for (double v : values) grid.add(at.apply(recipe, v));
        // the whole grid as one batch: with `./glimpse run --workers N | --slurm` its points train at once, as tasks of their own
        List<ClassificationResult> all = Experiments.cachedAll(ClassificationExperiment.INSTANCE, grid);
        Map<String, List<ClassificationResult>> byMethod = new LinkedHashMap<>();
        for (int r = 0; r < recipes.size(); r++) {
            List<ClassificationResult> rs = all.subList(r * values.length, (r + 1) * values.length);
            if (byMethod.put(recipes.get(r).method().label(), List.copyOf(rs)) != null)
                throw new IllegalArgumentException("two recipes named " + recipes.get(r).method().label() + " in one sweep");
        }
        return new Sweep(parameter, values.clone(), byMethod);
    }

    public List<String> methods() { return List.copyOf(byMethod.keySet()); }

    /** Every value of one recipe. */
    public List<ClassificationResult> of(String method) {
        List<ClassificationResult> rs = byMethod.get(method);
        if (rs == null) throw new IllegalArgumentException("no recipe " + method + " in this sweep; it has " + byMethod.keySet());
        return rs;
    }

    public ClassificationResult result(String method, int valueIndex) { return of(method).get(valueIndex); }

    /** Every recipe at the {@code valueIndex}-th value, in recipe order. */
    public List<ClassificationResult> at(int valueIndex) { return byMethod.values().stream().map(rs -> rs.get(valueIndex)).toList(); }

    /** Value by value, every recipe: the order of a results table. */
    public List<ClassificationResult> ordered() {
        List<ClassificationResult> out = new ArrayList<>();
        for (int k = 0; k < values.length; k++) out.addAll(at(k));
        return out;
    }

    /**
     * Per value, the paired gain of recipe {@code with} over recipe {@code without} on one metric: per-seed differences (same seeds), mean ± Student-t CI over seeds (e.g. a gain curve).
     */
    public List<MeanCi> gain(String without, String with, Metric metric) {
        List<MeanCi> out = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            ClassificationResult a = result(with, k), b = result(without, k);
            if (!a.seeds().equals(b.seeds()))
                throw new IllegalArgumentException("a paired gain needs the same seeds: " + a.seeds() + " vs " + b.seeds());
            out.add(MeanCi.pairedOverSeeds(a.values(metric), b.values(metric)));
        }
        return out;
    }

    /** Results-table rows of every run. */
    public List<ResultRow> rows() {
        List<ResultRow> out = new ArrayList<>();
        byMethod.values().forEach(rs -> rs.forEach(r -> out.addAll(r.rows())));
        return out;
    }

    /** Per recipe, per value, the metric's mean over seeds ± Student-t CI (e.g. for a curve). */
    public Map<String, List<MeanCi>> metric(Metric metric) {
        Map<String, List<MeanCi>> out = new LinkedHashMap<>();
        byMethod.forEach((method, rs) -> out.put(method, rs.stream().map(r -> r.metric(metric)).toList()));
        return out;
    }

}
