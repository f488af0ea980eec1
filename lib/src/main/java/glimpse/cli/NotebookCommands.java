package glimpse.cli;

import glimpse.Glimpse;
import glimpse.data.fixtures.BenchmarkFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** `run`, `test` and `kernel`: notebooks under Jupyter, unit tests under Maven, one summary. */
final class NotebookCommands {
    private NotebookCommands() {}

    static int run(List<String> names, Glimpse.Mode mode) {
        List<NotebookOutcome> outcomes = runNotebooks(names, mode);
        if (NotebookRunner.kernelSettings.containsKey("GLIMPSE_SLURM_DRY_RUN")) return dryRun(outcomes);
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        Checks figures = new Checks();
        browserChecks(reportDir(mode), outcomes.stream().filter(NotebookOutcome::ok).toList(), figures);
        System.out.println((outcomes.size() - failed) + " notebooks ran, " + failed + " failed"
                + (figures.failed > 0 ? "; figures missing in " + figures.failed : "")
                + (figures.skipped > 0 ? "; " + count(figures.skipped, "figure check") + " skipped: " + String.join("; ", figures.skipReasons.keySet()) : ""));
        return failed == 0 && figures.failed == 0 ? 0 : 1;
    }

    /**
     * `run --slurm-dry-run`: each notebook stops at its first batch, whose script and task list it printed
     * (echoed above, and in its batch folder); that is its success. A notebook that failed otherwise fails.
     */
    static int dryRun(List<NotebookOutcome> outcomes) {
        int failed = 0;
        for (NotebookOutcome o : outcomes) {
            boolean stopped = !o.ok() && o.message() != null && o.message().contains("slurm dry run");
            if (!o.ok() && !stopped) failed++;
            System.out.println("dry run: " + o.notebook() + (stopped ? ": stopped at its first batch, nothing submitted"
                    : o.ok() ? ": ran to the end with no batch to submit (everything cached, or no batch of several experiments)" : ": failed before its first batch"));
        }
        return failed == 0 ? 0 : 1;
    }

    static int test() {
        Path home = Glimpse.home();
        String mode = System.getenv("GLIMPSE_MODE");
        if (mode != null && !mode.isBlank() && !mode.trim().equalsIgnoreCase("quick"))
            System.out.println("note: test runs the notebooks in quick mode; GLIMPSE_MODE=" + mode.trim() + " applies to `run` and to notebooks opened by hand");
        Path log = Glimpse.buildDir().resolve("logs").resolve("mvn-verify.log");
        System.out.println("== unit tests: mvn verify (full log: " + log + ")");
        SurefireSummary.clear(home);          // count this run's tests only, not reports an earlier (targeted) run left
        int mvnRc = MavenLog.verify(home, log);
        SurefireSummary unit = SurefireSummary.read(home);
        System.out.println("unit tests: " + unit + (mvnRc != 0 ? " (mvn exited " + mvnRc + ")" : ""));
        if (unit.failed() > 0) unit.failedTests().forEach(f -> System.out.println("  FAIL  " + f));
        if (mvnRc != 0 && unit.failed() == 0) MavenLog.errors(log, 40).forEach(l -> System.out.println("  " + l));
        if (mvnRc != 0 || unit.failed() > 0) System.out.println("  the whole Maven output: " + log);
        Checks checks = new Checks();
        Doctor.saveReport(reportDir(Glimpse.Mode.QUICK).resolve("doctor.txt"), checks);
        InteractiveCheck.run(home, checks);
        KernelConformance.run(home, checks);
        SlurmCheck.run(checks);
        List<NotebookOutcome> nbs = runNotebooks(List.of(), Glimpse.Mode.QUICK);
        long nbFailed = nbs.stream().filter(o -> !o.ok()).count();
        System.out.println("notebooks (quick): " + (nbs.size() - nbFailed) + " passed, " + nbFailed + " failed");
        browserChecks(reportDir(Glimpse.Mode.QUICK), nbs, checks);
        List<NotebookOutcome> smoke = smokeRun();
        long smokeFailed = smoke.stream().filter(o -> !o.ok()).count();
        System.out.println("paper sections (smoke, on fixtures): " + (smoke.size() - smokeFailed) + " notebooks passed, " + smokeFailed + " failed");
        nbs = new ArrayList<>(nbs);
        nbs.addAll(smoke);
        nbFailed += smokeFailed;
        System.out.println("integration checks: " + checks.passed + " passed, " + checks.failed + " failed, " + checks.skipped + " skipped");
        // a Maven failure with no failing test (compilation, plugin) still counts as one failure
        long failed = unit.failed() + nbFailed + checks.failed + (mvnRc != 0 && unit.failed() == 0 ? 1 : 0);
        long passed = unit.passed() + (nbs.size() - nbFailed) + checks.passed;
        System.out.println(summary(passed, failed, unit, checks));
        return failed == 0 ? 0 : 1;
    }

