package glimpse.experiment;

import glimpse.KernelDisplay;
import glimpse.RunLog;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * What the result cache says in a notebook cell: ONE short line per cell that sums up its reused
 * results, "[cache] 12 results reused (code 3f2a1b2c, computed 2026-12-05 14:02–16:40)", redrawn in
 * place as the cell reuses more (Jupyter's update_display_data). A line per result (three lines
 * each once wrapped, twelve in one cell of 02) buried the cell's output. Each result's full detail —
 * its name, cache file, code version, engine — goes to the {@link RunLog}. Outside a kernel (tests,
 * the CLI), and in a kernel whose cell counter is not found, each result gets its own short line.
 */
final class CacheNote {
    private CacheNote() {}

    private static int cell = Integer.MIN_VALUE;
    private static String displayId;
    private static int reused, stale;
    private static final TreeSet<String> computed = new TreeSet<>();

    /** A result reused from the cache, computed at {@code computedAt} (an Instant) by {@code code}. */
    static synchronized void reused(String name, String code, String computedAt, String engine, String file) {
        RunLog.line("[cache] " + name + ": reused the result computed " + computedAt + " by code " + code + " (" + engine + ") from "
                + file + "; GLIMPSE_RECOMPUTE=1 recomputes");
        if (!inCell()) {
            System.out.println("[cache] " + name + ": reused (code " + code + ", computed " + minute(computedAt) + ")");
            return;
        }
        reused++;
        computed.add(minute(computedAt));
        show(code);
    }

    /** A result computed anew although cached results of its spec exist: they came from other code versions. */
    static synchronized void stale(String name, int olderFiles, String code) {
        RunLog.line("[cache] " + name + ": " + olderFiles + " cached result(s) of this spec from other code versions are ignored; computing with code " + code);
        if (!inCell()) {
            System.out.println("[cache] " + name + ": cached by another code version; computing with code " + code);
            return;
        }
        stale++;
        show(code);
    }

    /** Whether a cell is known; a new cell starts a new note. */
    private static boolean inCell() {
        OptionalInt c = KernelDisplay.cell();
        if (c.isEmpty()) return false;
        if (c.getAsInt() != cell) {
            cell = c.getAsInt();
            displayId = "glimpse-cache-" + java.util.UUID.randomUUID();
            reused = stale = 0;
            computed.clear();
        }
        return true;
    }

    private static void show(String code) {
        Map<String, String> bundle = Map.of("text/plain", text(reused, stale, code, computed.isEmpty() ? null : computed.first(),
                computed.isEmpty() ? null : computed.last()));
        boolean first = reused + stale == 1;
        boolean shown = first ? KernelDisplay.display(bundle, displayId) : KernelDisplay.update(bundle, displayId);
        if (!shown && first) System.out.println(bundle.get("text/plain"));
    }

    /** "[cache] 12 results reused (code 3f2a1b2c, computed 2026-12-05 14:02–16:40); 1 recomputed: cached by other code". */
    static String text(int reused, int stale, String code, String earliest, String latest) {
        StringBuilder sb = new StringBuilder("[cache] ");
        if (reused > 0) {
            sb.append(reused).append(reused == 1 ? " result" : " results").append(" reused (code ").append(code).append(", computed ").append(earliest);
            if (!latest.equals(earliest))
                sb.append('–').append(latest.substring(0, 10).equals(earliest.substring(0, 10)) ? latest.substring(11) : latest);
            sb.append(')');
        }
        if (stale > 0) sb.append(reused > 0 ? "; " : "").append(stale).append(stale == 1 ? " result" : " results")
                .append(" recomputed: cached by other code versions (now ").append(code).append(')');
        return sb.toString();
    }

    /** "2026-12-05T14:02:11.123Z" → "2026-12-05 14:02" (anything shorter as it is). */
    static String minute(String instant) {
        return instant != null && instant.length() >= 16 ? instant.substring(0, 16).replace('T', ' ') : String.valueOf(instant);
    }
}
