package glimpse.experiment;

import glimpse.SpecJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cache never shows a number the current code did not compute. */
class ResultCacheTest {
    @TempDir Path cache;

    record Spec(String task, int steps) {}
    record Result(double accuracy) {}

    private String runLogBefore;

    @BeforeEach void useTempCache() {
        System.setProperty("glimpse.cache", cache.toString());
        runLogBefore = System.setProperty("glimpse.runLog", cache.resolve("run.log").toString());
    }
    @AfterEach void restore() {
        System.clearProperty("glimpse.cache");
        if (runLogBefore == null) System.clearProperty("glimpse.runLog"); else System.setProperty("glimpse.runLog", runLogBefore);
        System.clearProperty("glimpse.codeVersion");
    }

    private static String captured(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try { r.run(); } finally { System.setOut(old); }
        return out.toString();
    }

    interface PlugIn {}
    record PlainMethod() implements PlugIn {}
    record OtherMethod() implements PlugIn {}
    record WithPlugIn(PlugIn method, int steps) {}

    @Test
    void plugInsWithTheSameFieldsStillGetDifferentKeys() {
        Path a = ResultCache.fileFor("exp", new WithPlugIn(new PlainMethod(), 3));
        Path b = ResultCache.fileFor("exp", new WithPlugIn(new OtherMethod(), 3));
        assertNotEquals(a, b, "two plug-in records with no fields serialise to the same JSON unless their type is in the key");
        assertEquals(a, ResultCache.fileFor("exp", new WithPlugIn(new PlainMethod(), 3)));
        assertTrue(SpecJson.of(new WithPlugIn(new PlainMethod(), 3)).contains(PlainMethod.class.getName()));
    }

    record OnData(String dataset, int steps) {}

    @Test
    void smokeKeysAsQuickBecauseItsCpuSectionsRunQuicksSpecsAndNeverAsPaper() {
        OnData spec = new OnData("glyphs", 3);
        try {
            System.setProperty("glimpse.mode", "quick");
            Path quick = ResultCache.fileFor("exp", spec);
            System.setProperty("glimpse.mode", "smoke");
            assertEquals(quick, ResultCache.fileFor("exp", spec), "smoke's CPU sections reuse quick mode's results");
            Path smoke = ResultCache.fileFor("exp", spec);
            System.setProperty("glimpse.mode", "paper");
            assertNotEquals(smoke, ResultCache.fileFor("exp", spec), "a smoke result is never shown for a paper-mode spec");
            System.setProperty("glimpse.mode", "full");
            assertNotEquals(smoke, ResultCache.fileFor("exp", spec));
        } finally {
            System.clearProperty("glimpse.mode");
        }
    }

    @Test
    void aResultComputedOnFixtureDataIsNeverKeyedLikeOneOnTheRealBenchmark() throws Exception {
        OnData spec = new OnData("cub-200-2011", 3);
        OnData embedded = new OnData("glyphs", 3);
        Path real = ResultCache.fileFor("exp", spec);
        Path glyphs = ResultCache.fileFor("exp", embedded);
        Path cub = cache.resolve("cub");
        java.nio.file.Files.createDirectories(cub);
        System.setProperty("glimpse.dir.cub-200-2011", cub.toString());
        try {
            assertEquals(real, ResultCache.fileFor("exp", spec), "a real data folder keeps the key it always had");
            new glimpse.data.FixtureMarker("test", 1, java.util.Map.of()).writeTo(cub);
            Path onFixture = ResultCache.fileFor("exp", spec);
            assertNotEquals(real, onFixture, "the same spec on a fixture folder must not share the real benchmark's cache file");
            assertTrue(ResultCache.fixtureData(SpecJson.of(spec)).contains("cub-200-2011"), ResultCache.fixtureData(SpecJson.of(spec)));
            assertEquals(glyphs, ResultCache.fileFor("exp", embedded), "a spec on other data keeps its key while a fixture is in use");
            assertEquals("", ResultCache.fixtureData("{\"dataset\":\"cub-200-2011-512\"}"), "an id is matched whole, not as a prefix of another");
        } finally {
            System.clearProperty("glimpse.dir.cub-200-2011");
        }
    }

