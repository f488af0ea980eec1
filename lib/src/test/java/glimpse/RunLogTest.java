package glimpse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Details go to the run log; the cell names the log once, not once per line. */
class RunLogTest {
    @TempDir Path dir;
    private String before;

    @BeforeEach void useTempLog() { before = System.setProperty("glimpse.runLog", dir.resolve("nb.run.log").toString()); }
    @AfterEach void restore() { if (before == null) System.clearProperty("glimpse.runLog"); else System.setProperty("glimpse.runLog", before); }

    @Test
    void linesGoToTheFileAndTheCellNamesItOnce() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            RunLog.line("CE rho 100 seed 1: overall 61.20%");
            RunLog.line("CE rho 100 seed 2: overall 60.85%");
        } finally {
            System.setOut(old);
        }
        List<String> printed = out.toString().lines().toList();
        assertEquals(1, printed.size(), "one line in the cell: " + printed);
        assertTrue(printed.get(0).startsWith("[log] ") && printed.get(0).endsWith("nb.run.log"), printed.get(0));
        List<String> logged = Files.readAllLines(dir.resolve("nb.run.log"));
        assertEquals(2, logged.size(), logged.toString());
        assertTrue(logged.get(0).endsWith("  CE rho 100 seed 1: overall 61.20%") && logged.get(1).endsWith("seed 2: overall 60.85%"), logged.toString());
        assertTrue(logged.get(0).matches("\\d{4}-\\d\\d-\\d\\dT.*"), "each line carries its time: " + logged.get(0));
    }
}
