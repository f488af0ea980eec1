package glimpse.cli;

import glimpse.Glimpse;
import glimpse.report.NotebookOutcome;

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

    public NotebookRunner(Path home, Path outDir, Glimpse.Mode mode, String python) {
        this.home = home; this.outDir = outDir; this.mode = mode; this.python = python;
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
        try {
            Files.createDirectories(ipynb.getParent());
            ProcessBuilder pb = new ProcessBuilder(python, home.resolve("environment/execute_notebook.py").toString(),
                    notebook.toString(), ipynb.toString(), html.toString(), KernelSpec.NAME, "7200",
                    outDir.resolve("notebooks").resolve(name + ".kernel.log").toString());
            Map<String, String> env = pb.environment();
            String jp = KernelSpec.jupyterPath(home).toString();
            env.merge("JUPYTER_PATH", jp, (old, add) -> add + java.io.File.pathSeparator + old);
            env.put("GLIMPSE_MODE", mode.name().toLowerCase());
            env.put("GLIMPSE_HOME", home.toString());
            pb.directory(home.resolve("notebooks").toFile());
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(errFile.toFile());
            System.out.println("== " + name + " (" + mode.name().toLowerCase() + ")");
            int rc = pb.start().waitFor();
            double wall = (System.nanoTime() - t0) / 1e9;
            String err = Files.exists(errFile) ? Files.readString(errFile).strip() : "";
            String message = rc == 0 ? "" : lastMeaningfulLines(err);
            if (rc != 0) System.out.println(message.isEmpty() ? "   failed (exit " + rc + ")" : message);
            System.out.printf("   %s in %.1f s -> %s%n", rc == 0 ? "ok" : "FAILED", wall, html);
            return new NotebookOutcome(name, rc == 0 ? "ok" : "failed", wall, message, home.relativize(ipynb).toString(), outDir.relativize(html).toString());
        } catch (IOException e) {
            return new NotebookOutcome(name, "failed", (System.nanoTime() - t0) / 1e9, "cannot start the notebook executor: " + e.getMessage(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NotebookOutcome(name, "interrupted", (System.nanoTime() - t0) / 1e9, "interrupted", null, null);
        }
    }

    /** The executor's own message is last on stderr; kernel log noise comes before it. */
    private static String lastMeaningfulLines(String err) {
        int i = err.lastIndexOf("/notebooks/");
        int start = err.lastIndexOf('\n', Math.max(0, i)) + 1;
        String tail = i >= 0 ? err.substring(start) : err;
        return tail.length() > 4000 ? tail.substring(tail.length() - 4000) : tail;
    }
}
