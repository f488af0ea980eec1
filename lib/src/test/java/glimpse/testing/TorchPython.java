package glimpse.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python that the parity tests compare against (Debian's python3-torch / python3-torchvision, which
 * environment/apt-packages.txt installs): {@code GLIMPSE_PYTHON} where set, else {@code /usr/bin/python3}.
 * Where it cannot import what a test needs, the test is skipped with the reason, except under
 * {@code CI=true}: there the set-up installed them, so a missing module is a failure, not a silent skip.
 */
public final class TorchPython {
    private TorchPython() {}

    public static final String INSTALL = "Debian: apt-get install -y python3-torch python3-torchvision";

    /** GLIMPSE_PYTHON where set, else /usr/bin/python3. */
    public static Path python() {
        String set = System.getenv("GLIMPSE_PYTHON");
        return set == null || set.isBlank() ? Path.of("/usr/bin/python3") : Path.of(set);
    }

    /** {@link #python()}, once it imports {@code modules}; otherwise skips (fails under CI=true). */
    public static Path require(String... modules) { return require(python(), modules); }

    /** {@code python} (a fixed interpreter the code under test runs), once it imports {@code modules}; otherwise skips (fails under CI=true). */
    public static Path require(Path python, String... modules) {
        String missing = missing(python, modules);
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI")))
                Assertions.fail("CI=true and " + missing + ": the set-up (environment/apt-packages.txt) installs them, so this parity check may not be skipped");
            Assumptions.assumeTrue(false, "skipped: " + missing);
        }
        return python;
    }

    /** Why {@code python} cannot import {@code modules}, or null when it can. */
    public static String missing(Path python, String... modules) {
        String names = String.join(", ", modules);
        if (!Files.isExecutable(python)) return python + " not found (" + INSTALL + ")";
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c", "import " + names).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(2, TimeUnit.MINUTES)) {
                probe.destroyForcibly();
                return python + " took over 2 minutes to import " + names;
            }
            return probe.exitValue() == 0 ? null : python + " cannot import " + names + " (" + INSTALL + ")";
        } catch (IOException e) {
            return "cannot run " + python + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing " + python;
        }
    }
}
