package glimpse.train;

import glimpse.Glimpse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The checkpoints of one experiment's training runs while it is computed. The cached runner opens
 * one per computation ({@link #in}) and hands it to the experiment, which passes each training
 * config through {@link #next} before {@link TrainLoop#fit}: the k-th run (k = 0, 1, …, in the
 * order the experiment makes them, which is deterministic) saves into {@code <dir>/fit-k/} and
 * resumes from there. A computation killed mid-training therefore redoes at most the steps since
 * its last save ({@link #saveSeconds()}), and its earlier runs are restored from their final
 * checkpoints instead of being retrained. A config that names its own checkpoint folder keeps it;
 * {@link #NONE} (an uncached run) changes nothing.
 */
public final class RunCheckpoints implements AutoCloseable {
    /** No folder: configs pass through unchanged. */
    public static final RunCheckpoints NONE = new RunCheckpoints(null);

    private final Path dir;
    private int fits;
    private boolean finished;

    private RunCheckpoints(Path dir) { this.dir = dir; }

    /** The checkpoints of one computation, in {@code dir}. */
    public static RunCheckpoints in(Path dir) { return new RunCheckpoints(dir); }

    /** {@code config} saving into this computation's next run folder, every {@link #saveSeconds()} s and at its step cadence. */
    public TrainConfig next(TrainConfig config) {
        Watch w = config.watch();
        if (dir == null || w.checkpoints()) return config;
        return config.with(b -> b.watch(w.saving(dir.resolve("fit-" + fits++).toString(), w.checkpointEvery(), saveSeconds())));
    }

    /** The result is safely stored: the checkpoints are no longer needed (they are removed at {@link #close()}). */
    public void finished() { finished = true; }

    @Override public void close() {
        if (finished && dir != null) delete(dir);
    }

    /** Seconds between the checkpoints of a run of a computation (GLIMPSE_CHECKPOINT_SECONDS, default 30). */
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
