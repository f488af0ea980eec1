package glimpse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens executed-notebook HTML pages in headless Chromium and counts the images that the browser
 * really decoded (naturalWidth &gt; 0), so "the figures are visible" is checked by a browser, not
 * by grepping for img tags. A copy of each page gets a small script that writes what it finds
 * into the DOM, which Chromium's --dump-dom then prints.
 */
public final class BrowserCheck {
    private BrowserCheck() {}

    /** One page: how many images it has and how many the browser decoded. */
    public record PageResult(Path page, int images, int decoded, String error) {
        public boolean ok() { return error == null && images > 0 && decoded == images; }
    }

    private static final String PROBE = """
            <script>window.addEventListener('load', function () {
              var imgs = Array.from(document.images), ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; });
              var d = document.createElement('div'); d.id = 'glimpse-image-check';
              d.textContent = 'images=' + imgs.length + ' decoded=' + ok.length; document.body.appendChild(d);
            });</script>""";
    private static final Pattern RESULT = Pattern.compile("id=\"glimpse-image-check\">images=(\\d+) decoded=(\\d+)<");

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
            return new PageResult(page, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), null);
        } catch (IOException e) {
            return new PageResult(page, 0, 0, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PageResult(page, 0, 0, "interrupted");
        }
    }
}
