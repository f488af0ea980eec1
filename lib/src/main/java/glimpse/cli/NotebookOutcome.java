package glimpse.cli;

/** One executed notebook: status (ok, failed, interrupted), wall time, error message, where its outputs are. */
public record NotebookOutcome(String notebook, String status, double wallSeconds, String message,
                              String executedNotebook, String htmlLink) {
    public boolean ok() { return "ok".equals(status); }
}
