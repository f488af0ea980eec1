package glimpse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the report's pages load, copied into {@code <report>/assets/} so the folder renders the same
 * wherever it is copied (no CDN, no system path): KaTeX's script, auto-render extension, style and
 * woff2 fonts (from the KaTeX webjar on the classpath, MIT licence copied along) and the report's
 * own style sheet.
 */
public final class ReportAssets {
    private ReportAssets() {}

    /** The folder, relative to the report root, that holds the assets. */
    public static final String DIR = "assets";

    /** Where the webjar keeps the version it packages. */
    private static final String KATEX_POM = "META-INF/maven/org.webjars.npm/katex/pom.properties";
    private static final List<String> KATEX_FONTS = List.of("AMS-Regular", "Caligraphic-Bold", "Caligraphic-Regular", "Fraktur-Bold",
            "Fraktur-Regular", "Main-Bold", "Main-BoldItalic", "Main-Italic", "Main-Regular", "Math-BoldItalic", "Math-Italic",
            "SansSerif-Bold", "SansSerif-Italic", "SansSerif-Regular", "Script-Regular", "Size1-Regular", "Size2-Regular",
            "Size3-Regular", "Size4-Regular", "Typewriter-Regular");

    /** Copies the assets into {@code reportDir/assets} (overwriting older copies); returns the files written. */
    public static List<Path> install(Path reportDir) {
        Path dir = reportDir.resolve(DIR);
        List<Path> written = new ArrayList<>();
        String root = "META-INF/resources/webjars/katex/" + katexVersion() + "/";
        List<String[]> files = new ArrayList<>(List.of(
                new String[] {root + "dist/katex.min.js", "katex/katex.min.js"},
                new String[] {root + "dist/katex.min.css", "katex/katex.min.css"},
                new String[] {root + "dist/contrib/auto-render.min.js", "katex/auto-render.min.js"},
                new String[] {root + "LICENSE", "katex/LICENSE"},
                new String[] {"glimpse/report-assets/glimpse.css", "glimpse.css"}));
        // the style sheet lists woff2 first; every current browser takes it and never asks for woff or ttf
        for (String font : KATEX_FONTS)
            files.add(new String[] {root + "dist/fonts/KaTeX_" + font + ".woff2", "katex/fonts/KaTeX_" + font + ".woff2"});
        try {
            for (String[] f : files) {
                Path target = dir.resolve(f[1]);
                Files.createDirectories(target.getParent());
                try (InputStream in = resource(f[0])) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the report's assets into " + dir, e);
        }
        return written;
    }

    static String katexVersion() {
        try (InputStream in = resource(KATEX_POM)) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ReportAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null)
            throw new IllegalStateException("resource " + name + " is not on the classpath: the KaTeX webjar (org.webjars.npm:katex, lib/pom.xml) "
                    + "or lib's resources are missing; fix: mvn -pl lib package (./glimpse does it)");
        return in;
    }
}
