package glimpse.cli;

import glimpse.report.Figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens report pages in headless Chromium and checks what a reader would see: the images the browser
 * really decoded (naturalWidth &gt; 0), so "the figures are visible" is checked by a browser, not by
 * grepping for img tags; and the math: no raw TeX ($…$, \(…\), \[…\]) left in the text of a
 * markdown cell once KaTeX has run, and no formula KaTeX rejected. A copy of each page gets a small
 * script that writes what it finds into the DOM, which Chromium's --dump-dom then prints.
 */
public final class BrowserCheck {
    private BrowserCheck() {}

    /**
     * One page: its images and how many decoded, the formulas rendered, raw TeX left and formulas that
     * failed, and the reasons of the figures the notebook skipped on purpose ({@link Figures#skipped}).
     */
    public record PageResult(Path page, int images, int decoded, int math, int rawTex, int mathErrors, List<String> figuresSkipped, String error) {
        public PageResult(Path page, int images, int decoded, String error) { this(page, images, decoded, 0, 0, 0, List.of(), error); }

        /**
         * Every image decoded, no raw TeX, no failed formula; a page with no image at all fails (its figures
         * were lost) unless the notebook said why it drew none ({@link #onlySkippedFigures}).
         */
        public boolean ok() {
            return error == null && (images > 0 || !figuresSkipped.isEmpty()) && decoded == images && rawTex == 0 && mathErrors == 0;
        }

        /** No image, and the notebook said why: its figures were skipped, not checked (the formulas were). */
        public boolean onlySkippedFigures() { return images == 0 && !figuresSkipped.isEmpty(); }

        public String describe() {
            return decoded + "/" + images + " images decoded, " + math + " formulas rendered"
                    + (rawTex > 0 ? ", " + rawTex + " raw TeX left" : "") + (mathErrors > 0 ? ", " + mathErrors + " formulas failed" : "")
                    + (figuresSkipped.isEmpty() ? "" : ", figures skipped by the notebook: " + String.join("; ", figuresSkipped))
                    + (error == null ? "" : ", " + error);
        }
    }

    private static final String PROBE = """
            <script>window.addEventListener('load', function () { setTimeout(function () {
              var imgs = Array.from(document.images), ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; });
              var raw = 0, tex = /\\$[^$]+\\$|\\\\\\(|\\\\\\[/;
              document.querySelectorAll('.jp-MarkdownOutput, .text_cell_render').forEach(function (cell) {
                var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, { acceptNode: function (n) {
                  return n.parentElement.closest('code, pre, script, style, .katex') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; } });
                while (walk.nextNode()) if (tex.test(walk.currentNode.nodeValue)) raw++;
              });
              var d = document.createElement('div'); d.id = 'glimpse-image-check';
              d.textContent = 'images=' + imgs.length + ' decoded=' + ok.length + ' math=' + document.querySelectorAll('.katex').length
                + ' rawtex=' + raw + ' matherrors=' + document.querySelectorAll('.katex-error').length;
              document.body.appendChild(d);
              var skips = document.createElement('div'); skips.id = 'glimpse-figure-skips';
              skips.textContent = Array.from(document.querySelectorAll('.%s .glimpse-skip-reason')).map(function (e) {
                return '[' + e.textContent.replace(/[\\[\\]]/g, '') + ']'; }).join('');
              document.body.appendChild(skips);
            }, 0); });</script>""".formatted(Figures.SKIPPED);
    private static final Pattern RESULT = Pattern.compile(
            "id=\"glimpse-image-check\">images=(\\d+) decoded=(\\d+) math=(\\d+) rawtex=(\\d+) matherrors=(\\d+)<");
    /** The skipped figures' reasons, each in brackets (brackets inside a reason are dropped by the probe). */
    private static final Pattern SKIPS = Pattern.compile("id=\"glimpse-figure-skips\">([^<]*)<"), SKIP = Pattern.compile("\\[([^\\]]*)\\]");

    public static String chromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, c))) return Path.of(dir, c).toString();
            }
        }
        return null;
    }

    public static PageResult check(String chromium, Path page) {
        try {
            Path probe = page.resolveSibling("." + page.getFileName() + ".check.html");
            String html = Files.readString(page);
            int at = html.lastIndexOf("</body>");
            Files.writeString(probe, at < 0 ? html + PROBE : html.substring(0, at) + PROBE + html.substring(at));
            Path profile = Files.createTempDirectory("glimpse-chromium");
            List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", probe.toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); return new PageResult(page, 0, 0, "chromium timed out"); }
            Files.deleteIfExists(probe);
            Matcher m = RESULT.matcher(dom);
            if (!m.find()) return new PageResult(page, 0, 0, "the probe script did not report (chromium exit " + p.exitValue() + ")");
            List<String> skipped = new ArrayList<>();
            Matcher skips = SKIPS.matcher(dom);
            if (skips.find()) for (Matcher r = SKIP.matcher(skips.group(1)); r.find(); ) skipped.add(unescape(r.group(1)));
            return new PageResult(page, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), skipped, null);
        } catch (IOException e) {
            return new PageResult(page, 0, 0, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PageResult(page, 0, 0, "interrupted");
        }
    }

    /** Text as --dump-dom escapes it, back to itself. */
    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
    }

    /**
     * A screenshot of {@code page} as Chromium renders it, {@code width} × {@code height} px; with
     * {@code fromSelector}, of a copy whose notebook cells before the first cell holding a match are
     * removed (a view that starts at, say, the first table). Returns the error, or null.
     */
    public static String screenshot(String chromium, Path page, Path png, int width, int height, String fromSelector) {
        Path view = page;
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            if (fromSelector != null) {
                view = page.resolveSibling("." + page.getFileName() + ".view.html");
                String html = Files.readString(page);
                String script = "<script>window.addEventListener('DOMContentLoaded', function () { var hit = document.querySelector('"
                        + fromSelector.replace("'", "\\'") + "'); var cell = hit && hit.closest('.jp-Cell, .cell');"
                        + " while (cell && cell.previousElementSibling) cell.previousElementSibling.remove(); });</script>";
                int at = html.lastIndexOf("</body>");
                Files.writeString(view, at < 0 ? html + script : html.substring(0, at) + script + html.substring(at));
            }
            Path profile = Files.createTempDirectory("glimpse-chromium");
            Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--virtual-time-budget=10000", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                    view.toUri().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); return "chromium timed out"; }
            return Files.isRegularFile(png) ? null : "chromium wrote no screenshot (exit " + p.exitValue() + ")";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (view != page) try { Files.deleteIfExists(view); } catch (IOException ignored) { /* a stray copy, hidden */ }
        }
    }
}
