package glimpse.data.glyphs;

import glimpse.Glimpse;
import glimpse.data.Dataset;
import glimpse.data.DatasetException;
import glimpse.data.DatasetReader;
import glimpse.data.ImageSet;
import glimpse.data.Manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reader "glyphs": renders the set from the manifest's font files on first use, caches it, and on
 * every load checks it against the manifest's checksum. A different rendering (other font versions,
 * another rasteriser) is never used silently: it is an error until the user accepts that exact
 * rendering (GLIMPSE_GLYPHS_ACCEPT=&lt;its sha256&gt;).
 */
public final class GlyphsDatasetReader implements DatasetReader {
    static final String ACCEPT_PROPERTY = "glimpse.glyphs.accept", ACCEPT_ENV = "GLIMPSE_GLYPHS_ACCEPT";
    static final String RERENDER_PROPERTY = "glimpse.glyphs.rerender", RERENDER_ENV = "GLIMPSE_GLYPHS_RERENDER";

    /** The rendered set with how it was obtained. */
    public record Loaded(GlyphsConfig config, RenderedGlyphs set, boolean fromCache, double seconds, Path cacheFile,
                         boolean matchesManifest) {}

    @Override
    public Dataset read(Manifest m) {
        return toDataset(m, obtain(m));
    }

