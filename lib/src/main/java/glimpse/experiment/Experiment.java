package glimpse.experiment;

import glimpse.train.RunCheckpoints;

/**
 * One kind of experiment: an id, a spec record that decides everything it computes, and a result
 * record. Run it through {@link Experiments#cached}, the one cached runner: the result is keyed by
 * id + spec + mode + {@link CodeVersion}, and every training run inside checkpoints (the runner
 * hands {@link #run} the computation's {@link RunCheckpoints}) so an interrupted computation resumes.
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

    /**
     * Computes the result of {@code spec} (uncached), passing each training config through
     * {@code checkpoints.next(…)} so the cached runner can resume an interrupted computation.
     */
    R run(S spec, RunCheckpoints checkpoints);

    /** Computes the result of {@code spec}, uncached and without checkpoints (tests, one-off runs). */
    default R run(S spec) { return run(spec, RunCheckpoints.NONE); }
}
