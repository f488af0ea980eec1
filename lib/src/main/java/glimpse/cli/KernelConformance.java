package glimpse.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import glimpse.Glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Jupyter's own kernel conformance suite (Debian's python3-jupyter-kernel-test, driven by
 * environment/kernel_conformance.py) against the Glimpse kernel, part of {@code ./glimpse test}: every
 * test is one integration check, so a protocol regression shows in the closing "N passed, N failed".
 */
final class KernelConformance {
    private KernelConformance() {}

    static final String SUITE = "environment/kernel_conformance.py";
    static final String PREFIX = "kernel conformance: ";
    private static final long TIMEOUT_S = 900;

    static void run(Path home, NotebookCommands.Checks checks) {
        String python = Glimpse.setting("glimpse.python", "GLIMPSE_PYTHON", "python3");
        System.out.println("== kernel conformance: jupyter_kernel_test against the Glimpse kernel");
        if (!importable(python, "jupyter_kernel_test")) {
            checks.skip(PREFIX + "the suite", "python3-jupyter-kernel-test is not installed; fix: apt-get install -y python3-jupyter-kernel-test"
                    + " (environment/setup.sh installs it as root)");
            return;
        }
        KernelChoice choice = NotebookCommands.installKernel(home);
        if (choice.kind() != KernelChoice.Kind.GLIMPSE) {
            checks.skip(PREFIX + "the suite", "the kernelspec runs " + choice.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " (" + choice.reason() + "); the suite tests the Glimpse kernel: unset GLIMPSE_KERNEL");
            return;
        }
        try {
            Path result = Files.createTempFile("glimpse-kernel-conformance", ".json");
            ProcessBuilder pb = new ProcessBuilder(python, home.resolve(SUITE).toString(), result.toString())
                    .directory(home.toFile()).inheritIO();
            pb.environment().merge("JUPYTER_PATH", KernelSpec.jupyterPath(home).toString(), (old, add) -> add + java.io.File.pathSeparator + old);
            pb.environment().put("GLIMPSE_HOME", home.toString());
            Process p = pb.start();
            boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            String json = Files.readString(result);
            Files.deleteIfExists(result);
            if (json.isBlank()) {
                checks.add(PREFIX + "the suite ran to its end (" + (done ? "exit " + p.exitValue() : "killed after " + TIMEOUT_S + " s")
                        + "; its output is above)", false);
                return;
            }
            record(JsonParser.parseString(json).getAsJsonArray().asList(), checks);
        } catch (IOException e) {
            checks.add(PREFIX + "the suite could not be started: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(PREFIX + "interrupted", false);
        }
    }

    /** One check per test of the suite's result file: passed, failed (with why) or skipped (with why). */
    static void record(List<JsonElement> outcomes, NotebookCommands.Checks checks) {
        for (JsonElement e : outcomes) {
            JsonObject o = e.getAsJsonObject();
            String name = PREFIX + o.get("name").getAsString();
            String detail = o.has("detail") ? o.get("detail").getAsString() : "";
            switch (o.get("outcome").getAsString()) {
                case "passed" -> checks.add(name, true);
                case "skipped" -> checks.skip(name, detail);
                default -> checks.add(name + " — " + detail, false);
            }
        }
    }

    private static boolean importable(String python, String module) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** `check-kernel`: the suite alone. */
    static int command() {
        NotebookCommands.Checks checks = new NotebookCommands.Checks();
        run(Glimpse.home(), checks);
        System.out.println(checks.passed + " passed, " + checks.failed + " failed" + (checks.skipped > 0 ? ", " + checks.skipped + " skipped" : ""));
        return checks.failed == 0 && checks.skipped == 0 ? 0 : 1;
    }
}
