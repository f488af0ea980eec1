package glimpse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A fresh JVM on this test run's classpath, for checks that one process cannot make (determinism across processes, kill -9). */
public final class ChildJvm {
    private ChildJvm() {}

    /** Starts {@code mainClass} with {@code -Dkey=value} properties and args; stdout and stderr go to {@code log}. */
    public static Process start(Class<?> mainClass, Map<String, String> properties, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-Dai.djl.offline=true");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs to completion (at most {@code seconds}) and returns its output; fails on a non-zero exit. */
    public static String run(Class<?> mainClass, Map<String, String> properties, Path log, long seconds, String... args)
            throws IOException, InterruptedException {
        Process p = start(mainClass, properties, log, args);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(mainClass.getSimpleName() + " did not finish in " + seconds + " s; output:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) throw new AssertionError(mainClass.getSimpleName() + " exited " + p.exitValue() + "; output:\n" + out);
        return out;
    }

    /** The text after {@code "RESULT "} on the last line that has it. */
    public static String result(String output) {
        String r = null;
        for (String line : output.split("\n")) if (line.startsWith("RESULT ")) r = line.substring(7).trim();
        if (r == null) throw new AssertionError("no RESULT line in:\n" + output);
        return r;
    }
}
