package glimpse.report;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PaperSectionTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setProperty("glimpse.download", "false");
        System.setProperty("glimpse.cache", dir.resolve("cache").toString());
    }

    @AfterEach void restore() {
        System.setOut(stdout);
        for (String p : new String[] {"glimpse.download", "glimpse.cache", "glimpse.dir.cifar-fs", "glimpse.mode"}) System.clearProperty(p);
    }

    private String printed() { return out.toString(StandardCharsets.UTF_8); }

    @Test
    void aFolderBenchmarkIsThereOnlyWhenItsFolderHoldsSomething() throws Exception {
        assertFalse(PaperSection.hasData("cifar-fs"), "no folder named: not there");
        assertTrue(printed().contains("GLIMPSE_CIFAR_FS_DIR is not set") && printed().contains("data-manifests/cifar-fs.json"), printed());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        System.setProperty("glimpse.dir.cifar-fs", empty.toString());
        assertFalse(PaperSection.hasData("cifar-fs"), "an empty folder is not the benchmark");
        assertTrue(printed().contains(empty + " is not a folder with the benchmark in it"), printed());
        Files.createDirectories(empty.resolve("meta-train"));
        assertTrue(PaperSection.hasData("cifar-fs"), "a folder with something in it is handed to the reader, which checks the layout");
    }

    @Test
    void aSectionOpensInPaperAndSmokeModeOnly() {
        System.setProperty("glimpse.mode", "quick");
        assertFalse(PaperSection.opens("t"));
        assertTrue(printed().contains("not run in quick mode"), printed());
        System.setProperty("glimpse.mode", "smoke");
        assertTrue(PaperSection.opens("t"));
        assertTrue(printed().contains("SMOKE run"), printed());
        System.setProperty("glimpse.mode", "paper");
        assertTrue(PaperSection.opens("t"));
    }
}
