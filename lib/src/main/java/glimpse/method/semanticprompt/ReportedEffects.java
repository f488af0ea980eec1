package glimpse.method.semanticprompt;

import glimpse.eval.PaperEffect;

/**
 * Semantic Prompt's reported gain over its baseline (arXiv 2303.14123), for setting this project's
 * paired SP − baseline differences beside it. The abstract gives one number, the mean 1-shot gain
 * ("3.67 %", read as percentage points) over its benchmarks; no 5-shot gain is stated.
 */
public final class ReportedEffects {
    private ReportedEffects() {}

    public static final PaperEffect ONE_SHOT_GAIN = PaperEffect.points(3.67, "arXiv 2303.14123 abstract: SP − baseline, mean 1-shot gain");

    /** By shot count, for {@code FewShotResults.paired(a, b, ways, BY_SHOTS)}. */
    public static final java.util.Map<Integer, PaperEffect> BY_SHOTS = java.util.Map.of(1, ONE_SHOT_GAIN);
}
