package glimpse.fewshot;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.eval.MeanCi;

import java.util.List;
import java.util.Map;

/**
 * What a few-shot experiment measured; every figure a notebook quotes comes from here.
 *
 * @param variants     per evaluation variant's label (e.g. "attention off"), its results on the same episodes
 * @param inspection   the method's picture of one test episode (JSON; see {@link FewShotMethod#inspect}), or null
 * @param skippedSteps training steps not applied because their loss or gradient was not finite
 */
public record FewShotOutcome(String method, String task, List<ShotResult> results, double trainSeconds, double imagesPerSecond,
                             int trainSteps, float finalLoss, float[] lossCurve, double evalSeconds, int skippedSteps,
                             Map<String, List<ShotResult>> variants, JsonElement inspection) {

    /** Per-episode accuracies of one shot count; {@link #accuracy()} gives mean ± 95% CI over the episodes. */
    public record ShotResult(int shots, double[] perEpisode) {
        public MeanCi accuracy() { return MeanCi.of(perEpisode); }
    }

    public ShotResult shots(int k) { return find(results, k); }

    /** The outcome of the trained model's variant {@code variant}, as an outcome of its own (same training figures). */
    public FewShotOutcome variant(EvaluationVariant variant) {
        String name = variant.label();
        List<ShotResult> v = variants.get(name);
        if (v == null) throw new IllegalStateException(method + " was not scored as '" + name + "' (FewShotEval.withVariant); it has "
                + variants.keySet());
        return new FewShotOutcome(method + ", " + name + " at test", task, v, trainSeconds, imagesPerSecond, trainSteps, finalLoss,
                lossCurve, Double.NaN, skippedSteps, Map.of(), null);
    }

    /** The inspection decoded as {@code type} (e.g. {@code glimpse.report.AttentionExample} for CTX). */
    public <T> T inspection(Class<T> type) {
        if (inspection == null) throw new IllegalStateException(method + " recorded nothing to inspect");
        return new Gson().fromJson(inspection, type);
    }

    static ShotResult find(List<ShotResult> results, int k) {
        return results.stream().filter(r -> r.shots() == k).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + k + "-shot result; have " + results.stream().map(ShotResult::shots).toList()));
    }
}
