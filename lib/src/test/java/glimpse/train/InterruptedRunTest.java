package glimpse.train;

import glimpse.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A cached experiment killed with SIGKILL in the middle of training resumes from its last
 * checkpoint when started again, and ends bit-identical to a run that was never interrupted;
 * its checkpoints are removed once the result is stored.
 */
class InterruptedRunTest {
    static final int STEPS = 150;

    @Test
    void killedMidTrainingResumesAndEndsBitIdenticalToAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path cacheA = tmp.resolve("interrupted"), cacheB = tmp.resolve("uninterrupted");
        Map<String, String> propsA = Map.of("glimpse.cache", cacheA.toString(), "glimpse.checkpointSeconds", "0.3");
        Process p = ChildJvm.start(TrainingProbe.class, propsA, tmp.resolve("killed.log"), String.valueOf(STEPS));
        Path runs = cacheA.resolve("runs");
        long deadline = System.nanoTime() + 120_000_000_000L;
        Path ckpt = null;
        while (ckpt == null && p.isAlive() && System.nanoTime() < deadline) {
            ckpt = find(runs, Checkpoint.FILE);
            if (ckpt == null) Thread.sleep(20);
        }
        assertNotNull(ckpt, "no checkpoint appeared before the run ended; log:\n" + Files.readString(tmp.resolve("killed.log")));
        p.destroyForcibly().waitFor();           // SIGKILL: no shutdown hooks, no chance to tidy up
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        assertFalse(Files.exists(cacheA.resolve("results")) && find(cacheA.resolve("results"), ".json") != null, "no result was stored by the killed run");

        String resumed = ChildJvm.run(TrainingProbe.class, propsA, tmp.resolve("resumed.log"), 300, String.valueOf(STEPS));
        String uninterrupted = ChildJvm.run(TrainingProbe.class, Map.of("glimpse.cache", cacheB.toString()), tmp.resolve("whole.log"), 300,
                String.valueOf(STEPS));
        int from = Integer.parseInt(resumed.replaceAll("(?s).*resumedFrom (\\d+).*", "$1"));
        assertTrue(from > 0 && from < STEPS, "resumed mid-training, at step " + from + "\n" + resumed);
        assertTrue(resumed.contains("resuming from"), resumed);
        assertEquals(ChildJvm.result(uninterrupted), ChildJvm.result(resumed), "weights, loss curve and predictions bit-identical");
        assertNull(find(runs, Checkpoint.FILE), "checkpoints of the finished experiment are cleaned up");
    }

    private static Path find(Path dir, String suffix) throws java.io.IOException {
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }
}