    record Trained(String task, glimpse.train.TrainConfig training) {}

    @Test
    void howARunIsWatchedIsNotPartOfTheKeyAndWhatItComputesIs() {
        AtomicInteger calls = new AtomicInteger();
        glimpse.train.TrainConfig base = glimpse.train.TrainConfig.builder().steps(40).adam(1e-3f).seed(3).logEvery(10).build();
        Trained spec = new Trained("glyphs", base);
        assertEquals(new Result(1), ResultCache.getOrCompute("exp", spec, Result.class, checkpoints -> new Result(calls.incrementAndGet())));
        Trained quieter = new Trained("glyphs", base.with(b -> b.logEvery(20).checkpoints("/tmp/elsewhere", 7)));
        assertEquals(new Result(1), ResultCache.getOrCompute("exp", quieter, Result.class, checkpoints -> new Result(calls.incrementAndGet())),
                "another log interval and checkpoint cadence: the cached result");
        assertEquals(1, calls.get());
        Trained longer = new Trained("glyphs", base.with(b -> b.steps(41)));
        assertEquals(new Result(2), ResultCache.getOrCompute("exp", longer, Result.class, checkpoints -> new Result(calls.incrementAndGet())),
                "another step count: recomputed");
        Trained otherSeed = new Trained("glyphs", base.with(b -> b.seed(4)));
        assertNotEquals(ResultCache.fileFor("exp", spec), ResultCache.fileFor("exp", otherSeed));
        assertFalse(SpecJson.of(spec).contains("logEvery"), SpecJson.of(spec));
    }

    @Test
    void theCachedRunnerKeysByTheExperimentsIdAndRunsItOnce() {
        AtomicInteger calls = new AtomicInteger();
        Experiment<Spec, Result> exp = new Experiment<>() {
            public String id() { return "counting"; }
            public Class<Result> resultType() { return Result.class; }
            public Result run(Spec spec, glimpse.train.RunCheckpoints checkpoints) { return new Result(calls.incrementAndGet()); }
        };
        Spec spec = new Spec("x", 1);
        assertEquals(new Result(1), Experiments.cached(exp, spec));
        assertEquals(new Result(1), Experiments.cached(exp, spec), "the second call reads the cache");
        assertEquals(1, calls.get());
        assertTrue(Files.isRegularFile(ResultCache.fileFor("counting", spec)));
    }

    @Test
    void groupsOfSpecsComeBackInTheirGroupsInOrderAndASpecSharedByTwoGroupsRunsOnce() {
        AtomicInteger calls = new AtomicInteger();
        Experiment<Spec, Result> exp = new Experiment<>() {
            public String id() { return "grouped"; }
            public Class<Result> resultType() { return Result.class; }
            public Result run(Spec spec, glimpse.train.RunCheckpoints checkpoints) { calls.incrementAndGet(); return new Result(spec.steps()); }
        };
        var groups = java.util.List.of(java.util.List.of(new Spec("a", 1), new Spec("a", 2)), java.util.List.<Spec>of(),
                java.util.List.of(new Spec("b", 3)), java.util.List.of(new Spec("a", 2), new Spec("c", 4), new Spec("c", 5)));
        var results = Experiments.cachedAllGroups(exp, groups);
        assertEquals(java.util.List.of(java.util.List.of(new Result(1), new Result(2)), java.util.List.of(), java.util.List.of(new Result(3)),
                java.util.List.of(new Result(2), new Result(4), new Result(5))), results);
        assertEquals(5, calls.get(), "five distinct specs: the one in two groups is computed once, then read from the cache");
    }

