package glimpse;

import glimpse.CommandOptions.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CommandOptionsTest {
    static CommandOptions run() {
        return CommandOptions.command("run", "execute notebooks")
                .flag("quick", "quick mode").flag("full", "full mode").flag("paper", "paper scale").oneOf("quick", "full", "paper")
                .value("model", "NAME", "which model")
                .positionals("[NOTEBOOK...]", 0, Integer.MAX_VALUE)
                .reads("GLIMPSE_MODE");
    }

    @Test
    void parsesFlagsValuesInBothSpellingsAndPositionalsInOrder() {
        var p = run().parse(List.of("03", "--quick", "--model=vit", "00-tour"));
        assertEquals(Set.of("quick"), p.flags());
        assertEquals(Map.of("model", "vit"), p.values());
        assertEquals(List.of("03", "00-tour"), p.positionals());
        assertEquals("tasn", run().parse(List.of("--model", "tasn")).value("model", "conv4"));
        assertEquals(List.of("--quick"), run().parse(List.of("--", "--quick")).positionals(), "-- ends the options");
    }

    @Test
    void anUnknownOptionIsAnErrorThatListsTheKnownOnes() {
        var e = assertThrows(UsageException.class, () -> run().parse(List.of("--paper", "--smoke")));
        assertEquals("unknown option '--smoke' for `run`; it takes --quick, --full, --paper, --model=NAME, --help", e.getMessage());
        assertThrows(UsageException.class, () -> run().parse(List.of("00-tour", "--quick", "--slurm-dry-run")));
        assertThrows(UsageException.class, () -> run().parse(List.of("-q")), "single-dash spellings are unknown too");
        var none = CommandOptions.command("kernel", "k");
        assertEquals("unknown option '--force' for `kernel`; it takes no options, only --help",
                assertThrows(UsageException.class, () -> none.parse(List.of("--force"))).getMessage());
        assertEquals("`kernel` takes no arguments, got 'x'", assertThrows(UsageException.class, () -> none.parse(List.of("x"))).getMessage());
    }

    @Test
    void misusedOptionsAreErrorsToo() {
        assertTrue(assertThrows(UsageException.class, () -> run().parse(List.of("--quick=yes"))).getMessage().contains("takes no value"));
        assertTrue(assertThrows(UsageException.class, () -> run().parse(List.of("--model"))).getMessage().contains("needs a value"));
        assertEquals("give at most one of --quick, --full, --paper, got --quick, --paper",
                assertThrows(UsageException.class, () -> run().parse(List.of("--quick", "--paper"))).getMessage());
        var data = CommandOptions.command("data", "d").positionals("list | check NAME", 1, 2);
        assertTrue(assertThrows(UsageException.class, () -> data.parse(List.of())).getMessage().contains("needs list | check NAME"));
        assertTrue(assertThrows(UsageException.class, () -> data.parse(List.of("check", "a", "b"))).getMessage().contains("too many"));
    }

    @Test
    void helpListsEveryOptionAndEveryVariableRead() {
        assertTrue(run().parse(List.of("--smoke", "--help")).help(), "--help wins over anything else");
        assertTrue(run().parse(List.of("-h")).help());
        String help = run().help();
        for (String s : List.of("usage: ./glimpse run [--quick] [--full] [--paper] [--model=NAME] [NOTEBOOK...]", "--quick", "quick mode",
                "--model=NAME", "which model", "--help, -h", "GLIMPSE_MODE=quick|full|paper|smoke"))
            assertTrue(help.contains(s), s + " in\n" + help);
    }

    @Test
    void aPassingOnCommandKeepsWhatItDoesNotKnow() {
        var notebook = CommandOptions.command("notebook", "n").value("port", "N", "p").passingOnTheRestTo("[JUPYTER-OPTION...]");
        var p = notebook.parse(List.of("--NotebookApp.x=1", "--port=9", "-y"));
        assertEquals(List.of("--NotebookApp.x=1", "-y"), p.positionals());
        assertEquals("9", p.value("port", null));
    }

    @Test
    void aVariableMustBeDeclaredToBeRead() {
        assertThrows(IllegalStateException.class, () -> CommandOptions.command("x", "x").reads("GLIMPSE_NOPE"));
        assertThrows(IllegalStateException.class, () -> CommandOptions.command("x", "x").flag("a", "").flag("a", ""));
    }
}
