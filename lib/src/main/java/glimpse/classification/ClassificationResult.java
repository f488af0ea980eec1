package glimpse.classification;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.annotations.SerializedName;
import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.Metric;
import glimpse.eval.ResultRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * What a classification experiment measured, per training seed and over seeds.
 *
 * @param testImages  images behind each seed's accuracy
 * @param trainCounts training images per class
 * @param groups      head/middle/tail thirds of the classes by training count, and many/medium/few where populated
 *                    (stored as "groupNames", the name results were cached under)
 * @param inspection  the method's picture after the first seed (JSON), or null
 * @param chanceLoss  the method's training loss at a uniform guess ({@link ClassificationMethod#chanceLoss}), NaN where it
 *                    does not say: the scale {@link #training()} judges the loss curves on
 */
@RecordBuilder
public record ClassificationResult(String method, String dataset, String setting, int testImages, int[] trainCounts,
                                   @SerializedName("groupNames") List<Metric> groups, List<SeedResult> perSeed, JsonElement inspection,
                                   double chanceLoss)
        implements ClassificationResultBuilder.With {

    /** A result whose method gave no loss at chance (tests; results that do not judge convergence on that scale). */
    public ClassificationResult(String method, String dataset, String setting, int testImages, int[] trainCounts, List<Metric> groups,
                                List<SeedResult> perSeed, JsonElement inspection) {
        this(method, dataset, setting, testImages, trainCounts, groups, perSeed, inspection, Double.NaN);
    }

    /**
     * One seed's numbers; {@code withinRun} is the overall accuracy ± 1.96·s/√n over the test
     * images — it says nothing about another training run.
     */
    public record SeedResult(long seed, double overall, MeanCi withinRun, Map<Metric, Double> groups, double[] perClass,
                             float finalLoss, float[] losses, double wallSeconds, double imagesPerSecond) {}

    public List<Long> seeds() { return perSeed.stream().map(SeedResult::seed).toList(); }

    /** Per seed, the metric's accuracy. */
    public double[] values(Metric metric) {
        return perSeed.stream().mapToDouble(s -> value(s, metric)).toArray();
    }

    private static double value(SeedResult s, Metric metric) {
        if (metric == Metric.OVERALL) return s.overall();
        Double v = s.groups().get(metric);
        if (v == null) throw new IllegalArgumentException("no metric " + metric + "; this result has overall and " + s.groups().keySet());
        return v;
    }

    /** Overall top-1, mean over seeds ± Student-t 95% CI (df = seeds − 1): the interval includes seed-to-seed variation. */
    public MeanCi overall() { return metric(Metric.OVERALL); }

    /** The metric, mean over seeds ± Student-t 95% CI. */
    public MeanCi metric(Metric metric) { return MeanCi.overSeeds(values(metric)); }

    /**
     * Whether training converged, over the seeds ({@link Convergence#worst}): the quarter test on each
     * seed's loss curve, and the chance test where {@code lossClasses} ≥ 2 (the loss is one
     * cross-entropy over that many classes; 0 where it has other terms).
     */
    public Convergence training(int lossClasses) {
        return Convergence.worst(perSeed.stream().map(s -> Convergence.of(s.losses(), lossClasses)).toList());
    }

    /**
     * Whether training converged, over the seeds, on the scale of the method's own loss at chance ({@link #chanceLoss}:
     * a sum of cross-entropies is judged on the sum of their weights × ln C); relative to the previous quarter where the
     * method gave none.
     */
    public Convergence training() {
        double chance = chanceLoss > 0 ? chanceLoss : Double.NaN;   // 0: a result stored before the field existed
        return Convergence.worst(perSeed.stream().map(s -> Convergence.againstChance(s.losses(), chance)).toList());
    }

    /** Mean per-class accuracy over seeds. */
    public double[] perClassMean() {
        double[] m = new double[trainCounts.length];
        for (SeedResult s : perSeed) for (int c = 0; c < m.length; c++) m[c] += s.perClass()[c] / perSeed.size();
        return m;
    }

    public <T> T inspection(Class<T> type) {
        if (inspection == null) throw new IllegalStateException(method + " recorded nothing to inspect");
        return new Gson().fromJson(inspection, type);
    }

    /** One results-table row per seed and metric (overall and every group), the metric by its label. */
    public List<ResultRow> rows() {
        List<ResultRow> out = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>(List.of(Metric.OVERALL));
        metrics.addAll(groups);
        for (SeedResult s : perSeed)
            for (Metric metric : metrics)
                out.add(new ResultRow(method, dataset, setting, s.seed(), metric.label(), value(s, metric), Double.NaN, s.wallSeconds()));
        return out;
    }
}