    /** The notebooks that have a paper section: every one but the tour. */
    static final List<String> PAPER_NOTEBOOKS = List.of("01", "02", "03", "04", "05");

    /**
     * `test`'s smoke run: a fixture of every paper benchmark in its real layout under build/fixtures
     * (rewritten each time, from seed 1), then every paper notebook in smoke mode with the manifests
     * pointed at them: the paper sections run at 2 steps per stage, the CPU sections reuse the quick
     * run's cached results. Report: build/report/smoke/.
     */
    static List<NotebookOutcome> smokeRun() {
        Path root = Glimpse.buildDir().resolve("fixtures");
        System.out.println("== paper sections in smoke mode, on fixtures written to " + root);
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (BenchmarkFixtures.Folder f : new BenchmarkFixtures(BenchmarkFixtures.DEFAULT_SEED).writeAll(root))
                env.put(f.env(), f.dir().toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark fixtures under " + root + "; fix: free disk space there (about 15 MB)", e);
        }
        return runNotebooks(PAPER_NOTEBOOKS, Glimpse.Mode.SMOKE, env);
    }

    /**
     * The closing line of `test`, "N passed, N failed[, N skipped]"; when anything was skipped, a second
     * line says what and why, so a skip is never mistaken for a pass.
     */
    static String summary(long passed, long failed, SurefireSummary unit, Checks checks) {
        long skipped = unit.skipped() + checks.skipped;
        String totals = passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
        return skipped == 0 ? totals : totals + "\n" + skippedExplanation(unit, checks);
    }