    @Test
    void aChangeToTheComputingCodeRecomputesAndTheReuseMessageNamesTheCodeVersion() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Spec spec = new Spec("glyphs", 20);
        System.setProperty("glimpse.codeVersion", "0000aaaa0000aaaa");
        ResultCache.getOrCompute("exp", spec, Result.class, checkpoints -> new Result(calls.incrementAndGet()));
        String reuse = captured(() -> ResultCache.getOrCompute("exp", spec, Result.class, checkpoints -> new Result(calls.incrementAndGet())));
        assertEquals(1, calls.get(), "same code, same spec: reused");
        // outside a kernel: one short line per reused result; its detail (cache file, time, engine) in the run log
        String shortLine = reuse.lines().filter(l -> l.startsWith("[cache] exp: reused")).findFirst().orElseThrow(() -> new AssertionError(reuse));
        assertTrue(shortLine.contains("code 0000aaaa0000aaaa") && shortLine.length() < 100, shortLine);
        String log = Files.readString(cache.resolve("run.log"));
        assertTrue(log.contains("[cache] exp: reused the result computed ") && log.contains("by code 0000aaaa0000aaaa")
                && log.contains(ResultCache.fileFor("exp", spec).getFileName().toString()), log);

        System.setProperty("glimpse.codeVersion", "1111bbbb1111bbbb");   // what a rebuilt library with changed code reports
        String changed = captured(() -> assertEquals(new Result(2), ResultCache.getOrCompute("exp", spec, Result.class, checkpoints -> new Result(calls.incrementAndGet()))));
        assertEquals(2, calls.get(), "another code version: recomputed, the old number is not shown");
        assertTrue(changed.contains("[cache] exp: cached by another code version; computing with code 1111bbbb1111bbbb"), changed);
        assertTrue(Files.readString(cache.resolve("run.log")).contains("1 cached result(s) of this spec from other code versions are ignored"));
        try (Stream<Path> s = Files.list(cache.resolve("results"))) {
            assertEquals(1, s.count(), "the stale entry is removed once the new one is stored");
        }
        assertTrue(Files.readString(ResultCache.fileFor("exp", spec)).contains("\"codeVersion\": \"1111bbbb1111bbbb\""));
    }

    @Test
    void theFingerprintChangesWithComputingClassesAndNotWithRenderingClasses(@TempDir Path classes) throws Exception {
        Path train = classes.resolve("glimpse/train/Loop.class"), report = classes.resolve("glimpse/report/Table.class");
        Files.createDirectories(train.getParent());
        Files.createDirectories(report.getParent());
        Files.write(train, new byte[] {1, 2, 3});
        Files.write(report, new byte[] {4, 5, 6});
        String before = CodeVersion.fingerprint(classes);
        assertEquals(16, before.length());
        Files.write(report, new byte[] {4, 5, 7});
        assertEquals(before, CodeVersion.fingerprint(classes), "how a table looks does not invalidate numbers");
        Files.write(train, new byte[] {1, 2, 4});
        assertNotEquals(before, CodeVersion.fingerprint(classes), "a changed training class does");
        Files.write(train, new byte[] {1, 2, 3});
        assertEquals(before, CodeVersion.fingerprint(classes), "and it is a function of the bytes only");
    }

    @Test
    void theLibrarysOwnFingerprintIsStableAndNamesTheEngine() {
        String v = CodeVersion.current();
        assertTrue(v.matches("[0-9a-f]{16}"), v);
        assertEquals(v, CodeVersion.current());
        assertTrue(CodeVersion.engine().matches("djl 0\\.35\\.1, pytorch 2\\.7\\.1"), CodeVersion.engine());
    }

    @Test
    void aFullDiskWhileStoringAResultSaysWhereAndHowToFixItAndLeavesNothingBehind() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full to simulate a full disk");
        Spec spec = new Spec("fashion", 5);
        Path file = ResultCache.fileFor("exp", spec);
        Files.createDirectories(file.getParent());
        Path tmp = glimpse.AtomicWrites.temporaryFor(file);
        Files.createSymbolicLink(tmp, Path.of("/dev/full"));
        var e = assertThrows(UncheckedIOException.class, () -> ResultCache.getOrCompute("exp", spec, Result.class, checkpoints -> new Result(0.5)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("free disk space"), e.getMessage());
        assertFalse(Files.exists(file), "no result file a later run could mistake for a result");
        assertFalse(Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS), "no temporary file left");
        AtomicInteger calls = new AtomicInteger();
        ResultCache.getOrCompute("exp", spec, Result.class, checkpoints -> new Result(calls.incrementAndGet()));
        assertEquals(1, calls.get(), "the next run computes it (nothing was cached)");
    }
}
