package glimpse.experiment;

/** The cached runner: the one way a notebook obtains an experiment's result. */
public final class Experiments {
    private Experiments() {}

    /** The stored result of (experiment, spec, mode, code version), or computes and stores it. */
    public static <S, R> R cached(Experiment<S, R> experiment, S spec) {
        return ResultCache.getOrCompute(experiment.id(), spec, experiment.resultType(), checkpoints -> experiment.run(spec, checkpoints));
    }
}
