package glimpse.cli;

import glimpse.Glimpse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executes notebooks headless, one after another, under real Jupyter (nbclient, through
 * environment/execute_notebook.py) with the Glimpse kernelspec, writing each executed notebook
 * and its HTML next to the report index.
 */
public final class NotebookRunner {
    private final Path home;
    private final Path outDir;
    private final Glimpse.Mode mode;
    private final String python;
    /** Variables set for every notebook's process on top of this one's (smoke runs: the fixture folders). */
    private final Map<String, String> environment;
    private int kernelStartRetries;

    public NotebookRunner(Path home, Path outDir, Glimpse.Mode mode, String python) {
        this(home, outDir, mode, python, Map.of());
    }

    public NotebookRunner(Path home, Path outDir, Glimpse.Mode mode, String python, Map<String, String> environment) {
        this.home = home; this.outDir = outDir; this.mode = mode; this.python = python; this.environment = Map.copyOf(environment);
    }

    /** All notebooks in order, or those named (e.g. "00-tour", "00", "notebooks/00-tour.ipynb"). */
    public static List<Path> select(Path home, List<String> names) {
        Path dir = home.resolve("notebooks");
        List<Path> all;
        try (var s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.isEmpty()) return all;
        List<Path> chosen = new ArrayList<>();
        for (String n : names) {
            String base = Path.of(n).getFileName().toString().replaceFirst("\\.ipynb$", "");
            List<Path> hits = all.stream().filter(p -> {
                String f = p.getFileName().toString().replaceFirst("\\.ipynb$", "");
                return f.equals(base) || f.startsWith(base + "-");
            }).toList();
            if (hits.size() != 1)
                throw new IllegalArgumentException("No single notebook matches '" + n + "'; notebooks: "
                        + all.stream().map(p -> p.getFileName().toString()).toList());
            chosen.add(hits.get(0));
        }
        return chosen;
    }

