package glimpse.cli;

import glimpse.Glimpse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The browser test of interactive use: environment/interactive_check.cjs drives classic Jupyter
 * Notebook (loopback, the Glimpse kernelspec) with Playwright and Chromium through repeated
 * open-and-run cycles, an interrupt and a restart; screenshots in build/report/interactive. Its
 * tools come from the set-up (ensure_interactive); where one is missing the check is skipped and
 * says why.
 */
final class InteractiveCheck {
    private InteractiveCheck() {}

    static final String NAME = "interactive use: classic Jupyter Notebook driven by Playwright + Chromium";

    /** The playwright-core package the set-up installs with npm. */
    static Path playwright(Path home) { return home.resolve("build/env/node/node_modules/playwright-core"); }

    /** Why the check cannot run here (and the fix), or null when everything it needs is present. */
    static String missing(Path home, String chromium, String jupyter, String node, String fromSetup) {
        if (fromSetup != null && !fromSetup.isBlank()) return fromSetup.strip();
        if (chromium == null) return NotebookCommands.browserSkipReason(null);
        if (jupyter == null) return "jupyter-notebook is not on PATH; fix: apt-get install -y jupyter-notebook (./glimpse test does it as root)";
        if (node == null) return "node is not on PATH; fix: apt-get install -y nodejs npm";
        if (!Files.isRegularFile(playwright(home).resolve("package.json")))
            return "playwright-core is not installed under build/env/node; fix: npm install --prefix build/env/node playwright-core (./glimpse test does it)";
        return null;
    }

    static void run(Path home, NotebookCommands.Checks checks) {
        String chromium = BrowserCheck.chromium();
        String jupyter = NotebookCommands.onPath("jupyter-notebook");
        String node = NotebookCommands.onPath("node");
        String why = missing(home, chromium, jupyter, node, System.getenv("GLIMPSE_INTERACTIVE_SKIP_REASON"));
        if (why != null) { checks.skip(NAME, why); return; }
        NotebookCommands.installKernel(home);
        Path dir = Glimpse.buildDir().resolve("report/interactive");
        System.out.println("== " + NAME);
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(node, home.resolve("environment/interactive_check.cjs").toString()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("GLIMPSE_PLAYWRIGHT", playwright(home).toString());
            env.put("GLIMPSE_CHROMIUM", chromium);
            env.put("GLIMPSE_JUPYTER", jupyter);
            env.put("GLIMPSE_INTERACTIVE_DIR", dir.toString());
            env.put("GLIMPSE_HOME", home.toString());
            env.merge("JUPYTER_PATH", KernelSpec.jupyterPath(home).toString(), (old, add) -> add + java.io.File.pathSeparator + old);
            Process p = pb.start();
            String summary = "no summary line";
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println(line);
                    if (line.startsWith("interactive: ")) summary = line.substring("interactive: ".length());
                }
            }
            int rc = p.waitFor();
            checks.add(NAME + " (" + summary + ")", rc == 0);
        } catch (IOException e) {
            checks.add(NAME + " (cannot start node: " + e.getMessage() + ")", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(NAME + " (interrupted)", false);
        }
    }
}
