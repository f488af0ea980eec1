package glimpse.experiment;

/**
 * One kind of experiment: an id, a spec record that decides everything it computes, and a result
 * record. Run it through {@link Experiments#cached}, the one cached runner: the result is keyed by
 * id + spec + mode + {@link CodeVersion}, and every training run inside checkpoints so an
 * interrupted computation resumes.
 *
 * <pre>{@code
 * FewShotOutcome o = Experiments.cached(FewShotExperiment.INSTANCE, spec);
 * }</pre>
 *
 * @param <S> the spec (a record, serialisable to JSON: it is part of the cache key)
 * @param <R> the result (a record, stored as JSON)
 */
public interface Experiment<S, R> {
    /** Names the experiment kind in cache files and logs, e.g. "fewshot", "classification". */
    String id();

    Class<R> resultType();

    /** Computes the result of {@code spec} (uncached). */
    R run(S spec);
}
