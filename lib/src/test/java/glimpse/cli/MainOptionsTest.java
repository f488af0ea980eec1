package glimpse.cli;

import glimpse.CommandOptions;
import glimpse.Environment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every command rejects what it does not know before doing anything (exit 2, with the options it does
 * take), --help on each lists its options and variables, and a bad GLIMPSE_* value stops every command.
 * The rejected cases would start work if accepted (the paper budgets, a notebook run), so a pass here
 * also shows that nothing started: each returns at once.
 */
class MainOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private PrintStream stdout, stderr;

    @BeforeEach void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    private int main(Map<String, String> env, String... args) { return Main.run(args, env); }

    private String stderr() { return err.toString(StandardCharsets.UTF_8); }

    private String stdout() { return out.toString(StandardCharsets.UTF_8); }

    @Test
    void theIssuesCommandsAreRejectedWithTheOptionsThereAre() {
        assertEquals(2, main(Map.of(), "run", "--paper", "--smok"));
        assertTrue(stderr().startsWith("glimpse run: unknown option '--smok' for `run`; it takes --quick, --full, --paper, --smoke, --slurm, --slurm-dry-run,"), stderr());
        assertEquals(2, main(Map.of(), "run", "00-tour", "--quick", "--slurm-array"));
        assertTrue(stderr().contains("unknown option '--slurm-array'"), stderr());
        assertEquals(2, main(Map.of(), "run", "--quick", "--full"), "two modes");
    }

    @Test
    void runsExecutorOptionsBecomeTheKernelsSettings() {
        var p = Main.COMMANDS.get("run").parse(java.util.List.of("--slurm", "--partition=gpu", "--time", "4:00:00", "--gpus-per-task=1",
                "--max-tasks=8", "--retries=3", "01-crosstransformers"));
        assertEquals(Map.of("GLIMPSE_EXECUTOR", "slurm", "GLIMPSE_SLURM_PARTITION", "gpu", "GLIMPSE_SLURM_TIME", "4:00:00", "GLIMPSE_SLURM_GPUS", "1",
                "GLIMPSE_SLURM_MAX_TASKS", "8", "GLIMPSE_TASK_RETRIES", "3"), Main.executorSettings(p));
        assertEquals(Map.of("GLIMPSE_EXECUTOR", "slurm", "GLIMPSE_SLURM_DRY_RUN", "1"),
                Main.executorSettings(Main.COMMANDS.get("run").parse(java.util.List.of("--slurm-dry-run"))));
        assertEquals(Map.of("GLIMPSE_EXECUTOR", "workers", "GLIMPSE_WORKERS", "4"),
                Main.executorSettings(Main.COMMANDS.get("run").parse(java.util.List.of("--workers=4"))));
        assertEquals(Map.of(), Main.executorSettings(Main.COMMANDS.get("run").parse(java.util.List.of("--quick"))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Main.executorSettings(Main.COMMANDS.get("run").parse(java.util.List.of("--partition=gpu"))));
        assertTrue(e.getMessage().contains("--partition is an option of --slurm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Main.executorSettings(Main.COMMANDS.get("run").parse(java.util.List.of("--slurm", "--workers=2"))));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Main.executorSettings(Main.COMMANDS.get("run").parse(java.util.List.of("--workers=0"))));
        assertTrue(e.getMessage().contains("GLIMPSE_WORKERS='0'"), e.getMessage());
    }

    @Test
    void everyCommandRejectsAnUnknownOptionAndHasHelp() {
        for (CommandOptions c : Main.COMMANDS.values()) {
            err.reset();
            out.reset();
            if (!c.name().equals("notebook")) {           // notebook hands unknown options to Jupyter, as its help says
                assertEquals(2, main(Map.of(), c.name(), "--no-such-option"), c.name());
                assertTrue(stderr().contains("unknown option '--no-such-option' for `" + c.name() + "`"), c.name() + ": " + stderr());
            }
            assertEquals(0, main(Map.of(), c.name(), "--help"), c.name());
            assertTrue(stdout().contains("usage: ./glimpse " + c.name()), c.name() + ": " + stdout());
            out.reset();
            assertEquals(0, main(Map.of(), "help", c.name()), c.name());
            assertEquals(c.help() + "\n", stdout());
        }
        assertEquals(2, main(Map.of(), "test", "extra"), "test takes no arguments");
        assertEquals(2, main(Map.of(), "kernel", "--force"));
    }

    @Test
    void helpListsTheOptionsAndTheVariablesOfACommand() {
        assertEquals(0, main(Map.of(), "help", "run"));
        for (String s : List.of("--quick", "--full", "--paper", "[NOTEBOOK...]", "GLIMPSE_MODE=quick|full|paper", "GLIMPSE_KERNEL=auto|glimpse|jjava|rapaio",
                "GLIMPSE_RECOMPUTE=0|1"))
            assertTrue(stdout().contains(s), s + " in\n" + stdout());
        out.reset();
        assertEquals(0, main(Map.of(), "bench", "--help"));
        assertTrue(stdout().contains("--wait-policy=inherit|passive|active"), stdout());
        out.reset();
        assertEquals(0, glimpse.bench.Bench.run(new String[] {"--help"}), "the harness's own entry point has the same help, and its entries");
        assertTrue(stdout().contains("--wait-policy=inherit|passive|active") && stdout().contains("entries:"), stdout());
        out.reset();
        assertEquals(0, main(Map.of(), "--help"));
        for (String c : Main.COMMANDS.keySet()) assertTrue(stdout().contains("\n  " + c), c + " in\n" + stdout());
        for (Environment.Variable v : Environment.documented()) assertTrue(stdout().contains(v.name() + "="), v.name());
        assertEquals(2, main(Map.of(), "help", "frobnicate"));
    }

    @Test
    void aBadEnvironmentValueStopsACommandBeforeItStarts() {
        assertEquals(2, main(Map.of("GLIMPSE_MODE", "bogus"), "run", "00-tour"));
        assertTrue(stderr().contains("glimpse: GLIMPSE_MODE='bogus' is not one of its values; it takes quick|full|paper|smoke"), stderr());
        err.reset();
        assertEquals(2, main(Map.of("GLIMPSE_KERNEL", "ijava"), "data", "list"));
        assertTrue(stderr().contains("GLIMPSE_KERNEL='ijava'"), stderr());
        assertEquals(0, main(Map.of("GLIMPSE_MODE", "bogus"), "run", "--help"), "help still works, to find the right value");
    }

    @Test
    void runTakesItsModeFromAFlagThenGlimpseModeThenFull() {
        var run = Main.COMMANDS.get("run");
        assertEquals(glimpse.Glimpse.Mode.PAPER, Main.mode(run.parse(List.of("--paper")), "quick"));
        assertEquals(glimpse.Glimpse.Mode.QUICK, Main.mode(run.parse(List.of("00")), "Quick"));
        assertTrue(stdout().contains("mode: quick (from GLIMPSE_MODE"), stdout());
        assertEquals(glimpse.Glimpse.Mode.FULL, Main.mode(run.parse(List.of()), null));
        assertEquals(glimpse.Glimpse.Mode.SMOKE, Main.mode(run.parse(List.of("--paper", "--smoke")), "full"));
        assertEquals(glimpse.Glimpse.Mode.SMOKE, Main.mode(run.parse(List.of("--smoke", "01")), null));
        assertThrows(CommandOptions.UsageException.class, () -> run.parse(List.of("--quick", "--smoke")), "smoke cuts paper budgets, not quick ones");
    }

    @Test
    void dataTakesListOrCheckName() {
        assertEquals(2, main(Map.of(), "data", "lsit"));
        assertTrue(stderr().contains("expected `list`, `check NAME` or `fixtures DIR`"), stderr());
        assertEquals(2, main(Map.of(), "data", "check", "a", "b"));
    }
}
