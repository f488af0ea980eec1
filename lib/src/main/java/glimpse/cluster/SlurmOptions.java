package glimpse.cluster;

import glimpse.Glimpse;

/**
 * What a batch's job array asks Slurm for: GLIMPSE_SLURM_* (set by {@code ./glimpse run --slurm
 * --partition=… --time=…}). Paper mode asks for one GPU per task by default; quick and full for CPUs only.
 *
 * @param partition   sbatch --partition (null: the cluster's default)
 * @param account     sbatch --account (null: the user's default)
 * @param time        sbatch --time, e.g. "4:00:00" (null: the partition's default)
 * @param cpusPerTask sbatch --cpus-per-task
 * @param gpusPerTask sbatch --gres=gpu:N (0: none)
 * @param memory      sbatch --mem, e.g. "16G" (null: the partition's default)
 * @param maxTasks    at most this many of the array's tasks at once (the array's %N; 0: no limit)
 * @param dryRun      print the script and the task list, submit nothing
 */
public record SlurmOptions(String partition, String account, String time, int cpusPerTask, int gpusPerTask, String memory, int maxTasks,
                           boolean dryRun) {
    public SlurmOptions {
        if (cpusPerTask < 1) throw new IllegalArgumentException("GLIMPSE_SLURM_CPUS (--cpus-per-task) must be at least 1, not " + cpusPerTask);
        if (gpusPerTask < 0 || maxTasks < 0) throw new IllegalArgumentException("--gpus-per-task and --max-tasks cannot be negative");
    }

    /** From the GLIMPSE_SLURM_* settings and the mode. */
    public static SlurmOptions fromSettings() {
        boolean paper = Glimpse.paperSections();
        return new SlurmOptions(text("partition", "PARTITION"), text("account", "ACCOUNT"), text("time", "TIME"),
                number("cpus", "CPUS", paper ? 8 : Glimpse.mode() == Glimpse.Mode.FULL ? 4 : 1),
                number("gpus", "GPUS", paper ? 1 : 0), text("mem", "MEM"), number("maxTasks", "MAX_TASKS", 0),
                "1".equals(text("dryRun", "DRY_RUN")) || "true".equalsIgnoreCase(text("dryRun", "DRY_RUN")));
    }

    private static String text(String property, String env) {
        return Glimpse.setting("glimpse.slurm." + property, "GLIMPSE_SLURM_" + env, null);
    }

    private static int number(String property, String env, int fallback) {
        String v = text(property, env);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GLIMPSE_SLURM_" + env + " must be a whole number, not '" + v + "'");
        }
    }
}
