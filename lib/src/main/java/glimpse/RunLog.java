package glimpse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The details a reader of a notebook does not need in the cell — each seed's result as it finishes,
 * which cache file a reused result came from — written to one log file per session (JVM) instead of
 * the cell, where they repeated what the table under them says. The file: {@code glimpse.runLog} /
 * {@code GLIMPSE_RUN_LOG} ({@code ./glimpse run} puts it beside the notebook's page), else
 * {@code build/logs/run-<start time>.log}. The cell names it once, the first time anything is logged.
 * A log that cannot be written falls back to printing, so no detail is lost.
 */
public final class RunLog {
    private RunLog() {}

    private static Path file;

    /** Appends one line, stamped with the time; the first line of the session also says, in the cell, where the log is. */
    public static synchronized void line(String text) {
        Path f = file();
        boolean first = !named.equals(f);
        try {
            Files.createDirectories(f.toAbsolutePath().getParent());
            Files.writeString(f, Instant.now().toString() + "  " + text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println(text + "   (not logged: " + e.getMessage() + ")");
            return;
        }
        if (first) {
            named = f;
            System.out.println("[log] per-seed results and cache details of this session: " + shown(f));
        }
    }

    private static Path named = Path.of("");

    /** This session's log file (chosen on first use; a changed setting, e.g. in a test, is followed). */
    public static synchronized Path file() {
        String v = Glimpse.setting("glimpse.runLog", "GLIMPSE_RUN_LOG", null);
        if (v != null) return Path.of(v).toAbsolutePath();
        if (file == null)
            file = Glimpse.buildDir().resolve("logs").resolve("run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(Instant.now()) + "-" + ProcessHandle.current().pid() + ".log");
        return file;
    }

    /** The path relative to the working folder or the Glimpse home when it lies below one: short enough to read. */
    private static String shown(Path f) {
        for (Path base : new Path[]{Path.of("").toAbsolutePath(), homeOrNull()})
            if (base != null && f.toAbsolutePath().startsWith(base) && !f.toAbsolutePath().equals(base))
                return base.relativize(f.toAbsolutePath()).toString();
        return f.toString();
    }

    private static Path homeOrNull() {
        try { return Glimpse.home(); } catch (IllegalStateException e) { return null; }
    }
}