    public NotebookOutcome run(Path notebook) {
        String name = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path ipynb = outDir.resolve("notebooks").resolve(name + ".ipynb");
        Path html = outDir.resolve("notebooks").resolve(name + ".html");
        Path errFile = outDir.resolve("notebooks").resolve(name + ".stderr.txt");
        long t0 = System.nanoTime();
        String startedAt = java.time.Instant.now().toString();
        try {
            Files.createDirectories(ipynb.getParent());
            // an earlier run's output must not pass for this run's when this one writes none (kernel never started)
            Files.deleteIfExists(ipynb);
            Files.deleteIfExists(html);
            Files.deleteIfExists(outDir.resolve("notebooks").resolve(name + ".run.log"));   // this run's details only
            glimpse.report.Claims.forget(mode, name);   // 06-results shows this run's verdicts only, none if it records none
            ProcessBuilder pb = new ProcessBuilder(python, home.resolve("environment/execute_notebook.py").toString(),
                    notebook.toString(), ipynb.toString(), html.toString(), KernelSpec.NAME, "7200",
                    outDir.resolve("notebooks").resolve(name + ".kernel.log").toString());
            Map<String, String> env = pb.environment();
            String jp = KernelSpec.jupyterPath(home).toString();
            env.merge("JUPYTER_PATH", jp, (old, add) -> add + java.io.File.pathSeparator + old);
            env.putAll(environment);
            env.put("GLIMPSE_MODE", mode.name().toLowerCase());
            env.put("GLIMPSE_HOME", home.toString());
            env.put("GLIMPSE_NOTEBOOK", name);   // glimpse.report.Claims: its verdicts against the papers, for 06-results
            Path progressLog = outDir.resolve("notebooks").resolve(name + ".progress.log");
            env.put("GLIMPSE_PROGRESS_LOG", progressLog.toString());
            env.put("GLIMPSE_RUN_LOG", outDir.resolve("notebooks").resolve(name + ".run.log").toString());   // glimpse.RunLog: per-seed and cache details
            env.putAll(kernelSettings);     // `run --workers N | --slurm …`: where the notebook's batches of experiments are computed
            for (String[] knob : KERNEL_START_SETTINGS) {
                String v = Glimpse.setting(knob[0], knob[1], null);
                if (v != null) env.put(knob[1], v);
            }
            pb.directory(home.resolve("notebooks").toFile());
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(errFile.toFile());
            System.out.println("== " + name + " (" + mode.name().toLowerCase() + ")");
            int rc;
            double peakMiB;
            try (ProgressEcho echo = new ProgressEcho(progressLog)) {
                Process executor = pb.start();
                try (KernelMemory memory = new KernelMemory(executor.toHandle())) {
                    rc = executor.waitFor();
                    peakMiB = memory.peakMiB();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            String finishedAt = java.time.Instant.now().toString();
            String err = Files.exists(errFile) ? Files.readString(errFile).strip() : "";
            int retries = startRetries(err);
            kernelStartRetries += retries;
            if (retries > 0) System.out.println("   the kernel needed " + retries + " retried start(s); kernel log: " + errFile.resolveSibling(name + ".kernel.log"));
            err = err.replaceFirst("\\n?" + RETRIES.pattern() + "\\s*$", "").strip();
            String message = rc == 0 ? "" : executorMessage(err, notebook);
            if (rc != 0) System.out.println(message.isEmpty() ? "   failed (exit " + rc + ")" : message);
            boolean written = Files.isRegularFile(ipynb) && Files.isRegularFile(html);
            if (written) {
                ReportAssets.install(outDir);
                ReportPage.rewrite(html, outDir);
            }
            System.out.printf("   %s in %.1f s -> %s%n", rc == 0 ? "ok" : "FAILED", wall, written ? html : "(no executed notebook)");
            return new NotebookOutcome(name, rc == 0 ? "ok" : "failed", wall, message,
                    written ? home.relativize(ipynb).toString() : null, written ? outDir.relativize(html).toString() : null,
                    startedAt, finishedAt, peakMiB);
        } catch (IOException e) {
            return new NotebookOutcome(name, "failed", (System.nanoTime() - t0) / 1e9, "cannot start the notebook executor: " + e.getMessage(), null, null,
                    startedAt, java.time.Instant.now().toString(), Double.NaN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NotebookOutcome(name, "interrupted", (System.nanoTime() - t0) / 1e9, "interrupted", null, null,
                    startedAt, java.time.Instant.now().toString(), Double.NaN);
        }
    }

    /**
     * Settings passed on to execute_notebook.py (system property, environment variable): how many
     * kernel starts it tries, and how many seconds each start may take to answer.
     */
    /** GLIMPSE_* settings `run` gives the kernels of this run (its executor options: {@link Main#executorSettings}). */
    static Map<String, String> kernelSettings = Map.of();

    static final String[][] KERNEL_START_SETTINGS = {
            {"glimpse.kernel.start.attempts", "GLIMPSE_KERNEL_START_ATTEMPTS"},
            {"glimpse.kernel.start.timeout", "GLIMPSE_KERNEL_START_TIMEOUT"}};

    /** Kernel starts the executor retried, over every notebook this runner ran (the guard's uses; goal 0). */
    public int kernelStartRetries() { return kernelStartRetries; }

    static final java.util.regex.Pattern RETRIES = java.util.regex.Pattern.compile("glimpse: kernel start retries: (\\d+)");

    /** The count execute_notebook.py prints last on stderr; 0 when it printed none (it died before). */
    static int startRetries(String stderr) {
        java.util.regex.Matcher m = RETRIES.matcher(stderr);
        int n = 0;
        while (m.find()) n = Integer.parseInt(m.group(1));
        return n;
    }

    /** The executor's own message is last on stderr and starts with the notebook's path; log noise comes before it. */
    private static String executorMessage(String err, Path notebook) {
        int i = err.lastIndexOf(notebook + ": ");
        String tail = i >= 0 && (i == 0 || err.charAt(i - 1) == '\n') ? err.substring(i) : err;
        return tail.length() > 4000 ? tail.substring(tail.length() - 4000) : tail;
    }
}
