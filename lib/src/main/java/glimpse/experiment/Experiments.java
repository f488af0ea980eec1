package glimpse.experiment;

import glimpse.Glimpse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The cached runner: the one way a notebook obtains an experiment's result. */
public final class Experiments {
    private Experiments() {}

    /** The stored result of (experiment, spec, mode, code version), or computes and stores it. */
    public static <S, R> R cached(Experiment<S, R> experiment, S spec) {
        return ResultCache.getOrCompute(experiment.id(), spec, experiment.resultType(), checkpoints -> experiment.run(spec, checkpoints));
    }

    /**
     * The results of several independent specs of one experiment (a SeedRuns' seeds, a sweep's grid, a
     * table's arms), in order. In this process (GLIMPSE_EXECUTOR unset or "inline") each is
     * {@link #cached} in turn, exactly as one call per spec; with an executor ({@link BatchExecutor}:
     * `./glimpse run --workers N` or `--slurm`) the cache misses are handed to it all at once, each
     * computed by a task of its own into the shared cache, and the results are then read from there.
     */
    public static <S, R> List<R> cachedAll(Experiment<S, R> experiment, List<S> specs) {
        BatchExecutor executor = BatchExecutor.configured();
        if (executor == null) return specs.stream().map(s -> cached(experiment, s)).toList();
        List<S> misses = new ArrayList<>(new LinkedHashSet<>(specs.stream()
                .filter(s -> Glimpse.recompute() || !ResultCache.isStored(experiment.id(), s, experiment.resultType())).toList()));
        if (Glimpse.recompute())   // recompute means from scratch: the tasks must neither find the old result nor resume its checkpoints
            misses.forEach(s -> ResultCache.forget(experiment.id(), s));
        if (!misses.isEmpty()) executor.computeAll(experiment, misses);
        List<R> out = new ArrayList<>();
        for (S s : specs)
            out.add(ResultCache.stored(experiment.id(), s, experiment.resultType()).orElseThrow(() -> new IllegalStateException(
                    executor.name() + " executor returned, but no result of " + experiment.id() + " is stored at "
                            + ResultCache.fileFor(experiment.id(), s) + " for " + s)));
        return out;
    }

    /**
     * Several groups of independent specs (a table's arms, each split into its seeds) as the one batch of
     * {@link #cachedAll}, so an executor spreads every arm's every seed at once rather than arm after arm;
     * the results in the same groups, in order.
     */
    public static <S, R> List<List<R>> cachedAllGroups(Experiment<S, R> experiment, List<List<S>> groups) {
        List<R> all = cachedAll(experiment, groups.stream().flatMap(List::stream).toList());
        List<List<R>> out = new ArrayList<>();
        int from = 0;
        for (List<S> group : groups) {
            out.add(List.copyOf(all.subList(from, from + group.size())));
            from += group.size();
        }
        return out;
    }
}
