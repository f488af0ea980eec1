package glimpse.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import glimpse.Glimpse;
import glimpse.data.Datasets;
import glimpse.data.SourceFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bad-input matrix: one row per way the input can be wrong. Every row checks that
 * <ol>
 *   <li>the error names the file (or cell), the manifest (or notebook) and the fix — by text;</li>
 *   <li>where the case goes through the CLI ({@link Main#run}), the exit status is 1;</li>
 *   <li>nothing is written that a later run could take for a result: the files under the
 *       sandbox home (its build/cache included) after the failure are those before it plus
 *       exactly the row's expected logs.</li>
 * </ol>
 * Each row runs in a sandbox home (a temp folder with data-manifests/ and build/), selected with
 * the glimpse.home/build/cache system properties, so no row touches the repository's build/.
 */
class BadInputMatrixTest {

    /** What a row observed: the exit status (null: not a CLI case), the error text, what it must say, the files it may write. */
    record Failure(Integer exit, String text, List<String> mustSay, Set<Path> mayWrite) {
        static Failure cli(Cli r, List<String> mustSay) { return new Failure(r.rc(), r.out() + r.err(), mustSay, Set.of()); }
        static Failure api(Throwable e, List<String> mustSay) { return new Failure(null, e.getMessage(), mustSay, Set.of()); }
    }

    /** A row: writes its fixtures into the sandbox, then returns the failing action to observe. */
    interface Row { Action arrange(Sandbox sb) throws Exception; }
    interface Action { Failure act() throws Exception; }

    static Arguments row(String name, Row row) { return Arguments.of(Named.of(name, row)); }

    static Stream<Arguments> rows() {
        return Stream.of(
                // ---- dataset files (IDX reader, Fashion-MNIST layout, the real manifest pointed at a temp folder) ----
                row("dataset file missing", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    Files.delete(data.resolve("train-labels-idx1-ubyte.gz"));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "is missing (train-labels-idx1-ubyte.gz)", data.resolve("train-labels-idx1-ubyte.gz").toString(),
                            sb.manifest("fashion-mnist").toString(),
                            "set GLIMPSE_FASHION_MNIST_DIR to a folder holding", "sudo apt-get install dataset-fashion-mnist"));
                }),
                row("dataset file truncated (gzip cut short)", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    Path f = data.resolve("train-images-idx3-ubyte.gz");
                    byte[] gz = Files.readAllBytes(f);
                    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Corrupt gzip data", "cut short", f.toString(), sb.manifest("fashion-mnist").toString(),
                            "replace train-images-idx3-ubyte.gz with an intact copy", "sudo apt-get install --reinstall dataset-fashion-mnist"));
                }),
                row("dataset file truncated (content cut short, gzip intact)", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    Path f = data.resolve("t10k-images-idx3-ubyte.gz");
                    byte[] raw = fashionImages(2, IDX_IMAGES);
                    Files.write(f, gzip(Arrays.copyOf(raw, raw.length - 100)));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Size mismatch: " + (raw.length - 100) + " bytes decoded, manifest says " + raw.length, f.toString(),
                            sb.manifest("fashion-mnist").toString(), "replace t10k-images-idx3-ubyte.gz with an intact copy"));
                }),
                row("dataset file with the wrong magic number (manifest pins no checksum)", sb -> {
                    // the labels' magic number in the images file; without a pinned checksum only the header can tell
                    Path data = sb.fashionMnist(Map.of("train-images-idx3-ubyte.gz", fashionImages(3, IDX_LABELS)), "train-images-idx3-ubyte.gz");
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Not an IDX image file (magic number 0x00000801, expected 0x00000803)",
                            data.resolve("train-images-idx3-ubyte.gz").toString(), sb.manifest("fashion-mnist").toString(),
                            "replace train-images-idx3-ubyte.gz with an intact copy"));
                }),
                row("dataset file with the wrong checksum", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    byte[] other = fashionImages(3, IDX_IMAGES);
                    other[500] ^= 1;
                    Files.write(data.resolve("train-images-idx3-ubyte.gz"), gzip(other));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Checksum mismatch: sha256 " + SourceFiles.sha256(other), "the file is not the one the manifest describes",
                            data.resolve("train-images-idx3-ubyte.gz").toString(), sb.manifest("fashion-mnist").toString(),
                            "sudo apt-get install --reinstall dataset-fashion-mnist"));
                }),
                row("dataset file with the wrong checksum in the download cache", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    Path downloads = Files.createDirectories(sb.cache.resolve("downloads/fashion-mnist"));
                    try (var s = Files.list(data)) {
                        for (Path p : s.toList()) Files.move(p, downloads.resolve(p.getFileName()));
                    }
                    byte[] other = fashionLabels(2);
                    other[9] = 7;
                    Files.write(downloads.resolve("t10k-labels-idx1-ubyte.gz"), gzip(other));
                    Path f = downloads.resolve("t10k-labels-idx1-ubyte.gz");
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Checksum mismatch", f.toString(), sb.manifest("fashion-mnist").toString(),
                            "delete " + f + " so that it is re-downloaded from http://fashion-mnist.s3-website"));
                }),
                row("download that does not match the manifest", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    Map<String, byte[]> served = new HashMap<>();
                    try (var s = Files.list(data)) {
                        for (Path p : s.toList()) { served.put(p.getFileName().toString(), Files.readAllBytes(p)); Files.delete(p); }
                    }
                    byte[] other = fashionImages(3, IDX_IMAGES);
                    other[100] ^= 1;
                    served.put("train-images-idx3-ubyte.gz", gzip(other));   // the first file the manifest lists
                    String url = sb.serve(served);
                    sb.editManifest("fashion-mnist", j -> j.getAsJsonObject("source").addProperty("url", url));
                    System.setProperty("glimpse.download", "true");
                    Path target = sb.cache.resolve("downloads/fashion-mnist/train-images-idx3-ubyte.gz");
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "The download " + url + "train-images-idx3-ubyte.gz is not the file the manifest describes",
                            "Checksum mismatch", "it was not kept", target.toString(), sb.manifest("fashion-mnist").toString(),
                            "obtain a verified copy and set GLIMPSE_FASHION_MNIST_DIR to its folder"));
                }),

                // ---- manifests ----
                row("manifest that is not valid JSON", sb -> {
                    sb.fashionMnist(Map.of());
                    Path file = sb.manifest("fashion-mnist");
                    List<String> lines = Files.readAllLines(file);
                    assertTrue(lines.get(2).endsWith(","), "fixture: line 3 ends with a comma: " + lines.get(2));
                    lines.set(2, lines.get(2).substring(0, lines.get(2).length() - 1));    // drop it: line 4 is where the parser stops
                    Files.write(file, lines);
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Manifest is not valid JSON at line 4", file + ":4", "correct line 4 of fashion-mnist.json"));
                }),
                row("manifest that names an unknown reader", sb -> {
                    sb.fashionMnist(Map.of());
                    sb.editManifest("fashion-mnist", j -> j.addProperty("reader", "idx3"));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "Unknown reader 'idx3'", sb.manifest("fashion-mnist").toString(),
                            "set \"reader\" to one of cifar-binary, cub, emoji, glyph-diacritics, glyphs, idx, image-folder, image-list, retrieval-list, stanford-cars"));
                }),
                row("split that the manifest does not have", sb -> {
                    sb.fashionMnist(Map.of());
                    return () -> Failure.api(assertThrows(glimpse.data.DatasetException.class,
                            () -> Datasets.load("fashion-mnist").split("validation")), List.of(
                            "Dataset 'fashion-mnist' has no split 'validation'; it has train, test", sb.manifest("fashion-mnist").toString(),
                            "ask for one of train, test, or add 'validation' to \"splits\" in fashion-mnist.json"));
                }),
                row("manifest split that names a file \"files\" does not list", sb -> {
                    Path data = sb.fashionMnist(Map.of());
                    sb.editManifest("fashion-mnist", j -> j.getAsJsonObject("splits").addProperty("test", "t10k-images-idx3-ubyte.gz t10k-labels.gz"));
                    Files.copy(data.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("t10k-labels.gz"));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnist"), List.of(
                            "A split uses t10k-labels.gz, which \"files\" does not list", data.resolve("t10k-labels.gz").toString(),
                            sb.manifest("fashion-mnist").toString(), "add {\"name\": \"t10k-labels.gz\""));
                }),
                row("manifest that points to an unset environment variable", sb -> {
                    assumeTrue(System.getenv("GLIMPSE_BADINPUT_UNSET_DIR") == null, "GLIMPSE_BADINPUT_UNSET_DIR is set in this environment");
                    sb.fashionMnist(Map.of());
                    Files.move(sb.manifest("fashion-mnist"), sb.manifest("my-idx"));
                    sb.editManifest("my-idx", j -> {
                        j.addProperty("id", "my-idx");
                        JsonObject src = new JsonObject();
                        src.addProperty("kind", "user-directory");
                        src.addProperty("env", "GLIMPSE_BADINPUT_UNSET_DIR");
                        src.addProperty("layout", "IDX, gzip");
                        j.add("source", src);
                    });
                    return () -> Failure.cli(sb.cli("data", "check", "my-idx"), List.of(
                            "Dataset 'my-idx' is missing (train-images-idx3-ubyte.gz): GLIMPSE_BADINPUT_UNSET_DIR is not set",
                            sb.manifest("my-idx").toString(), "set GLIMPSE_BADINPUT_UNSET_DIR to a folder holding train-images-idx3-ubyte.gz"));
                }),
                row("unknown dataset id", sb -> {
                    sb.fashionMnist(Map.of());
                    Files.copy(sb.manifest("fashion-mnist"), sb.manifest("cifar-10"));
                    return () -> Failure.cli(sb.cli("data", "check", "fashion-mnst"), List.of(
                            "Unknown dataset 'fashion-mnst'; known datasets: cifar-10, fashion-mnist", sb.manifest("fashion-mnst").toString(),
                            "use one of the known ids, or describe the dataset in fashion-mnst.json"));
                }),

                // ---- notebooks (NotebookRunner → environment/execute_notebook.py → nbclient) ----
                row("notebook cell that throws", sb -> {
                    String python = sb.pythonWithNbclient();
                    sb.realJavaKernel();
                    Path out = sb.home.resolve("build/report/quick");
                    return () -> {
                        NotebookOutcome o = new NotebookRunner(sb.home, out, Glimpse.Mode.QUICK, python).run(THROWS);
                        assertFalse(o.ok(), "a throwing cell fails the notebook (and so `glimpse run`)");
                        Path ipynb = out.resolve("notebooks/throws.ipynb");
                        // the partial notebook is kept, for inspection: cell 1's output (42), no output for cell 3
                        JsonArray cells = JsonParser.parseString(Files.readString(ipynb)).getAsJsonObject().getAsJsonArray("cells");
                        List<JsonObject> code = cells.asList().stream().map(c -> c.getAsJsonObject())
                                .filter(c -> c.get("cell_type").getAsString().equals("code")).toList();
                        assertTrue(code.get(0).getAsJsonArray("outputs").toString().contains("42"), code.get(0).toString());
                        assertTrue(code.get(2).getAsJsonArray("outputs").isEmpty(), code.get(2).toString());
                        // the partial notebook's page renders with the report's own assets (KaTeX, styles), and nothing else is written
                        Set<Path> expected = new java.util.HashSet<>(Set.of(ipynb, out.resolve("notebooks/throws.html"),
                                out.resolve("notebooks/throws.kernel.log"), out.resolve("notebooks/throws.stderr.txt")));
                        Path elsewhere = Files.createTempDirectory("glimpse-assets");
                        for (Path a : ReportAssets.install(elsewhere)) expected.add(out.resolve(elsewhere.relativize(a).toString()));
                        try (var walk = Files.walk(elsewhere)) {
                            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                        }
                        return new Failure(null, o.message(), List.of(THROWS.toString(), "cell 2 of 3", "deliberate failure in cell 2",
                                "partial notebook: " + ipynb, "fix: correct cell 2 of " + THROWS), expected);
                    };
                }),
                row("kernel that exits at once", sb -> kernelNeverStarts(sb, "echo 'kernel refuses to start' >&2; exit 3", 2, 5,
                        "Kernel died before replying to kernel_info")),
                row("kernel that never answers", sb -> kernelNeverStarts(sb, "exec sleep 613", 1, 3, "Kernel didn't respond in 3 seconds")),

                // ---- results and checkpoints (ResultCache, Checkpoint); /dev/full simulates the full disk ----
                row("full disk while writing a result", sb -> {
                    assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full to simulate a full disk");
                    Path file = glimpse.experiment.ResultCache.fileFor("exp", List.of("spec"));
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(glimpse.AtomicWrites.temporaryFor(file), Path.of("/dev/full"));
                    return () -> Failure.api(assertThrows(java.io.UncheckedIOException.class, () -> glimpse.experiment.ResultCache.getOrCompute(
                            "exp", List.of("spec"), Double.class, checkpoints -> 0.5)), List.of(file.toString(), "No space left on device", "Nothing was cached",
                            "free disk space (or set GLIMPSE_CACHE"));
                }),
                row("full disk while writing a checkpoint", sb -> {
                    assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full to simulate a full disk");
                    Path dir = Files.createDirectories(sb.cache.resolve("runs/exp/fit-0"));
                    Files.createSymbolicLink(dir.resolve("checkpoint.bin.tmp"), Path.of("/dev/full"));
                    return () -> Failure.api(assertThrows(java.io.UncheckedIOException.class, () -> glimpse.train.TrainingProbe.trainWithCheckpoints(dir, 3)),
                            List.of(dir.resolve("checkpoint.bin").toString(), "No space left on device", "Training stopped at step 3",
                                    "Free disk space", "it resumes from that checkpoint"));
                }),
                row("interrupted run (kill -9 mid-training)", sb -> {
                    Map<String, String> props = Map.of("glimpse.cache", sb.cache.toString(), "glimpse.checkpointSeconds", "0.3");
                    Path outside = sb.home.getParent();      // logs and the control run live beside the sandbox, not in it
                    Path killedLog = outside.resolve("killed.log"), resumedLog = outside.resolve("resumed.log");
                    return () -> {
                        Process p = glimpse.testing.ChildJvm.start(glimpse.train.TrainingProbe.class, props, killedLog, "150");
                        Path ckpt = null;
                        for (long end = System.nanoTime() + 120_000_000_000L; ckpt == null && p.isAlive() && System.nanoTime() < end; Thread.sleep(20))
                            ckpt = sb.find("checkpoint.bin");
                        assertNotNull(ckpt, "a checkpoint before the end of training:\n" + Files.readString(killedLog));
                        p.destroyForcibly().waitFor();       // SIGKILL: no shutdown hook, no tidying up
                        assertEquals(137, p.exitValue());
                        assertNull(sb.find(".json"), "the killed run stored no result");
                        String resumed = glimpse.testing.ChildJvm.run(glimpse.train.TrainingProbe.class, props, resumedLog, 300, "150");
                        String whole = glimpse.testing.ChildJvm.run(glimpse.train.TrainingProbe.class, Map.of("glimpse.cache",
                                outside.resolve("uninterrupted").toString()), outside.resolve("whole.log"), 300, "150");
                        int from = Integer.parseInt(resumed.replaceAll("(?s).*resumedFrom (\\d+).*", "$1"));
                        assertTrue(from > 0 && from < 150, "resumed mid-training, at step " + from);
                        assertEquals(glimpse.testing.ChildJvm.result(whole), glimpse.testing.ChildJvm.result(resumed),
                                "weights, loss curve and predictions bit-identical to an uninterrupted run");
                        assertNull(sb.find("checkpoint.bin"), "the finished experiment's checkpoints are removed");
                        Path result;
                        try (var s = Files.list(sb.cache.resolve("results"))) { result = s.findFirst().orElseThrow(); }
                        return new Failure(null, resumed, List.of("resuming from " + sb.cache.resolve("runs"), "at step " + from + " of 150"),
                                Set.of(result));
                    };
                })
        );
    }

    /**
     * A kernelspec whose kernel runs {@code script} instead of a kernel. The executor must give up
     * after {@code attempts} starts of {@code timeoutS} seconds (GLIMPSE_KERNEL_START_*), say that
     * the kernel did not start, name the notebook, the kernel log and the fix, and write no
     * executed notebook; an earlier run's output for that notebook is removed.
     */
    static Action kernelNeverStarts(Sandbox sb, String script, int attempts, int timeoutS, String cause) throws IOException {
        String python = sb.pythonWithNbclient();
        Path spec = Files.createDirectories(KernelSpec.jupyterPath(sb.home).resolve("kernels").resolve(KernelSpec.NAME));
        JsonObject json = new JsonObject();
        JsonArray argv = new JsonArray();
        for (String a : List.of("sh", "-c", script, "{connection_file}")) argv.add(a);
        json.add("argv", argv);
        json.addProperty("display_name", "broken kernel (BadInputMatrixTest)");
        json.addProperty("language", "java");
        Files.writeString(spec.resolve("kernel.json"), json.toString());
        System.setProperty("glimpse.kernel.start.attempts", String.valueOf(attempts));
        System.setProperty("glimpse.kernel.start.timeout", String.valueOf(timeoutS));
        Path out = sb.home.resolve("build/report/quick");
        Path stale = Files.createDirectories(out.resolve("notebooks")).resolve("throws.html");
        Files.writeString(stale, "<html>an earlier run's output</html>");
        Files.writeString(out.resolve("notebooks/throws.ipynb"), "{}");
        Path log = out.resolve("notebooks/throws.kernel.log");
        return () -> {
            NotebookOutcome o = new NotebookRunner(sb.home, out, Glimpse.Mode.QUICK, python).run(THROWS);
            assertFalse(o.ok());
            assertTrue(o.wallSeconds() < 20.0 * attempts + 10, "bounded by GLIMPSE_KERNEL_START_*: " + o.wallSeconds() + " s");
            assertFalse(Files.exists(stale) || Files.exists(out.resolve("notebooks/throws.ipynb")),
                    "no executed notebook, and no earlier one left to pass for this run's");
            assertNull(o.htmlLink(), "the report links no executed notebook");
            if (script.startsWith("echo"))
                assertEquals(attempts, Files.readString(log).split("kernel refuses to start", -1).length - 1, "each start's output is in the kernel log");
            else
                assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 613")),
                        "the kernel that never answered was stopped");
            return new Failure(null, o.message(), List.of(THROWS + ": the kernel 'glimpse-java' did not start",
                    attempts + " attempt(s) of " + timeoutS + " s each", cause, "kernel log: " + log, "kernelspec: " + spec,
                    "fix: read the kernel log", "./glimpse kernel", "GLIMPSE_KERNEL_START_TIMEOUT"),
                    Set.of(log, out.resolve("notebooks/throws.stderr.txt")));
        };
    }

    static final Path REAL_HOME = Glimpse.home();
    static final Path THROWS = REAL_HOME.resolve("lib/src/test/resources/notebooks/throws.ipynb");

    @TempDir Path tmp;
    private final Map<String, String> savedProperties = new LinkedHashMap<>();
    private Sandbox sandbox;

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void failsClearlyExitsNonZeroAndWritesNothing(Row row) throws Exception {
        // rows set some of these themselves; all are restored afterwards
        for (String key : List.of("glimpse.download", "glimpse.kernel.start.attempts", "glimpse.kernel.start.timeout"))
            savedProperties.put(key, System.getProperty(key));
        sandbox = new Sandbox(tmp, this::setProperty);
        Action action = row.arrange(sandbox);
        Set<Path> before = sandbox.files();
        Failure f = action.act();
        Set<Path> after = sandbox.files();

        assertNotNull(f.text(), "an error message");
        for (String s : f.mustSay()) assertTrue(f.text().contains(s), "the error should say «" + s + "»:\n" + f.text());
        if (f.exit() != null) assertEquals(1, f.exit(), "the CLI's exit status:\n" + f.text());
        Set<Path> written = new TreeSet<>(after);
        written.removeAll(before);
        // the kernel's cell history (build/kernel/history, for history_request) records what ran; it is no result
        written.removeIf(p -> p.toString().replace('\\', '/').contains("/build/kernel/history/"));
        assertEquals(new TreeSet<>(f.mayWrite()), written, "files written by the failing run (the cache under " + sandbox.cache + " included)");
    }

    /** The control for the download row: the same fixture, served intact, downloads, verifies (decoded .gz content) and loads. */
    @org.junit.jupiter.api.Test
    void theDownloadRowsFixtureLoadsWhenTheServerIsRight() throws Exception {
        savedProperties.put("glimpse.download", System.getProperty("glimpse.download"));
        sandbox = new Sandbox(tmp, this::setProperty);
        Path data = sandbox.fashionMnist(Map.of());
        Map<String, byte[]> served = new HashMap<>();
        try (var s = Files.list(data)) {
            for (Path p : s.toList()) { served.put(p.getFileName().toString(), Files.readAllBytes(p)); Files.delete(p); }
        }
        String url = sandbox.serve(served);
        sandbox.editManifest("fashion-mnist", j -> j.getAsJsonObject("source").addProperty("url", url));
        System.setProperty("glimpse.download", "true");
        Cli r = sandbox.cli("data", "check", "fashion-mnist");
        assertEquals(0, r.rc(), r.out() + r.err());
        try (var s = Files.list(sandbox.cache.resolve("downloads/fashion-mnist"))) {
            assertEquals(new TreeSet<>(served.keySet()), new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()), "the four files, no partial ones");
        }
    }

    private void setProperty(String key, String value) {
        savedProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @AfterEach
    void restore() {
        savedProperties.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
        if (sandbox != null) sandbox.close();
    }

    // ---------------------------------------------------------------------------------------------

    /** A home folder of its own: data-manifests/, build/, build/cache; the system properties point at it. */
    static final class Sandbox {
        final Path home, build, cache, data;
        private HttpServer server;

        Sandbox(Path tmp, java.util.function.BiConsumer<String, String> setProperty) throws IOException {
            home = Files.createDirectories(tmp.resolve("home"));
            Files.createDirectories(home.resolve("data-manifests"));
            build = home.resolve("build");
            cache = build.resolve("cache");
            data = Files.createDirectories(tmp.resolve("fashion-mnist-files"));
            setProperty.accept("glimpse.home", home.toString());
            setProperty.accept("glimpse.build", build.toString());
            setProperty.accept("glimpse.cache", cache.toString());
            setProperty.accept("glimpse.download", "false");
            setProperty.accept("glimpse.dir.fashion-mnist", data.toString());   // wins over a GLIMPSE_FASHION_MNIST_DIR set here
        }

        Path manifest(String id) { return home.resolve("data-manifests").resolve(id + ".json"); }

        /**
         * Tiny Fashion-MNIST files (3 train, 2 test images of 28×28; {@code override} replaces a
         * file's raw content) and the repository's manifest with its source path pointed at them
         * and its checksums those of the fixture (none for the files in {@code unpinned}).
         */
        Path fashionMnist(Map<String, byte[]> override, String... unpinned) throws IOException {
            Map<String, byte[]> raw = new LinkedHashMap<>();
            raw.put("train-images-idx3-ubyte.gz", fashionImages(3, IDX_IMAGES));
            raw.put("train-labels-idx1-ubyte.gz", fashionLabels(3));
            raw.put("t10k-images-idx3-ubyte.gz", fashionImages(2, IDX_IMAGES));
            raw.put("t10k-labels-idx1-ubyte.gz", fashionLabels(2));
            raw.putAll(override);
            JsonObject j = JsonParser.parseString(Files.readString(REAL_HOME.resolve("data-manifests/fashion-mnist.json"))).getAsJsonObject();
            j.getAsJsonObject("source").addProperty("path", data.toString());
            JsonArray files = new JsonArray();
            for (var e : raw.entrySet()) {
                Files.write(data.resolve(e.getKey()), gzip(e.getValue()));
                JsonObject f = new JsonObject();
                f.addProperty("name", e.getKey());
                if (!List.of(unpinned).contains(e.getKey())) {
                    f.addProperty("contentSha256", SourceFiles.sha256(e.getValue()));
                    f.addProperty("contentBytes", e.getValue().length);
                }
                files.add(f);
            }
            j.add("files", files);
            Files.writeString(manifest("fashion-mnist"), new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(j));
            return data;
        }

        void editManifest(String id, java.util.function.Consumer<JsonObject> edit) throws IOException {
            JsonObject j = JsonParser.parseString(Files.readString(manifest(id))).getAsJsonObject();
            edit.accept(j);
            Files.writeString(manifest(id), new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(j));
        }

        /** Serves these files over HTTP on a free local port; returns the base URL. */
        String serve(Map<String, byte[]> files) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                byte[] body = files.get(ex.getRequestURI().getPath().substring(1));
                ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        /** The runner's copy of the executor and startup script; a kernelspec for the real Java kernel, running in this home. */
        void realJavaKernel() throws IOException {
            KernelChoice choice;
            List<Path> classpath;
            try {
                choice = KernelChoice.decide(KernelChoice.fromEnvironment(NotebookCommands.rapaioJar(REAL_HOME)));
                classpath = NotebookCommands.kernelClasspath(REAL_HOME);
            } catch (IllegalStateException e) {
                assumeTrue(false, "no Java kernel built here (" + e.getMessage() + ")");
                return;
            }
            KernelSpec.write(home, choice, classpath, "1g");
        }

        /** GLIMPSE_PYTHON, else the first python3 that imports nbclient and nbconvert (as environment/setup.sh picks it). */
        String pythonWithNbclient() throws IOException {
            for (String dir : List.of("environment", "environment/startup")) Files.createDirectories(home.resolve(dir));
            Files.copy(REAL_HOME.resolve("environment/execute_notebook.py"), home.resolve("environment/execute_notebook.py"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(REAL_HOME.resolve("environment/startup/startup.jsh"), home.resolve("environment/startup/startup.jsh"), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(home.resolve("notebooks"));
            for (String c : new String[] {Glimpse.setting("glimpse.python", "GLIMPSE_PYTHON", null), "/usr/bin/python3", "python3"}) {
                if (c == null) continue;
                try {
                    Process p = new ProcessBuilder(c, "-c", "import nbclient, nbconvert").redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    if (p.waitFor() == 0) return c;
                } catch (IOException | InterruptedException ignored) {
                    // not this one
                }
            }
            assumeTrue(false, "no python3 with nbclient and nbconvert (apt-get install python3-nbclient jupyter-nbconvert)");
            return null;
        }

        /** Every regular file under the home (the cache, the report folder and the kernelspec included). */
        /** The first file under the sandbox whose name ends with {@code suffix}, or null. */
        Path find(String suffix) throws IOException {
            try (var s = Files.walk(home)) {
                return s.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f)).findFirst().orElse(null);
            }
        }

        Set<Path> files() throws IOException {
            try (var s = Files.walk(home)) {
                return new TreeSet<>(s.filter(Files::isRegularFile).toList());
            }
        }

        Cli cli(String... args) {
            PrintStream out = System.out, err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
            try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
                System.setOut(po);
                System.setErr(pe);
                int rc = Main.run(args);
                return new Cli(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }

        void close() { if (server != null) server.stop(0); }
    }

    record Cli(int rc, String out, String err) {}

    static final int IDX_IMAGES = 0x00000803, IDX_LABELS = 0x00000801;

    static byte[] fashionImages(int n, int magic) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 28 * 28);
        b.putInt(magic).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n * 28 * 28; i++) b.put((byte) (i * 7));
        return b.array();
    }

    static byte[] fashionLabels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(IDX_LABELS).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) (9 - i));
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) { gz.write(raw); }
        return out.toByteArray();
    }
}
