package glimpse.nn.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), source.toString(), target.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new WeightFileException("converting " + source + " took over 10 minutes; stopped");
            }
            if (p.exitValue() != 0) {
                String tail = output.length() > 1500 ? "…" + output.substring(output.length() - 1500) : output;
                throw new WeightFileException("converting " + source + " failed (exit " + p.exitValue() + "): " + tail);
            }
            return output;
        } catch (IOException e) {
            throw new WeightFileException("converting " + source + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeightFileException("converting " + source + " was interrupted", e);
        } finally {
            if (dir != null) deleteQuietly(dir);
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
