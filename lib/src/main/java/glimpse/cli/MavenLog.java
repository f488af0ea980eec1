package glimpse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * `test`'s Maven run: the whole output (thousands of [INFO] lines, the tests' own prints) goes to a log
 * file; the terminal gets only the lines that say where the build is and what failed (a module starting,
 * a Surefire execution starting, a failing test class, the totals, BUILD SUCCESS/FAILURE, and on a
 * compilation error javac's {@code file.java:[line,column] message} lines).
 */
final class MavenLog {
    private MavenLog() {}

    /** The lines shown as they come; everything else is only in the log. */
    static final Pattern SHOWN = Pattern.compile(
            "^\\[INFO\\] Building (?!jar:).*|^\\[INFO\\] --- (maven-)?surefire(-plugin)?:.*|.*<<< (FAILURE|ERROR)!.*"
                    + "|^\\[(INFO|WARNING|ERROR)\\] Tests run: \\d+, Failures: \\d+, Errors: \\d+, Skipped: \\d+$"
                    + "|^\\[(INFO|ERROR)\\] BUILD (SUCCESS|FAILURE)$|^\\[ERROR\\] COMPILATION ERROR.*"
                    // javac's own lines under COMPILATION ERROR: which file, line and column, and why
                    + "|^\\[ERROR\\] .*\\.java:\\[\\d+(,\\d+)?\\] .*");

    static boolean shown(String line) { return SHOWN.matcher(line).matches(); }

    /** Runs `mvn -B verify` in {@code home}, the whole output into {@code log}; returns Maven's exit status. */
    static int verify(Path home, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder("mvn", "-B", "verify").directory(home.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    if (shown(line)) System.out.println("  " + line.replaceFirst("^\\[INFO\\] ", ""));
                }
            }
            return p.waitFor();
        } catch (IOException e) {
            System.err.println("cannot run mvn -B verify in " + home + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The first {@code max} "[ERROR]" lines of the log: why Maven failed when no test did (compilation, a plugin). */
    static List<String> errors(Path log, int max) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("[ERROR]")).limit(max).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
