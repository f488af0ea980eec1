package glimpse.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import glimpse.Glimpse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The two places that list the notebooks for a reader, the README's notebook table and 00-tour's
 * "Where to go next", name exactly the notebooks in notebooks/ (in order), so a new notebook cannot be
 * forgotten in either.
 */
class NotebookListsTest {
    static final Path HOME = Glimpse.home();

    /** "00-tour", "01-crosstransformers", … from notebooks/NN-*.ipynb. */
    static List<String> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(HOME.resolve("notebooks"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d-.+\\.ipynb"))
                    .map(n -> n.substring(0, n.length() - ".ipynb".length())).sorted().toList();
        }
    }

    /** The names in backquotes that start a line matching {@code linePrefix}, in order. */
    static List<String> listed(String text, String linePrefix) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(linePrefix) + "\\s*`(\\d\\d-[\\w-]+)`").matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test
    void theReadmeTableListsEveryNotebook() throws IOException {
        String readme = Files.readString(HOME.resolve("README.md"));
        int table = readme.indexOf("## Notebooks");
        assertTrue(table >= 0, "README.md has no '## Notebooks' section");
        int end = readme.indexOf("\n## ", table + 1);
        String section = readme.substring(table, end < 0 ? readme.length() : end);
        assertEquals(notebooks(), listed(section, "|"), "README.md's notebook table against notebooks/*.ipynb");
    }

    @Test
    void theTourPointsToEveryOtherNotebook() throws IOException {
        JsonObject tour = JsonParser.parseString(Files.readString(HOME.resolve("notebooks/00-tour.ipynb"))).getAsJsonObject();
        String next = null;
        for (JsonElement cell : tour.getAsJsonArray("cells")) {
            StringBuilder source = new StringBuilder();
            cell.getAsJsonObject().getAsJsonArray("source").forEach(line -> source.append(line.getAsString()));
            if (source.toString().startsWith("## Where to go next")) next = source.toString();
        }
        assertNotNull(next, "00-tour.ipynb has no '## Where to go next' cell");
        List<String> others = notebooks().stream().filter(n -> !n.equals("00-tour")).toList();
        assertEquals(others, listed(next, "-"), "00-tour's 'Where to go next' against notebooks/*.ipynb");
    }

    @Test
    void theListReaderFindsWhatIsThereAndOnlyThat() {
        // the parser itself, on a hand-made table: a row without backquotes and a prose mention are not listed
        String table = "| notebook | what |\n|---|---|\n| `00-tour` | x |\n| plain | y |\nsee `01-a` here\n| `02-b-c` | z |\n";
        assertEquals(List.of("00-tour", "02-b-c"), listed(table, "|"));
    }
}
