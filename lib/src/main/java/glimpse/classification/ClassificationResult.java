package glimpse.classification;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.eval.MeanCi;
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
 * @param groupNames  head/middle/tail thirds of the classes by training count, and many/medium/few where populated
 * @param inspection  the method's picture after the first seed (JSON), or null
 */
@RecordBuilder
public record ClassificationResult(String method, String dataset, String setting, int testImages, int[] trainCounts,
                                   List<String> groupNames, List<SeedResult> perSeed, JsonElement inspection)
        implements ClassificationResultBuilder.With {

    /**
     * One seed's numbers; {@code withinRun} is the overall accuracy ± 1.96·s/√n over the test
     * images — it says nothing about another training run.
     */
    public record SeedResult(long seed, double overall, MeanCi withinRun, Map<String, Double> groups, double[] perClass,
                             float finalLoss, float[] losses, double wallSeconds, double imagesPerSecond) {}

    public List<Long> seeds() { return perSeed.stream().map(SeedResult::seed).toList(); }

    /** Per seed, "overall" or a group's accuracy. */
    public double[] values(String metric) {
        return perSeed.stream().mapToDouble(s -> metric.equals("overall") ? s.overall() : group(s, metric)).toArray();
    }

    private double group(SeedResult s, String g) {
        Double v = s.groups().get(g);
        if (v == null) throw new IllegalArgumentException("no metric '" + g + "'; this result has overall and " + s.groups().keySet());
        return v;
    }

    /** Mean over seeds ± Student-t 95% CI (df = seeds − 1): the interval includes seed-to-seed variation. */
    public MeanCi overall() { return MeanCi.overSeeds(values("overall")); }
    public MeanCi group(String name) { return MeanCi.overSeeds(values(name)); }

    /** "overall" or a group, mean over seeds ± t-CI. */
    public MeanCi metric(String name) { return name.equals("overall") ? overall() : group(name); }

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

    /** One results-table row per seed and metric (overall and every group). */
    public List<ResultRow> rows() {
        List<ResultRow> out = new ArrayList<>();
        List<String> metrics = new ArrayList<>(List.of("overall"));
        metrics.addAll(groupNames);
        for (SeedResult s : perSeed)
            for (String metric : metrics)
                out.add(new ResultRow(method, dataset, setting, s.seed(), metric,
                        metric.equals("overall") ? s.overall() : s.groups().get(metric), Double.NaN, s.wallSeconds()));
        return out;
    }
}
