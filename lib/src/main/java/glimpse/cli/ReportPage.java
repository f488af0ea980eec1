package glimpse.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an nbconvert HTML page self-contained: the scripts nbconvert points at this machine's
 * system files (Debian's require.js and MathJax under file:///usr/share/javascript) or at a CDN are
 * removed, and KaTeX is loaded from the report's own {@code assets/} folder by a relative path and
 * run over the page, so the folder can be zipped and opened anywhere. Figures are already inline
 * (base64) and nbconvert inlines its style.
 */
public final class ReportPage {
    private ReportPage() {}

    /** A script element whose source is absolute (file:, http:, https:, protocol-relative). */
    private static final Pattern EXTERNAL_SCRIPT = Pattern.compile("<script[^>]*\\ssrc=\"(?:file:|https?:|//)[^\"]*\"[^>]*>\\s*</script>\\s*");
    /** nbconvert's MathJax configuration block, from its comment to its end marker. */
    private static final Pattern MATHJAX_CONFIG = Pattern.compile("(?s)<!-- MathJax configuration -->.*?<!-- End of mathjax configuration -->");
    private static final Pattern MATHJAX_COMMENT = Pattern.compile("<!-- Load mathjax -->\\s*");

    /**
     * Delimiters as the notebooks use them (and as Jupyter renders them): $…$ inline, $$…$$ and \[…\]
     * display, \(…\) inline. Code and pre blocks are left alone.
     */
    static String katex(String assets) {
        return """
                <link rel="stylesheet" href="%1$s/katex/katex.min.css">
                <script defer src="%1$s/katex/katex.min.js"></script>
                <script defer src="%1$s/katex/auto-render.min.js" onload="renderMathInElement(document.body, {
                  delimiters: [{left: '$$', right: '$$', display: true}, {left: '\\\\[', right: '\\\\]', display: true},
                               {left: '$', right: '$', display: false}, {left: '\\\\(', right: '\\\\)', display: false}],
                  ignoredTags: ['script', 'noscript', 'style', 'textarea', 'pre', 'code', 'option'],
                  ignoredClasses: ['jp-OutputArea', 'output_area'], throwOnError: false});"></script>
                """.formatted(assets);
    }

    /** The page with external scripts removed and KaTeX loaded from {@code assets} (a relative URL, e.g. "../assets"). */
    public static String selfContained(String html, String assets) {
        String out = MATHJAX_CONFIG.matcher(html).replaceAll("");
        out = MATHJAX_COMMENT.matcher(out).replaceAll("");
        out = EXTERNAL_SCRIPT.matcher(out).replaceAll("");
        int head = out.indexOf("</head>");
        String math = katex(assets);
        return head < 0 ? math + out : out.substring(0, head) + math + out.substring(head);
    }

    /** Rewrites {@code page} in place; {@code reportDir} is where assets/ lies. */
    public static void rewrite(Path page, Path reportDir) {
        try {
            Path rel = page.toAbsolutePath().getParent().relativize(reportDir.toAbsolutePath().resolve(ReportAssets.DIR));
            String assets = rel.toString().replace('\\', '/');
            Files.writeString(page, selfContained(Files.readString(page), assets.isEmpty() ? "." : assets));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite " + page + " to load its math renderer from the report folder", e);
        }
    }

    /** Every absolute URL a page still loads (script or link sources, images other than inline data): none in a self-contained page. */
    public static java.util.List<String> externalReferences(String html) {
        Matcher m = Pattern.compile("<(?:script|link|img)[^>]*\\s(?:src|href)=\"((?:file:|https?:|//)[^\"]*)\"").matcher(html);
        java.util.List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