    @Override
    public CheckReport check(Manifest m) {
        List<String> lines = new ArrayList<>();
        try {
            Loaded l = obtain(m);
            Dataset d = toDataset(m, l);
            GlyphsConfig c = l.config();
            int[] cps = l.set().codePoints();
            Map<String, Long> scripts = Arrays.stream(cps).mapToObj(cp -> Character.UnicodeScript.of(cp).name())
                    .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
            long typefaces = c.fonts().stream().map(FontFace::typeface).distinct().count();
            List<String> packages = c.fonts().stream().map(FontFace::debianPackage).distinct().sorted().toList();
            lines.add("classes:   " + cps.length + " (code points with a real glyph in >= " + c.minTypefaces() + " typefaces"
                    + (c.homoglyphs() == null ? "" : "; " + c.homoglyphs().size() + " homoglyphs left out") + ")");
            lines.add("instances: " + c.instancesPerClass() + " per class, " + l.set().count() + " images of "
                    + c.imageSize() + "x" + c.imageSize() + "x1");
            lines.add("fonts:     " + c.fonts().size() + " font files, " + typefaces + " typefaces, from " + packages.size()
                    + " Debian packages: " + String.join(" ", packages));
            lines.add("scripts:   " + scripts.entrySet().stream().map(e -> e.getKey().toLowerCase() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
            lines.add("splits:    " + d.splits().entrySet().stream().filter(e -> !e.getKey().equals("all"))
                    .map(e -> e.getKey() + " " + e.getValue().classCount()).collect(Collectors.joining(", ")) + " classes");
            lines.add("checksum:  sha256 " + l.set().sha256() + (l.matchesManifest() ? " (matches the manifest)"
                    : " (ACCEPTED by " + ACCEPT_ENV + "; the manifest says " + c.renderedSha256() + ")"));
            lines.add("cache:     " + l.cacheFile() + String.format(l.fromCache() ? " (loaded in %.2f s)" : " (rendered in %.1f s)", l.seconds()));
            return new CheckReport(true, lines);
        } catch (DatasetException e) {
            lines.add(e.getMessage());
            return new CheckReport(false, lines);
        }
    }

    /** The rendered set: from the cache if it holds this manifest's rendering, else rendered (and cached). */
    public static Loaded obtain(Manifest m) {
        long t0 = System.nanoTime();
        GlyphsConfig c = GlyphsConfig.from(m);
        int[] classes = c.classCodePoints();
        if (classes.length == 0)
            throw DatasetException.of("The manifest lists no classes (options.classes is empty)", m.location(), m,
                    "regenerate it: " + GlyphsManifestTool.COMMAND);
        Path file = GlyphCache.file(c);
        String rr = Glimpse.setting(RERENDER_PROPERTY, RERENDER_ENV, "false");
        boolean rerender = rr.equals("1") || rr.equalsIgnoreCase("true");
        RenderedGlyphs r = null;
        if (!rerender && Files.isRegularFile(file)) {
            try {
                r = GlyphCache.read(file);
                if (!Arrays.equals(r.codePoints(), classes)) {
                    System.err.println("Glyphs cache " + file + " holds other classes than the manifest; re-rendering.");
                    r = null;
                }
            } catch (IOException e) {
                System.err.println("Glyphs cache " + file + " is unusable (" + e.getMessage() + "); re-rendering.");
            }
        }
        boolean fromCache = r != null;
        if (r == null) {
            List<LoadedFace> faces = FontFiles.open(c.fonts(), m);
            try {
                r = GlyphSetRenderer.of(c, faces).render(classes);
            } catch (IllegalStateException e) {
                throw DatasetException.of("The listed font files cannot render the manifest's classes: " + e.getMessage(), m.location(), m,
                        "install the font versions the manifest was made with, or regenerate it: " + GlyphsManifestTool.COMMAND);
            }
            try {
                GlyphCache.write(file, r);
            } catch (IOException e) {
                System.err.println("Could not write the Glyphs cache " + file + " (" + e.getMessage() + "); the next load renders again.");
            }
        }
        boolean matches = verify(m, c, r, file);
        return new Loaded(c, r, fromCache, (System.nanoTime() - t0) / 1e9, file, matches);
    }

    /** True if the rendering is the manifest's; false if it differs but the user accepted exactly it; else an error. */
    static boolean verify(Manifest m, GlyphsConfig c, RenderedGlyphs r, Path cacheFile) {
        if (r.sha256().equals(c.renderedSha256())) return true;
        String accepted = Glimpse.setting(ACCEPT_PROPERTY, ACCEPT_ENV, null);
        if (r.sha256().equals(accepted)) {
            System.err.println("Note: using a Glyphs rendering that differs from the manifest's (sha256 " + r.sha256()
                    + ", accepted by " + ACCEPT_ENV + "); results are not comparable with ones made on the manifest's rendering.");
            return false;
        }
        List<String> changed = new ArrayList<>();
        for (FontFace f : c.fonts()) {
            if (f.sha256() != null && !f.sha256().equals(FontFiles.sha256(f.file()))) changed.add(f.file() + " (" + f.debianPackage() + ")");
        }
        String why = changed.isEmpty()
                ? "All font files match the manifest's checksums, so the rasteriser differs (another JDK build or FreeType)."
                : changed.size() + " font files differ from the ones the manifest was made with: " + String.join(", ", changed.subList(0, Math.min(8, changed.size())))
                  + (changed.size() > 8 ? ", ..." : "");
        throw DatasetException.of("The rendered Glyphs set differs from the one the manifest describes and is NOT used:\n"
                        + "    rendered sha256 " + r.sha256() + "\n    manifest sha256 " + c.renderedSha256() + "\n    " + why,
                cacheFile, m,
                "either install the font versions of the manifest and re-render (" + RERENDER_ENV + "=1, or -D" + RERENDER_PROPERTY + "=true);"
                        + " or accept this rendering as your set: " + ACCEPT_ENV + "=" + r.sha256() + " (or -D" + ACCEPT_PROPERTY + "=" + r.sha256() + ")"
                        + " — numbers made on it are then not comparable with the manifest's; maintainers update the manifest with "
                        + GlyphsManifestTool.COMMAND);
    }

    static Dataset toDataset(Manifest m, Loaded l) {
        ImageSet all = l.set().toImageSet(m.id() + "/all");
        Map<Integer, Integer> labelOf = new HashMap<>();
        int[] cps = l.set().codePoints();
        for (int i = 0; i < cps.length; i++) labelOf.put(cps[i], i);
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        splits.put("all", all);
        if (m.splits() != null) {
            for (var e : m.splits().entrySet()) {
                int[] members = GlyphsConfig.parseCodePoints(e.getValue());
                int[] labels = new int[members.length];
                for (int k = 0; k < members.length; k++) {
                    Integer y = labelOf.get(members[k]);
                    if (y == null) throw new DatasetException("Manifest " + m.location() + ": split '" + e.getKey() + "' lists "
                            + GlyphClass.hex(members[k]) + ", which is not among options.classes");
                    labels[k] = y;
                }
                splits.put(e.getKey(), all.restrictToClasses(m.id() + "/" + e.getKey(), labels));
            }
        }
        return new Dataset(m, splits);
    }
}
