package glimpse.kernel;

import com.google.gson.Gson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cells a kernel ran, per session, for history_request (tail, range, search), kept under
 * build/kernel/history/ as one JSON-lines file per session (session-N.jsonl), so a restarted kernel
 * sees earlier sessions. Each kernel start is a new session, numbered one past the highest there;
 * the number is claimed by creating its file, so kernels started together (notebooks run side by
 * side) never share one. Only cells run with store_history (and not silent) are kept, as IPython does.
 */
final class CellHistory {
    /** One cell: its session, execution count, input, and its text output ("" when none). */
    record Entry(int session, int line, String input, String output) {}

    private static final Gson GSON = new Gson();
    private static final Pattern SESSION_FILE = Pattern.compile("session-(\\d+)\\.jsonl");
    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    final int session;

    /** @param dir the history folder; null keeps the history in memory only */
    CellHistory(Path dir) {
        int last = 0;
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                List<Path> sessions = files.filter(f -> SESSION_FILE.matcher(f.getFileName().toString()).matches())
                        .sorted(java.util.Comparator.comparingInt(CellHistory::sessionOf)).toList();
                for (Path f : sessions) {
                    last = Math.max(last, sessionOf(f));
                    read(f);
                }
            } catch (IOException e) {
                System.err.println("glimpse kernel: cannot read the history in " + dir + ": " + e.getMessage() + "; starting without it");
            }
        }
        Path claimed = null;
        int n = last + 1;
        if (dir != null) {
            try {
                Files.createDirectories(dir);
                while (claimed == null) {
                    try {
                        claimed = Files.createFile(dir.resolve("session-" + n + ".jsonl"));
                    } catch (java.nio.file.FileAlreadyExistsException taken) {
                        n++;   // another kernel started meanwhile
                    }
                }
            } catch (IOException e) {
                System.err.println("glimpse kernel: cannot write the history in " + dir + ": " + e.getMessage() + "; keeping it in memory");
            }
        }
        file = claimed;
        session = n;
    }

    private static int sessionOf(Path f) {
        Matcher m = SESSION_FILE.matcher(f.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    private void read(Path f) throws IOException {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                entries.add(GSON.fromJson(line, Entry.class));
            } catch (RuntimeException unreadable) {
                // a line cut short by a killed kernel: the rest of the history still counts
            }
        }
    }

    synchronized void add(int line, String input, String output) {
        Entry e = new Entry(session, line, input, output == null ? "" : output);
        entries.add(e);
        if (file == null) return;
        try {
            Files.writeString(file, GSON.toJson(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            System.err.println("glimpse kernel: cannot append to the history " + file + ": " + ex.getMessage());
        }
    }

    /** The last n cells over all sessions, oldest first. */
    synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - Math.max(0, n)), entries.size()));
    }

    /**
     * Cells start (inclusive) to stop (exclusive) of a session: a positive session is its number, zero
     * or negative counts back from the current one (0 = this session). A stop of 0 or less means to the end.
     */
    synchronized List<Entry> range(int session, int start, int stop) {
        int s = session > 0 ? session : this.session + session;
        return entries.stream().filter(e -> e.session() == s && e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /** The last n cells (n ≤ 0: all) whose input matches the glob (sqlite GLOB: *, ?, [...]), oldest first. */
    synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern p = globToRegex(glob);
        List<Entry> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || hits.size() < n); i--) {
            Entry e = entries.get(i);
            if (!p.matcher(e.input()).matches()) continue;
            if (unique && !seen.add(e.input())) continue;
            hits.add(0, e);
        }
        return hits;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) { re.append("\\["); break; }
                    String set = glob.substring(i + 1, close);
                    // a leading ^ negates, in a glob as in a regex; a-z ranges read the same
                    re.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
