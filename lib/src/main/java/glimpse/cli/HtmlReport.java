package glimpse.cli;

import glimpse.report.Show;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report index ({@code index.html}): every notebook run in this mode with its status, when it
 * started and finished, wall time, its kernel's peak memory, its headline (the verdict lines it
 * printed last, see {@link NotebookSummary}), a thumbnail of its key figure, and links to its page,
 * its executed .ipynb and the CSV results it wrote. Entries accumulate in {@code runs.json}, so
 * running one notebook updates its row and keeps the others. Everything it links lies inside the
 * report folder, by relative paths.
 */
public final class HtmlReport {
    private HtmlReport() {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final int THUMB_WIDTH = 240;

    /** One row of the index: the outcome, under which kernel, and what was read from its executed notebook. */
    public record Entry(NotebookOutcome outcome, String kernel, List<String> headline, String thumbnail, List<String> csvs) {}

    public static Path update(Path reportDir, String mode, String kernelReason, List<NotebookOutcome> outcomes) {
        try {
            Files.createDirectories(reportDir);
            ReportAssets.install(reportDir);
            Path runs = reportDir.resolve("runs.json");
            Map<String, Entry> all = new TreeMap<>();
            if (Files.exists(runs)) {
                Map<String, Entry> old = GSON.fromJson(Files.readString(runs), new TypeToken<Map<String, Entry>>() {}.getType());
                if (old != null) all.putAll(old);
            }
            for (NotebookOutcome o : outcomes) all.put(o.notebook(), entry(reportDir, mode, kernelReason, o));
            Files.writeString(runs, GSON.toJson(all));
            Path index = reportDir.resolve("index.html");
            Files.writeString(index, render(mode, new ArrayList<>(all.values())));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report in " + reportDir, e);
        }
    }

    /** Reads the executed notebook (headline, key figure) and copies the CSVs this run wrote into the report. */
    static Entry entry(Path reportDir, String mode, String kernel, NotebookOutcome o) throws IOException {
        Path ipynb = o.htmlLink() == null ? null : reportDir.resolve(o.htmlLink()).resolveSibling(o.notebook() + ".ipynb");
        List<String> headline = List.of();
        String thumb = null;
        if (ipynb != null && Files.isRegularFile(ipynb)) {
            NotebookSummary s = NotebookSummary.of(Files.readString(ipynb));
            headline = s.headline();
            if (s.keyFigurePng() != null) thumb = thumbnail(reportDir, o.notebook(), s.keyFigurePng());
        }
        return new Entry(o, kernel, headline, thumb, copyCsvs(reportDir, mode, o));
    }

    /** The key figure scaled to {@value #THUMB_WIDTH} px wide, as thumbs/NAME.png; null when it does not decode. */
    static String thumbnail(Path reportDir, String name, String pngBase64) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(pngBase64)));
        if (img == null) return null;
        int w = Math.min(THUMB_WIDTH, img.getWidth()), h = Math.max(1, (int) Math.round(img.getHeight() * w / (double) img.getWidth()));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        Path out = reportDir.resolve("thumbs").resolve(name + ".png");
        Files.createDirectories(out.getParent());
        ImageIO.write(small, "png", out.toFile());
        return reportDir.relativize(out).toString().replace('\\', '/');
    }

    /**
     * The notebook's CSV results (build/results/NAME-MODE.csv and NAME-*-MODE.csv, as notebooks save them with
     * ResultsTable.saveCsv) written during this run, copied to results/ in the report so the folder carries them.
     */
    static List<String> copyCsvs(Path reportDir, String mode, NotebookOutcome o) throws IOException {
        Path results = reportDir.getParent() == null ? null : reportDir.getParent().getParent() == null ? null
                : reportDir.getParent().getParent().resolve("results");   // build/report/<mode> → build/results
        List<String> out = new ArrayList<>();
        if (results == null || !Files.isDirectory(results) || o.startedAt() == null) return out;
        Instant started = Instant.parse(o.startedAt());
        try (var files = Files.list(results)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (!n.startsWith(o.notebook()) || !n.endsWith("-" + mode + ".csv")) continue;
                if (Files.getLastModifiedTime(f).toInstant().isBefore(started.minusSeconds(1))) continue;   // an earlier run's
                Path copy = reportDir.resolve("results").resolve(n);
                Files.createDirectories(copy.getParent());
                Files.copy(f, copy, StandardCopyOption.REPLACE_EXISTING);
                out.add(reportDir.relativize(copy).toString().replace('\\', '/'));
            }
        }
        return out;
    }

    static String when(String instant) {
        if (instant == null) return Show.MISSING;
        try { return WHEN.format(Instant.parse(instant)); } catch (RuntimeException e) { return instant; }
    }

    /** The results notebook (every paper's claims in one table) leads the index; the others follow in order. */
    static List<Entry> resultsFirst(List<Entry> rows) {
        List<Entry> out = new ArrayList<>(rows.stream().filter(e -> e.outcome().notebook().endsWith("-results")).toList());
        rows.stream().filter(e -> !e.outcome().notebook().endsWith("-results")).forEach(out::add);
        return out;
    }

    static String render(String mode, List<Entry> rows) {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Glimpse report</title>
                <link rel="stylesheet" href="assets/glimpse.css"></head><body><h1>Glimpse — executed notebooks</h1>
                """);
        sb.append("<p>Mode: <b>").append(Show.escape(mode)).append("</b>. Each notebook links to its executed page and its executed ")
          .append("<code>.ipynb</code>; the headline is what the notebook's last printing cell concluded (verdicts follow one rule, ")
          .append("glimpse.eval.Verdict: a paired difference over ≥ 2 training seeds whose Student-t 95% CI excludes 0, between networks whose ")
          .append("training converged; where it does not exclude 0 and the paper's effect is below the minimal detectable difference, ")
          .append("\"underpowered\"). Times are UTC.</p>");
        if (mode.equals("smoke"))   // smoke results must never be read as quick or paper results
            sb.append("<p><b>SMOKE RUN:</b> the paper sections ran at ").append(glimpse.experiment.PaperScale.SMOKE_STEPS)
              .append(" steps per stage on whatever data was there (fixtures, in <code>./glimpse test</code>). It shows that they run;")
              .append(" its numbers, headlines and verdicts say nothing about the papers.</p>");
        long ok = rows.stream().filter(r -> r.outcome().ok()).count();
        sb.append("<p>").append(ok).append(" of ").append(rows.size()).append(" notebooks ran without error.</p>");
        sb.append("<table class=\"runs\"><thead><tr><th>notebook</th><th>status</th><th>run</th><th>headline</th><th>key figure</th></tr></thead><tbody>");
        for (Entry e : resultsFirst(rows)) {
            NotebookOutcome o = e.outcome();
            String page = o.htmlLink();
            sb.append("<tr><td><b>").append(page == null ? Show.escape(o.notebook()) : link(page, o.notebook())).append("</b>");
            if (page != null) sb.append("<br>").append(link(page.replaceFirst("\\.html$", ".ipynb"), "executed .ipynb"));
            for (String csv : e.csvs() == null ? List.<String>of() : e.csvs())
                sb.append("<br>").append(link(csv, Path.of(csv).getFileName().toString()));
            sb.append("</td><td class=\"").append(Show.escape(o.status())).append("\">").append(Show.escape(o.status())).append("</td><td class=\"when\">")
              .append("started ").append(when(o.startedAt())).append("<br>finished ").append(when(o.finishedAt()))
              .append("<br>wall ").append(String.format(Locale.ROOT, "%.1f s", o.wallSeconds()))
              .append("<br>kernel peak RSS ").append(Double.isNaN(o.kernelPeakMiB()) ? Show.MISSING : String.format(Locale.ROOT, "%.0f MiB", o.kernelPeakMiB()))
              .append("<br><span class=\"muted\">").append(Show.escape(e.kernel() == null ? "" : e.kernel())).append("</span></td><td>");
            List<String> h = e.headline() == null ? List.of() : e.headline();
            sb.append(h.isEmpty() ? "<span class=\"muted\">(nothing printed)</span>" : "<pre class=\"headline\">" + Show.escape(String.join("\n", h)) + "</pre>");
            if (!o.ok() && o.message() != null && !o.message().isBlank()) sb.append("<pre>").append(Show.escape(o.message())).append("</pre>");
            sb.append("</td><td>");
            if (e.thumbnail() != null) {
                String img = "<img class=\"thumb\" alt=\"key figure of " + Show.escape(o.notebook()) + "\" src=\"" + Show.escape(e.thumbnail()) + "\">";
                sb.append(page == null ? img : "<a href=\"" + Show.escape(page) + "\">" + img + "</a>");
            }
            sb.append("</td></tr>");
        }
        return sb.append("</tbody></table></body></html>\n").toString();
    }

    private static String link(String href, String text) {
        return "<a href=\"" + Show.escape(href) + "\">" + Show.escape(text) + "</a>";
    }
}
