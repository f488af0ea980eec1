package glimpse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NotebookRunnerTest {
    @Test
    void selectsByNumberNameOrPathInTheGivenOrder(@TempDir Path home) throws Exception {
        Path nb = Files.createDirectories(home.resolve("notebooks"));
        for (String n : List.of("00-tour.ipynb", "01-crosstransformers.ipynb", "03-batchformer.ipynb", "scratch.ipynb")) Files.writeString(nb.resolve(n), "{}");
        assertEquals(List.of("00-tour.ipynb", "01-crosstransformers.ipynb", "03-batchformer.ipynb"),
                NotebookRunner.select(home, List.of()).stream().map(p -> p.getFileName().toString()).toList(), "all numbered notebooks, in order");
        assertEquals(List.of("03-batchformer.ipynb", "00-tour.ipynb"),
                NotebookRunner.select(home, List.of("03", "notebooks/00-tour.ipynb")).stream().map(p -> p.getFileName().toString()).toList());
        var e = assertThrows(IllegalArgumentException.class, () -> NotebookRunner.select(home, List.of("02")));
        assertTrue(e.getMessage().contains("'02'") && e.getMessage().contains("00-tour.ipynb"), e.getMessage());
    }

    @Test
    void unknownCommandAndHelp() {
        assertEquals(2, Main.run(new String[]{"frobnicate"}));
        assertEquals(0, Main.run(new String[]{"--help"}));
    }

    @Test
    void countsTheExecutorsKernelStartRetriesFromItsLastLine() {
        assertEquals(2, NotebookRunner.startRetries("log noise\nglimpse: kernel start retries: 2\n"));
        assertEquals(0, NotebookRunner.startRetries("nb.ipynb: the kernel died\nglimpse: kernel start retries: 0"));
        assertEquals(0, NotebookRunner.startRetries("Traceback: the executor died before counting"));
    }
}
