package glimpse.cli;

import glimpse.report.Show;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report index ({@code index.html}): every notebook run in this mode, with its status, wall
 * time and a link to its executed HTML. Outcomes accumulate in {@code runs.json}, so running one
 * notebook updates its row and keeps the others.
 */
public final class HtmlReport {
    private HtmlReport() {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public static Path update(Path reportDir, String mode, String kernelReason, List<NotebookOutcome> outcomes) {
        try {
            Files.createDirectories(reportDir);
            Path runs = reportDir.resolve("runs.json");
            Map<String, Stamped> all = new TreeMap<>();
            if (Files.exists(runs)) {
                Map<String, Stamped> old = GSON.fromJson(Files.readString(runs), new TypeToken<Map<String, Stamped>>() {}.getType());
                if (old != null) all.putAll(old);
            }
            String now = Instant.now().toString();
            for (NotebookOutcome o : outcomes) all.put(o.notebook(), new Stamped(o, now, kernelReason));
            Files.writeString(runs, GSON.toJson(all));
            Path index = reportDir.resolve("index.html");
            Files.writeString(index, render(mode, new ArrayList<>(all.values())));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report in " + reportDir, e);
        }
    }

    /** An outcome with when it ran and under which kernel. */
    public record Stamped(NotebookOutcome outcome, String finishedAt, String kernel) {}

    static String render(String mode, List<Stamped> rows) {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Glimpse report</title>
                <style>body{font-family:sans-serif;margin:2em;max-width:70em} td,th{padding:4px 10px;text-align:left}
                th{border-bottom:1px solid #888} .ok{color:#070} .failed,.interrupted{color:#b00} pre{white-space:pre-wrap;font-size:85%}</style>
                </head><body><h1>Glimpse — executed notebooks</h1>
                """);
        sb.append("<p>Mode: <b>").append(Show.escape(mode)).append("</b>. Each notebook links to its executed HTML; ")
          .append("the executed <code>.ipynb</code> lies next to it.</p>");
        long ok = rows.stream().filter(r -> r.outcome().ok()).count();
        sb.append("<p>").append(ok).append(" of ").append(rows.size()).append(" notebooks ran without error.</p>");
        sb.append("<table><thead><tr><th>notebook</th><th>status</th><th>wall time</th><th>finished</th><th>kernel</th></tr></thead><tbody>");
        for (Stamped s : rows) {
            NotebookOutcome o = s.outcome();
            sb.append("<tr><td>").append(o.htmlLink() == null ? Show.escape(o.notebook())
                            : "<a href=\"" + Show.escape(o.htmlLink()) + "\">" + Show.escape(o.notebook()) + "</a>")
              .append("</td><td class=\"").append(o.status()).append("\">").append(o.status())
              .append("</td><td>").append(String.format("%.1f s", o.wallSeconds()))
              .append("</td><td>").append(Show.escape(s.finishedAt()))
              .append("</td><td>").append(Show.escape(s.kernel() == null ? "" : s.kernel())).append("</td></tr>");
            if (!o.ok() && o.message() != null && !o.message().isBlank())
                sb.append("<tr><td colspan=\"5\"><pre>").append(Show.escape(o.message())).append("</pre></td></tr>");
        }
        return sb.append("</tbody></table></body></html>\n").toString();
    }
}
