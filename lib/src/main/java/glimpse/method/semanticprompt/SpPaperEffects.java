package glimpse.method.semanticprompt;

import glimpse.eval.PaperEffect;

/**
 * Semantic Prompt's reported gain over its baseline (arXiv 2303.14123), for setting this project's
 * paired SP − baseline differences beside it. The abstract gives one number, the mean 1-shot gain
 * ("3.67 %", read as percentage points) over its benchmarks; no 5-shot gain is stated.
 */
public final class SpPaperEffects {
    private SpPaperEffects() {}

    public static final PaperEffect ONE_SHOT_GAIN = PaperEffect.points(3.67, "arXiv 2303.14123 abstract: SP − baseline, mean 1-shot gain");

    /** The paper's SP − baseline at a shot count, null where it reports none; for {@code FewShotResults.paired(a, b, ways, SpPaperEffects::gainAt)}. */
    public static PaperEffect gainAt(int shots) { return shots == 1 ? ONE_SHOT_GAIN : null; }
}
