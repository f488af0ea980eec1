package glimpse.cli;

import glimpse.data.Manifests;
import glimpse.data.Manifest;
import glimpse.data.fixtures.BenchmarkFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** `./glimpse data fixtures DIR` and `./glimpse data check ID` on what it wrote. */
class DataFixturesCommandTest {

    @AfterEach
    void clear() {
        System.clearProperty("glimpse.dir.stanford-cars");
        System.clearProperty("glimpse.dir.cifar-100");
    }

    record Run(int code, String out) {}

    static Run capture(IntSupplier command) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            return new Run(command.getAsInt(), out.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void writesEveryFixturePrintsTheVariablesAndCheckCallsItAFixture(@TempDir Path dir) {
        Run fixtures = capture(() -> DataCommand.run(List.of("fixtures", dir.toString())));
        assertEquals(0, fixtures.code(), fixtures.out());
        // one export line per environment variable that a user-kept benchmark reads
        TreeSet<String> envs = new TreeSet<>(BenchmarkFixtures.manifests().stream().map(m -> m.source().env()).toList());
        for (String env : envs) assertTrue(fixtures.out().lines().anyMatch(l -> l.startsWith("export " + env + "=" + dir.toAbsolutePath())), env + " in:\n" + fixtures.out());
        assertTrue(fixtures.out().contains("export GLIMPSE_CUB_DIR=" + dir.toAbsolutePath().resolve("cub-200-2011") + "    # cub-200-2011, cub-200-2011-512, cub-retrieval"),
                fixtures.out());
        assertTrue(fixtures.out().contains("export GLIMPSE_CACHE=" + dir.toAbsolutePath().resolve("cache")), "results on fixtures are cached apart:\n" + fixtures.out());

        System.setProperty("glimpse.dir.stanford-cars", dir.resolve("stanford-cars").toString());
        Run check = capture(() -> DataCommand.check("stanford-cars"));
        assertEquals(0, check.code(), check.out());
        assertTrue(check.out().contains("stanford-cars: OK (layout ok; a fixture, not the real set, which has 196 classes"), check.out());
        assertTrue(check.out().contains("fixture holds:  train: 8 classes, 24 images; test: 8 classes, 24 images"), check.out());
        Manifest cars = Manifests.of("stanford-cars");
        assertTrue(DataCommand.status(cars).startsWith("fixture folder " + dir.resolve("stanford-cars")), DataCommand.status(cars));

        // CIFAR-100's manifest pins the real files' sizes: the fixture passes on its layout, and says so
        System.setProperty("glimpse.dir.cifar-100", dir.resolve("cifar-100").toString());
        Run cifar = capture(() -> DataCommand.check("cifar-100"));
        assertEquals(0, cifar.code(), cifar.out());
        assertTrue(cifar.out().contains("real set holds: 100 classes; train 50,000 and test 10,000 images"), cifar.out());
    }

    @Test
    void refusesAFolderThatHoldsSomethingElseAndMalformedArguments(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sop"));
        Files.writeString(dir.resolve("sop/Ebay_train.txt"), "the user's own list");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> capture(() -> DataCommand.run(List.of("fixtures", dir.toString()))));
        assertTrue(e.getMessage().contains("not a fixture folder"), e.getMessage());
        assertEquals("the user's own list", Files.readString(dir.resolve("sop/Ebay_train.txt")));
        assertEquals(2, DataCommand.run(List.of("fixtures", dir.toString(), "more")));
        assertEquals(2, DataCommand.run(List.of("fixtures")));
    }
}
