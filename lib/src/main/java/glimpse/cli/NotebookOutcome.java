package glimpse.cli;

/**
 * One executed notebook: status (ok, failed, interrupted), wall time, error message, where its outputs
 * are, when it started and finished (ISO-8601 instants; null when unknown) and the peak resident
 * memory of its kernel in MiB (NaN when it could not be read: not Linux, or the kernel never started).
 */
public record NotebookOutcome(String notebook, String status, double wallSeconds, String message,
                              String executedNotebook, String htmlLink, String startedAt, String finishedAt, double kernelPeakMiB) {

    /** An outcome without timing or memory (a notebook that never ran). */
    public NotebookOutcome(String notebook, String status, double wallSeconds, String message, String executedNotebook, String htmlLink) {
        this(notebook, status, wallSeconds, message, executedNotebook, htmlLink, null, null, Double.NaN);
    }

    public boolean ok() { return "ok".equals(status); }
}
