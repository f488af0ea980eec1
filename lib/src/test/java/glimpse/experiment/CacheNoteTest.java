package glimpse.experiment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The cell's one cache line: short, and saying how many results, which code and when. */
class CacheNoteTest {
    @Test
    void oneLineSumsUpACellsReusedResults() {
        String line = CacheNote.text(12, 0, "3f2a1b2c3f2a1b2c", "2026-12-05 14:02", "2026-12-05 16:40");
        assertEquals("[cache] 12 results reused (code 3f2a1b2c3f2a1b2c, computed 2026-12-05 14:02–16:40)", line);
        assertTrue(line.length() <= 90, "fits one line of a notebook's output: " + line.length() + " chars");
    }

    @Test
    void aSpanOverDaysNamesBothDaysAndOneResultIsSingular() {
        assertEquals("[cache] 2 results reused (code c, computed 2026-12-04 09:00–2026-12-05 16:40)",
                CacheNote.text(2, 0, "c", "2026-12-04 09:00", "2026-12-05 16:40"));
        assertEquals("[cache] 1 result reused (code c, computed 2026-12-05 14:02)", CacheNote.text(1, 0, "c", "2026-12-05 14:02", "2026-12-05 14:02"));
    }

    @Test
    void resultsCachedByOtherCodeAreCountedToo() {
        assertEquals("[cache] 3 results recomputed: cached by other code versions (now c)", CacheNote.text(0, 3, "c", null, null));
        assertEquals("[cache] 1 result reused (code c, computed 2026-12-05 14:02); 2 results recomputed: cached by other code versions (now c)",
                CacheNote.text(1, 2, "c", "2026-12-05 14:02", "2026-12-05 14:02"));
    }

    @Test
    void instantsAreShownToTheMinute() {
        assertEquals("2026-12-05 14:02", CacheNote.minute("2026-12-05T14:02:11.123Z"));
    }
}
