package glimpse.fewshot;

import glimpse.data.sampling.VariableEpisodes;

import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The test protocol: N-way, each K in {@code shots}, Q queries per class, {@code episodes} saved
 * episodes of {@code seed} (the same episodes for every recipe and training seed), and the named
 * evaluation variants of the method to score on them too (e.g. {@code CtxMethod.ATTENTION_OFF}).
 * With {@code variable} set ({@link #variable}), the episodes are Meta-Dataset's variable-way,
 * variable-shot ones instead, reported under the shot count {@value #VARIABLE_SHOTS}.
 *
 * @param variable Meta-Dataset's episode rules, or null for N-way K-shot (null is left out of cache keys)
 */
@RecordBuilder
public record FewShotEval(int ways, int[] shots, int queries, int episodes, long seed, List<EvaluationVariant> variants,
                          VariableEpisodes variable) implements FewShotEvalBuilder.With {
    /** The shot count under which variable-shot episodes are reported (no N-way K-shot protocol has K = 0). */
    public static final int VARIABLE_SHOTS = 0;

    public FewShotEval {
        variants = List.copyOf(variants);
        if (variable != null && (shots.length != 1 || shots[0] != VARIABLE_SHOTS))
            throw new IllegalArgumentException("variable episodes are reported under the one shot count " + VARIABLE_SHOTS + ", not " + java.util.Arrays.toString(shots));
    }

    public FewShotEval(int ways, int[] shots, int queries, int episodes, long seed, List<EvaluationVariant> variants) {
        this(ways, shots, queries, episodes, seed, variants, null);
    }

    public FewShotEval(int ways, int[] shots, int queries, int episodes, long seed) {
        this(ways, shots, queries, episodes, seed, List.of());
    }

    /** {@code episodes} saved Meta-Dataset episodes of {@code seed} under {@code rules} (ways and queries: the rules' upper bounds). */
    public static FewShotEval variable(VariableEpisodes rules, int episodes, long seed) {
        return new FewShotEval(rules.maxWays(), new int[] {VARIABLE_SHOTS}, rules.maxQueriesPerClass(), episodes, seed, List.of(), rules);
    }

    /** The same protocol, also scoring the trained model's variant {@code variant} (same weights, same episodes). */
    public FewShotEval withVariant(EvaluationVariant variant) {
        List<EvaluationVariant> v = new java.util.ArrayList<>(variants);
        v.add(variant);
        return withVariants(v);
    }
}
