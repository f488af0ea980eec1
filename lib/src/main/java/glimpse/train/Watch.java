package glimpse.train;

import glimpse.SpecJson;

/**
 * How a training run is watched and saved — never what it computes: progress lines, where and how
 * often it checkpoints. Part of a {@link TrainConfig} (so a notebook sets it with the rest), but
 * marked {@link SpecJson.NotAKey}: changing it neither recomputes a cached result nor refuses a
 * checkpoint of the same run.
 *
 * @param logEvery          print a progress line every this many steps (0 = silent)
 * @param checkpointDir     folder for save/resume (null = none); an existing checkpoint there is resumed
 * @param checkpointEvery   save every this many steps (and always at the end); 0 = only at the end
 * @param checkpointSeconds also save once this many seconds have passed since the last save (0 = the step cadence only)
 */
@SpecJson.NotAKey
public record Watch(int logEvery, String checkpointDir, int checkpointEvery, double checkpointSeconds) {
    /** A progress line every 50 steps, no checkpoints. */
    public static final Watch DEFAULT = new Watch(50, null, 0, 0);

    public Watch {
        if (logEvery < 0 || checkpointEvery < 0 || checkpointSeconds < 0)
            throw new IllegalArgumentException("logEvery, checkpointEvery and checkpointSeconds must be >= 0");
    }

    public Watch logging(int every) { return new Watch(every, checkpointDir, checkpointEvery, checkpointSeconds); }

    /** Saves into {@code dir} every {@code every} steps, every {@code seconds} s, and at the end. */
    public Watch saving(String dir, int every, double seconds) { return new Watch(logEvery, dir, every, seconds); }

    public boolean checkpoints() { return checkpointDir != null; }
}
