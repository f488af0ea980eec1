package glimpse.fewshot;

import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The test protocol: N-way, each K in {@code shots}, Q queries per class, {@code episodes} saved
 * episodes of {@code seed} (the same episodes for every recipe and training seed), and the named
 * evaluation variants of the method to score on them too (e.g. {@code CtxMethod.ATTENTION_OFF}).
 */
@RecordBuilder
public record FewShotEval(int ways, int[] shots, int queries, int episodes, long seed, List<EvaluationVariant> variants) implements FewShotEvalBuilder.With {
    public FewShotEval {
        variants = List.copyOf(variants);
    }

    public FewShotEval(int ways, int[] shots, int queries, int episodes, long seed) {
        this(ways, shots, queries, episodes, seed, List.of());
    }

    /** The same protocol, also scoring the trained model's variant {@code variant} (same weights, same episodes). */
    public FewShotEval withVariant(EvaluationVariant variant) {
        List<EvaluationVariant> v = new java.util.ArrayList<>(variants);
        v.add(variant);
        return withVariants(v);
    }
}
