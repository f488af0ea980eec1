package glimpse.nn.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Converts a PyTorch checkpoint (.pth/.pt) to safetensors by running the bundled
 * {@code pth_to_safetensors.py} with Debian's python3-torch. The pickle is opened by PyTorch's
 * {@code torch.load(weights_only=True)}, a restricted unpickler that rebuilds tensors and plain
 * containers only and refuses every other global, so a checkpoint that asks to run code fails
 * instead of running; this JVM never unpickles anything.
 */
public final class CheckpointConverter {
    private CheckpointConverter() {}

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String SCRIPT = "/glimpse/nn/weights/pth_to_safetensors.py";

    /** Writes {@code target} from {@code source}; returns the converter's report, or throws naming the file and the reason. */
    public static String convert(Path source, Path target) {
        if (!Files.isRegularFile(source)) throw new WeightFileException(source + ": no such file");
        if (!Files.isExecutable(PYTHON)) throw new WeightFileException("converting " + source + " needs " + PYTHON + " with torch (Debian: apt-get install -y python3-torch)");
        Path dir = null;
        try {
            dir = Files.createTempDirectory("glimpse-convert");
            Path script = dir.resolve("pth_to_safetensors.py");
            try (InputStream in = CheckpointConverter.class.getResourceAsStream(SCRIPT)) {
                if (in == null) throw new IllegalStateException(SCRIPT + " is missing from the classpath");
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            return run(new ProcessBuilder(PYTHON.toString(), script.toString(), source.toString(), target.toString()),
                    Duration.ofMinutes(10), "converting " + source);
        } catch (IOException e) {
            throw new WeightFileException("converting " + source + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    /**
     * Runs {@code command} (stdout and stderr together) to its end and returns its output, or throws
     * naming {@code what}: on a non-zero exit (with the output's tail), or once it has run past
     * {@code timeout} (then it is killed). The output goes to a file while it runs, so waiting is bounded
     * by the timeout, never by the process closing its output.
     */
    static String run(ProcessBuilder command, Duration timeout, String what) {
        Path log = null;
        Process p = null;
        try {
            log = Files.createTempFile("glimpse-python", ".log");
            p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new WeightFileException(what + " took over " + timeout.toSeconds() + " s; stopped");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String tail = output.length() > 1500 ? "…" + output.substring(output.length() - 1500) : output;
                throw new WeightFileException(what + " failed (exit " + p.exitValue() + "): " + tail);
            }
            return output;
        } catch (IOException e) {
            throw new WeightFileException(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new WeightFileException(what + " was interrupted", e);
        } finally {
            if (log != null) try { Files.deleteIfExists(log); } catch (IOException ignored) { }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