    /** "skipped: 3 figure checks (why; fix: …); 1 unit test (Class.test: why)" on one line. */
    static String skippedExplanation(SurefireSummary unit, Checks checks) {
        List<String> parts = new ArrayList<>();
        checks.skipReasons.forEach((reason, n) -> parts.add(count(n, "integration check") + " (" + reason + ")"));
        if (unit.skipped() > 0) {
            String why = unit.skippedTests().isEmpty() ? "see */target/surefire-reports" : String.join("; ", unit.skippedTests());
            parts.add(count(unit.skipped(), "unit test") + " (" + why + ")");
        }
        return "skipped: " + String.join("; ", parts);
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Tallies of the integration checks that `test` runs after the notebooks, and why any were skipped. */
    static final class Checks {
        int passed, failed, skipped;
        /** reason → how many checks it skipped, in first-seen order */
        final Map<String, Integer> skipReasons = new LinkedHashMap<>();

        void add(String name, boolean ok) {
            if (ok) { passed++; System.out.println("  ok    " + name); }
            else { failed++; System.out.println("  FAIL  " + name); }
        }

        void skip(String name, String reason) {
            skipped++;
            skipReasons.merge(reason, 1, Integer::sum);
            System.out.println("  SKIP  " + name + " — " + reason);
        }
    }

    static Path reportDir(Glimpse.Mode mode) {
        return Glimpse.buildDir().resolve("report").resolve(mode.name().toLowerCase(Locale.ROOT));
    }

    /** Every executed notebook's HTML, opened in headless Chromium: all its images decode. */
    static void browserChecks(Path reportDir, List<NotebookOutcome> nbs, Checks checks) {
        browserChecks(glimpse.cli.BrowserCheck.chromium(), browserSkipReason(System.getenv("GLIMPSE_BROWSER_SKIP_REASON")), reportDir, nbs, checks);
    }

    /**
     * As above with the browser found (null: none) and the reason to give when there is none. A page that
     * draws no figure and says why ({@link glimpse.report.Figures#skipped}: 06-results before any claim is
     * recorded) is a skip with the notebook's reason when its formulas render; the index check, whose
     * thumbnails are the pages' figures, is then skipped too when no page drew one.
     */
    static void browserChecks(String chromium, String skipReason, Path reportDir, List<NotebookOutcome> nbs, Checks checks) {
        boolean figuresOnlySkipped = true;
        for (NotebookOutcome o : nbs) {
            String name = o.notebook() + ": figures and equations render in headless Chromium";
            if (chromium == null) { checks.skip(name, skipReason); continue; }
            if (o.htmlLink() == null) { checks.add(name, false); figuresOnlySkipped = false; continue; }
            Path page = reportDir.resolve(o.htmlLink());
            var r = glimpse.cli.BrowserCheck.check(chromium, page);
            if (r.ok() && r.onlySkippedFigures())
                checks.skip(name, o.notebook() + " drew no figure (" + r.math() + " formulas rendered): " + String.join("; ", r.figuresSkipped()));
            else checks.add(name + " (" + r.describe() + ")", r.ok());
            figuresOnlySkipped &= r.ok() && r.onlySkippedFigures();
            screenshot(chromium, page, reportDir.resolve("screenshots").resolve(o.notebook() + ".png"), 3000, null);
            // the page from its first table on: where the paper-shaped tables are
            screenshot(chromium, page, reportDir.resolve("screenshots").resolve(o.notebook() + "-tables.png"), 3000, "table.glimpse-table");
        }
        Path index = reportDir.resolve("index.html");
        if (chromium != null && !nbs.isEmpty() && Files.isRegularFile(index)) {
            String name = "report index: thumbnails decode in headless Chromium";
            if (figuresOnlySkipped) checks.skip(name, "no notebook of this run drew a figure to make a thumbnail of (each said why, above)");
            else {
                var r = glimpse.cli.BrowserCheck.check(chromium, index);
                checks.add(name + " (" + r.describe() + ")", r.ok());
            }
            screenshot(chromium, index, reportDir.resolve("screenshots").resolve("index.png"), 1100, null);
        }
    }

    /** Keeps what the browser showed, for a reader of the test log; a failed screenshot is said, not counted. */
    private static void screenshot(String chromium, Path page, Path png, int height, String fromSelector) {
        String err = glimpse.cli.BrowserCheck.screenshot(chromium, page, png, 1400, height, fromSelector);
        System.out.println(err == null ? "        screenshot: " + png : "        no screenshot of " + page.getFileName() + ": " + err);
    }

    /**
     * Why the figure checks cannot run, and how to enable them. The launcher's set-up (ensure_browser) says
     * why it could not install chromium; without the launcher (or with its reason lost) a generic one.
     */
    static String browserSkipReason(String fromSetup) {
        if (fromSetup != null && !fromSetup.isBlank()) return fromSetup.strip();
        return "no chromium, chromium-browser or google-chrome on PATH; fix: apt-get install -y chromium"
                + " (./glimpse test does it when run as root)";
    }

    /** `check-interactive`: only the browser test of interactive use (the part of `test` it is). */
    static int checkInteractive() {
        Checks checks = new Checks();
        InteractiveCheck.run(Glimpse.home(), checks);
        System.out.println(checks.passed + " passed, " + checks.failed + " failed" + (checks.skipped > 0 ? ", " + checks.skipped + " skipped" : ""));
        return checks.failed == 0 && checks.skipped == 0 ? 0 : 1;
    }

    /**
     * `notebook`: classic Jupyter Notebook (or JupyterLab where only it is installed) on loopback,
     * serving notebooks/ with the Glimpse kernelspec on JUPYTER_PATH; prints the URL with its token.
     */
    static int notebook(List<String> args) {
        Path home = Glimpse.home();
        String jupyter = onPath("jupyter-notebook");
        if (jupyter == null) jupyter = onPath("jupyter-lab");
        if (jupyter == null) throw new IllegalStateException("neither jupyter-notebook nor jupyter-lab is on PATH; fix: apt-get install -y"
                + " jupyter-notebook (./glimpse notebook does it as root), or pip install notebook (or jupyterlab)");
        KernelChoice choice = installKernel(home);
        String port = Glimpse.setting("glimpse.notebook.port", "GLIMPSE_NOTEBOOK_PORT", "8888");
        String token = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
        List<String> cmd = new ArrayList<>(List.of(jupyter, "--no-browser", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
                "--notebook-dir=" + home.resolve("notebooks")));
        if ("root".equals(System.getProperty("user.name"))) cmd.add("--allow-root");
        cmd.addAll(args);
        System.out.printf("""
                kernel: %s (%s), shown as "%s"
                Jupyter on loopback only; open in a browser on this machine (or through an SSH tunnel to port %s):
                  http://127.0.0.1:%s/tree?token=%s
                Notebooks opened by hand run in quick mode unless GLIMPSE_MODE=full is set. Stop the server with Ctrl-C.%n""",
                choice.kind().name().toLowerCase(Locale.ROOT), choice.reason(), KernelSpec.DISPLAY_NAME, port, port, token);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).inheritIO();
        pb.environment().put("JUPYTER_TOKEN", token);
        pb.environment().put("GLIMPSE_HOME", home.toString());
        pb.environment().merge("JUPYTER_PATH", KernelSpec.jupyterPath(home).toString(), (old, add) -> add + java.io.File.pathSeparator + old);
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jupyter + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The full path of a command on PATH, or null. */
    static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    static int kernel() {
        Path home = Glimpse.home();
        KernelChoice choice = installKernel(home);
        Path jp = KernelSpec.jupyterPath(home);
        System.out.println("""
                kernel: %s (%s)
                kernelspec: %s
                To use it interactively: ./glimpse notebook (classic Jupyter Notebook on loopback), or
                  JUPYTER_PATH=%s jupyter lab notebooks/
                or install it for your user (needs jupyter-client: pip install jupyter-client; Debian: python3-jupyter-client):
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
        return runNotebooks(names, mode, Map.of());
    }

    static List<NotebookOutcome> runNotebooks(List<String> names, Glimpse.Mode mode, Map<String, String> environment) {
        Path home = Glimpse.home();
        List<Path> notebooks = NotebookRunner.select(home, names);
        KernelChoice choice = installKernel(home);
        System.out.println("kernel: " + choice.kind().name().toLowerCase(Locale.ROOT) + " — " + choice.reason());
        String python = Glimpse.setting("glimpse.python", "GLIMPSE_PYTHON", "python3");
        Path reportDir = reportDir(mode);
        NotebookRunner runner = new NotebookRunner(home, reportDir, mode, python, environment);
        List<NotebookOutcome> outcomes = new ArrayList<>();
        for (Path nb : notebooks) {
            outcomes.add(runner.run(nb));
            // rewrite the index after every notebook, so an interrupted run still has a report
            HtmlReport.update(reportDir, mode.name().toLowerCase(Locale.ROOT), KernelSpec.describe(choice), outcomes);
        }
        Path index = HtmlReport.update(reportDir, mode.name().toLowerCase(Locale.ROOT), KernelSpec.describe(choice), outcomes);
        System.out.println("report: " + index);
        System.out.println("kernel start retries: " + runner.kernelStartRetries() + " over " + notebooks.size() + " notebooks (goal 0)");
        return outcomes;
    }

}
