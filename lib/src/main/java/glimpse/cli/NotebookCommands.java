package glimpse.cli;

import glimpse.Glimpse;
import glimpse.report.HtmlReport;
import glimpse.report.NotebookOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** `run`, `test` and `kernel`: notebooks under Jupyter, unit tests under Maven, one summary. */
final class NotebookCommands {
    private NotebookCommands() {}

    static int run(List<String> args) {
        Glimpse.Mode mode = Main.modeFrom(args, Glimpse.Mode.FULL);
        List<String> names = args.stream().filter(a -> !a.startsWith("--")).toList();
        List<NotebookOutcome> outcomes = runNotebooks(names, mode);
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        Checks figures = new Checks();
        browserChecks(reportDir(mode), outcomes.stream().filter(NotebookOutcome::ok).toList(), figures);
        System.out.println((outcomes.size() - failed) + " notebooks ran, " + failed + " failed"
                + (figures.failed > 0 ? "; figures missing in " + figures.failed : ""));
        return failed == 0 && figures.failed == 0 ? 0 : 1;
    }

    static int test(List<String> args) {
        Path home = Glimpse.home();
        System.out.println("== unit tests: mvn verify");
        int mvnRc = exec(home, "mvn", "-B", "verify");
        SurefireSummary unit = SurefireSummary.read(home);
        System.out.println("unit tests: " + unit + (mvnRc != 0 ? " (mvn exited " + mvnRc + ")" : ""));
        List<NotebookOutcome> nbs = runNotebooks(List.of(), Glimpse.Mode.QUICK);
        long nbFailed = nbs.stream().filter(o -> !o.ok()).count();
        System.out.println("notebooks (quick): " + (nbs.size() - nbFailed) + " passed, " + nbFailed + " failed");
        Checks checks = new Checks();
        browserChecks(reportDir(Glimpse.Mode.QUICK), nbs, checks);
        System.out.println("integration checks: " + checks.passed + " passed, " + checks.failed + " failed, " + checks.skipped + " skipped");
        // a Maven failure with no failing test (compilation, plugin) still counts as one failure
        long failed = unit.failed() + nbFailed + checks.failed + (mvnRc != 0 && unit.failed() == 0 ? 1 : 0);
        long passed = unit.passed() + (nbs.size() - nbFailed) + checks.passed;
        long skipped = unit.skipped() + checks.skipped;
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        return failed == 0 ? 0 : 1;
    }

    /** Tallies of the integration checks that `test` runs after the notebooks. */
    static final class Checks {
        int passed, failed, skipped;
        void add(String name, Boolean ok) {
            if (ok == null) { skipped++; System.out.println("  SKIP  " + name); }
            else if (ok) { passed++; System.out.println("  ok    " + name); }
            else { failed++; System.out.println("  FAIL  " + name); }
        }
    }

    static Path reportDir(Glimpse.Mode mode) {
        return Glimpse.buildDir().resolve("report").resolve(mode.name().toLowerCase(Locale.ROOT));
    }

    /** Every executed notebook's HTML, opened in headless Chromium: all its images decode. */
    static void browserChecks(Path reportDir, List<NotebookOutcome> nbs, Checks checks) {
        String chromium = glimpse.report.BrowserCheck.chromium();
        for (NotebookOutcome o : nbs) {
            String name = o.notebook() + ": figures visible in headless Chromium";
            if (chromium == null) { checks.add(name + " (chromium not installed: apt-get install chromium)", null); continue; }
            if (o.htmlLink() == null) { checks.add(name, false); continue; }
            var r = glimpse.report.BrowserCheck.check(chromium, reportDir.resolve(o.htmlLink()));
            checks.add(name + " (" + r.decoded() + "/" + r.images() + " images decoded" + (r.error() == null ? "" : ", " + r.error()) + ")", r.ok());
        }
    }

    static int kernel() {
        Path home = Glimpse.home();
        KernelChoice choice = installKernel(home);
        Path jp = KernelSpec.jupyterPath(home);
        System.out.println("""
                kernel: %s (%s)
                kernelspec: %s
                To use it interactively, either
                  JUPYTER_PATH=%s jupyter lab notebooks/
                or install it for your user:
                  jupyter kernelspec install --user %s
                and pick "Java (Glimpse)" in JupyterLab or VS Code (Jupyter extension → Select Kernel).
                Notebooks opened by hand run in quick mode unless GLIMPSE_MODE=full is set for Jupyter."""
                .formatted(choice.kind().name().toLowerCase(Locale.ROOT), choice.reason(), jp.resolve("kernels/" + KernelSpec.NAME), jp,
                        jp.resolve("kernels/" + KernelSpec.NAME)));
        return 0;
    }

    static KernelChoice installKernel(Path home) {
        KernelChoice choice = KernelChoice.decide(KernelChoice.fromEnvironment(rapaioJar(home)));
        KernelSpec.write(home, choice, kernelClasspath(home), Glimpse.setting("glimpse.kernel.heap", "GLIMPSE_KERNEL_HEAP", "8g"));
        return choice;
    }

    /** Where the build copies the rapaio kernel jar (the fallback kernel). */
    static Path rapaioJar(Path home) { return home.resolve("notebooks/target/kernel/rapaio-jupyter-kernel.jar"); }

    /** The library and its runtime dependencies, as the notebooks module's build copies them. */
    static List<Path> kernelClasspath(Path home) {
        List<Path> cp = new ArrayList<>();
        try (var s = Files.list(home.resolve("notebooks/target/kernel-classpath"))) {
            s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(cp::add);
        } catch (IOException e) {
            throw new IllegalStateException("No kernel classpath at notebooks/target/kernel-classpath: run `mvn package` (./glimpse does it)", e);
        }
        return cp;
    }

    static List<NotebookOutcome> runNotebooks(List<String> names, Glimpse.Mode mode) {
        Path home = Glimpse.home();
        List<Path> notebooks = NotebookRunner.select(home, names);
        KernelChoice choice = installKernel(home);
        System.out.println("kernel: " + choice.kind().name().toLowerCase(Locale.ROOT) + " — " + choice.reason());
        String python = Glimpse.setting("glimpse.python", "GLIMPSE_PYTHON", "python3");
        Path reportDir = reportDir(mode);
        NotebookRunner runner = new NotebookRunner(home, reportDir, mode, python);
        List<NotebookOutcome> outcomes = new ArrayList<>();
        for (Path nb : notebooks) {
            outcomes.add(runner.run(nb));
            // rewrite the index after every notebook, so an interrupted run still has a report
            HtmlReport.update(reportDir, mode.name().toLowerCase(Locale.ROOT), choice.kind().name().toLowerCase(Locale.ROOT), outcomes);
        }
        Path index = HtmlReport.update(reportDir, mode.name().toLowerCase(Locale.ROOT), choice.kind().name().toLowerCase(Locale.ROOT), outcomes);
        System.out.println("report: " + index);
        return outcomes;
    }

    static int exec(Path dir, String... cmd) {
        try {
            return new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println("cannot run " + String.join(" ", cmd) + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
