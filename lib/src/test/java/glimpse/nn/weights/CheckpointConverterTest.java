package glimpse.nn.weights;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The converter's child process: its timeout holds even when the child keeps its output open, and a large output does not block it. */
class CheckpointConverterTest {
    @Test
    void aChildThatRunsPastItsTimeoutIsStoppedAndNamed() {
        long t0 = System.nanoTime();
        WeightFileException e = assertThrows(WeightFileException.class,
                () -> CheckpointConverter.run(new ProcessBuilder("sleep", "60"), Duration.ofSeconds(1), "converting x.pth"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(e.getMessage().startsWith("converting x.pth took over 1 s"), e.getMessage());
        assertTrue(seconds < 10, "stopped after " + seconds + " s");
    }

    @Test
    void anOutputLargerThanAPipeIsReadAndAFailureShowsItsTail() {
        // 1 MB of output: more than a pipe buffer, so a child that nobody drains would block
        String out = CheckpointConverter.run(new ProcessBuilder("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a"), Duration.ofSeconds(30), "x");
        assertEquals(1_000_000, out.length());
        WeightFileException e = assertThrows(WeightFileException.class,
                () -> CheckpointConverter.run(new ProcessBuilder("sh", "-c", "echo torch says no >&2; exit 3"), Duration.ofSeconds(30), "converting y.pth"));
        assertTrue(e.getMessage().contains("converting y.pth failed (exit 3): torch says no"), e.getMessage());
    }
}
