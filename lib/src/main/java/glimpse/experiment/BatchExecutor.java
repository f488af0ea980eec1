package glimpse.experiment;

import glimpse.Glimpse;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the cache misses of a batch ({@link Experiments#cachedAll}) are computed when not in this
 * process: each spec as a task of its own (another process, another node) that stores its result in
 * the shared cache. Chosen by GLIMPSE_EXECUTOR ({@code glimpse.executor}): "inline" (the default:
 * computed here, one after another), or the name of an executor on the class path (glimpse.cluster
 * provides "workers" and "slurm"), found through {@link ServiceLoader} so this layer does not depend on it.
 */
public interface BatchExecutor {
    /** The name GLIMPSE_EXECUTOR gives, e.g. "slurm". */
    String name();

    /**
     * Computes every spec of {@code misses} (none of them cached yet, no two equal) into the result
     * cache; returns when all are stored, or throws naming the tasks that failed, their logs and specs.
     */
    <S, R> void computeAll(Experiment<S, R> experiment, List<S> misses);

    /** The executor GLIMPSE_EXECUTOR names; null for "inline" (or unset). */
    static BatchExecutor configured() {
        String name = Glimpse.setting("glimpse.executor", "GLIMPSE_EXECUTOR", "inline").trim();
        if (name.equals("inline")) return null;
        List<String> known = new java.util.ArrayList<>(List.of("inline"));
        // this class's own loader: in a notebook kernel the library may sit in a loader the thread's context loader does not see
        for (BatchExecutor e : ServiceLoader.load(BatchExecutor.class, BatchExecutor.class.getClassLoader())) {
            if (e.name().equals(name)) return e;
            known.add(e.name());
        }
        throw new IllegalStateException("GLIMPSE_EXECUTOR=" + name + " names no executor; the executors: " + String.join(", ", known));
    }
}
