package glimpse.train;

import glimpse.Glimpse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Checkpoints for the training runs of one experiment while it is computed: inside a scope opened
 * by the cached runner, the k-th {@link TrainLoop#fit} call of the experiment (k = 0, 1, …, in the
 * order the experiment makes them, which is deterministic) saves into {@code <scope>/fit-k/} and
 * resumes from there. A run killed mid-training therefore redoes at most the steps since its last
 * save ({@link #saveSeconds()}), and earlier fits of the same experiment are restored from their
 * final checkpoints instead of being retrained. A training config that names its own checkpoint
 * folder keeps it.
 */
public final class RunCheckpoints {
    private RunCheckpoints() {}

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    /** The training runs of one experiment; {@link #finished()} removes their checkpoints, close() ends the scope. */
    public static final class Scope implements AutoCloseable {
        private final Path dir;
        private final Scope outer;
        private int fits;
        private boolean finished;

        private Scope(Path dir, Scope outer) { this.dir = dir; this.outer = outer; }

        public Path dir() { return dir; }

        /** The experiment's result is safely stored: its checkpoints are no longer needed. */
        public void finished() { finished = true; }

        @Override public void close() {
            CURRENT.set(outer);
            if (finished) delete(dir);
        }
    }

    /** Opens a scope (nested scopes are allowed: an experiment computed inside another keeps its own folder). */
    public static Scope open(Path dir) {
        Scope s = new Scope(dir, CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The folder for the next training run of the current scope, or null outside any scope. */
    static Path nextFitDir() {
        Scope s = CURRENT.get();
        return s == null ? null : s.dir.resolve("fit-" + s.fits++);
    }

    /** Seconds between the checkpoints of a run inside a scope (GLIMPSE_CHECKPOINT_SECONDS, default 30). */
    static double saveSeconds() {
        return Double.parseDouble(Glimpse.setting("glimpse.checkpointSeconds", "GLIMPSE_CHECKPOINT_SECONDS", "30"));
    }

    /** Removes a checkpoint folder and everything in it (absent: nothing to do). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the checkpoints in " + dir + ": " + e.getMessage() + "; delete the folder by hand", e);
        }
    }
}
