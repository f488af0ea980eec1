package glimpse.cluster;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The generated sbatch script asks for what the options say and runs line $SLURM_ARRAY_TASK_ID + 1 of the task list. */
class SlurmScriptTest {
    @Test
    void anArrayWithEveryOption() {
        Map<String, String> env = new LinkedHashMap<>(Map.of("GLIMPSE_CACHE", "/shared/cache"));
        env.put("GLIMPSE_MODE", "paper");
        String s = SlurmScript.of("glimpse-fewshot", 30, new SlurmOptions("gpu", "lab42", "4:00:00", 8, 1, "32G", 4, false),
                "/shared/cache/batches/b", "/shared/cache/batches/b/tasks.txt", env, List.of("/usr/lib/jvm/bin/java", "-cp", "/a b/x.jar", "glimpse.cli.Main", "task"));
        assertTrue(s.startsWith("#!/bin/bash\n"));
        for (String line : List.of("#SBATCH --array=0-29%4", "#SBATCH --cpus-per-task=8", "#SBATCH --gres=gpu:1", "#SBATCH --mem=32G",
                "#SBATCH --time=4:00:00", "#SBATCH --partition=gpu", "#SBATCH --account=lab42", "#SBATCH --output=/shared/cache/batches/b/logs/%a-job%A.log",
                "export GLIMPSE_CACHE=/shared/cache", "export GLIMPSE_MODE=paper"))
            assertTrue(s.contains(line + "\n"), "missing: " + line + "\n" + s);
        assertTrue(s.contains("sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" /shared/cache/batches/b/tasks.txt"), s);
        assertTrue(s.contains("exec /usr/lib/jvm/bin/java -cp '/a b/x.jar' glimpse.cli.Main task \"$task\""), s);
    }

    @Test
    void cpuOnlyWithTheClustersDefaults() {
        String s = SlurmScript.of("glimpse-x", 4, new SlurmOptions(null, null, null, 1, 0, null, 0, false), "/c/b", "/c/b/tasks.txt", Map.of(), List.of("java"));
        assertTrue(s.contains("#SBATCH --array=0-3\n"), s);
        for (String absent : List.of("--gres", "--mem", "--time", "--partition", "--account")) assertFalse(s.contains(absent), absent + " in\n" + s);
    }

    @Test
    void quotingKeepsAValueOneWord() {
        assertEquals("plain/path-1.jar", SlurmScript.quote("plain/path-1.jar"));
        assertEquals("'it'\\''s here'", SlurmScript.quote("it's here"));
    }
}
