package glimpse.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** history_request's three kinds over a history file that outlives a kernel (was: no history_reply at all). */
class CellHistoryTest {
    @Test
    void tailRangeAndSearchAcrossSessions(@TempDir Path dir) {
        Path file = dir.resolve("build/kernel/history");
        CellHistory first = new CellHistory(file);
        assertEquals(1, first.session);
        first.add(1, "int a = 6;", "");
        first.add(2, "a * 7", "42");

        CellHistory second = new CellHistory(file);     // a restarted kernel: a new session, the old one kept
        assertEquals(2, second.session);
        assertEquals(3, new CellHistory(file).session, "a kernel started beside it claims the next number");
        second.add(1, "a * 7", "42");
        second.add(2, "String s = \"x\";", "");

        assertEquals(List.of(new CellHistory.Entry(2, 1, "a * 7", "42"), new CellHistory.Entry(2, 2, "String s = \"x\";", "")), second.tail(2));
        assertEquals(4, second.tail(10).size(), "tail spans sessions");
        assertEquals(4, new CellHistory(file).tail(10).size(), "what was written is read back");
        assertEquals(List.of(new CellHistory.Entry(1, 2, "a * 7", "42")), second.range(1, 2, 3), "a session by its number");
        assertEquals(List.of(new CellHistory.Entry(1, 1, "int a = 6;", "")), second.range(-1, 1, 2), "-1: the session before this one");
        assertEquals(2, second.range(0, 1, 0).size(), "0: this session; stop 0: to its end");

        assertEquals(2, second.search("a ?*", 0, false).size());
        assertEquals(1, second.search("a ?*", 0, true).size(), "unique inputs only");
        assertEquals(List.of(new CellHistory.Entry(2, 1, "a * 7", "42")), second.search("a*", 1, false), "n: the last n matches");
        assertEquals(1, second.search("[Ss]tring*", 0, false).size());
        assertEquals(0, second.search("[^S]tring*", 0, false).size());
    }

    @Test
    void withoutAFileTheHistoryIsKeptInMemory() {
        CellHistory h = new CellHistory(null);
        h.add(1, "1 + 1", "2");
        assertEquals(1, h.tail(5).size());
    }
}
