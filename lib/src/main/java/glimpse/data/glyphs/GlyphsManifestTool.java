package glimpse.data.glyphs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import glimpse.Glimpse;
import glimpse.data.Manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes the derived part of the Glyphs manifest: which candidate code points become classes, the
 * splits, the font files' checksums and the rendered set's checksum. It reads the hand-written part
 * (fonts, candidate ranges, rendering options) from the same file. Maintainers run it after changing
 * fonts or options; users never need to.
 * <ol>
 * <li>Survey: every candidate code point × every face gets a {@link GlyphProbe.Verdict}.</li>
 * <li>Classes: candidates that at least {@code minTypefaces} distinct typefaces really draw.</li>
 * <li>Homoglyphs: two candidates that most faces drawing both draw identically (Latin A, Greek
 *     Alpha, Cyrillic A) cannot be told apart from pixels; only one is kept: the one more typefaces
 *     draw (the common letter, not a rare look-alike: Greek Σ, not Latin Ʃ), then Latin before Greek
 *     before Cyrillic before other scripts, then the lower code point.</li>
 * <li>Splits ({@link GlyphSplits}), rendering, checksum; the cache is written too.</li>
 * </ol>
 */
public final class GlyphsManifestTool {
    private GlyphsManifestTool() {}

    public static final String COMMAND = "java -cp <glimpse-lib classpath> glimpse.data.glyphs.GlyphsManifestTool data-manifests/glyphs.json";

    /** Two renderings closer than this (see GlyphRenderer.distance) are the same drawing. */
    static final double HOMOGLYPH_DISTANCE = 0.02;

    private static final List<Character.UnicodeScript> SCRIPT_PRIORITY = List.of(Character.UnicodeScript.LATIN,
            Character.UnicodeScript.GREEK, Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.ARMENIAN,
            Character.UnicodeScript.GEORGIAN, Character.UnicodeScript.COPTIC);

    public static void main(String[] args) throws IOException {
        Path path = args.length > 0 ? Path.of(args[0]).toAbsolutePath() : Glimpse.manifestsDir().resolve("glyphs.json");
        long t0 = System.nanoTime();
        Manifest m = Manifest.read(path);
        GlyphsConfig c = GlyphsConfig.from(m);
        List<LoadedFace> faces = FontFiles.open(c.fonts(), m);
        GlyphSetRenderer renderer = GlyphSetRenderer.of(c, faces);

        int[] candidates = c.candidateCodePoints();
        System.out.printf("survey: %d candidates x %d faces%n", candidates.length, faces.size());
        GlyphProbe.Verdict[][] verdicts = renderer.coverage(candidates);
        Map<Long, Integer> sameDrawing = homoglyphCounts(faces, candidates, verdicts);

        int[] typefaces = Arrays.stream(verdicts).mapToInt(renderer::typefaceCount).toArray();
        Integer[] order = IntStream.range(0, candidates.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -typefaces[i])
                .thenComparingInt(i -> SCRIPT_PRIORITY.indexOf(Character.UnicodeScript.of(candidates[i])))
                .thenComparingInt(i -> candidates[i]));
        boolean[] kept = new boolean[candidates.length];
        Map<String, String> dropped = new TreeMap<>();
        int tooFew = 0;
        for (int i : order) {
            if (typefaces[i] < c.minTypefaces()) { tooFew++; continue; }
            Integer twin = null;
            for (int j = 0; j < candidates.length && twin == null; j++) {
                if (!kept[j]) continue;
                Integer same = sameDrawing.get(pair(i, j));
                if (same == null) continue;
                int common = 0;
                for (int f = 0; f < faces.size(); f++)
                    if (verdicts[i][f] == GlyphProbe.Verdict.REAL && verdicts[j][f] == GlyphProbe.Verdict.REAL) common++;
                if (2 * same >= common) twin = j;
            }
            if (twin != null) dropped.put(String.format("%04X", candidates[i]), String.format("%04X", candidates[twin]));
            else kept[i] = true;
        }
        int[] classes = IntStream.range(0, candidates.length).filter(i -> kept[i]).map(i -> candidates[i]).toArray();
        GlyphProbe.Verdict[][] classVerdicts = IntStream.range(0, candidates.length).filter(i -> kept[i]).mapToObj(i -> verdicts[i])
                .toArray(GlyphProbe.Verdict[][]::new);
        System.out.printf("classes: %d (%d candidates drawn by fewer than %d typefaces, %d homoglyphs left out)%n",
                classes.length, tooFew, c.minTypefaces(), dropped.size());

        long t1 = System.nanoTime();
        RenderedGlyphs rendered = renderer.render(classes, classVerdicts);
        System.out.printf("rendered %d images in %.1f s%n", rendered.count(), (System.nanoTime() - t1) / 1e9);
        Map<String, int[]> splits = GlyphSplits.compute(classes, c.splitSeed());

        JsonObject json = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
        JsonObject options = json.getAsJsonObject("options");
        options.addProperty("classes", GlyphsConfig.formatCodePoints(classes));
        JsonObject homo = new JsonObject();
        dropped.forEach(homo::addProperty);
        options.add("homoglyphs", homo);
        options.addProperty("renderedSha256", rendered.sha256());
        JsonArray fonts = options.getAsJsonArray("fonts");
        for (int f = 0; f < fonts.size(); f++)
            fonts.get(f).getAsJsonObject().addProperty("sha256", FontFiles.sha256(c.fonts().get(f).file()));
        JsonObject sp = new JsonObject();
        splits.forEach((k, v) -> sp.addProperty(k, GlyphsConfig.formatCodePoints(v)));
        json.add("splits", sp);
        Files.writeString(path, Manifest.gson().toJson(json) + "\n", StandardCharsets.UTF_8);

        GlyphsConfig written = GlyphsConfig.from(Manifest.read(path));
        GlyphCache.write(GlyphCache.file(written), rendered);
        summary(classes, classVerdicts, renderer, splits);
        System.out.printf("wrote %s (sha256 %s) and %s in %.1f s%n", path, rendered.sha256(), GlyphCache.file(written),
                (System.nanoTime() - t0) / 1e9);
    }

    /** For each pair of candidates, in how many faces the two probe renderings are the same drawing. */
    static Map<Long, Integer> homoglyphCounts(List<LoadedFace> faces, int[] cps, GlyphProbe.Verdict[][] verdicts) {
        Map<Long, Integer> counts = new ConcurrentHashMap<>();
        GlyphSetRenderer.parallel(faces.size(), f -> {
            GlyphProbe probe = new GlyphProbe(faces.get(f));
            List<int[]> real = new ArrayList<>();  // {candidate index, ink}
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < cps.length; i++) {
                if (verdicts[i][f] != GlyphProbe.Verdict.REAL) continue;
                byte[] img = probe.canonical(faces.get(f).glyphCode(cps[i]));
                real.add(new int[]{i, (int) GlyphRenderer.ink(img), images.size()});
                images.add(img);
            }
            real.sort(Comparator.comparingInt(r -> r[1]));
            for (int a = 0; a < real.size(); a++) {
                for (int b = a + 1; b < real.size(); b++) {
                    // distance >= (inkB - inkA) / inkB, so once inks differ this much no later one can match
                    if (real.get(b)[1] - real.get(a)[1] > HOMOGLYPH_DISTANCE * real.get(b)[1]) break;
                    if (GlyphRenderer.distance(images.get(real.get(a)[2]), images.get(real.get(b)[2])) < HOMOGLYPH_DISTANCE)
                        counts.merge(pair(real.get(a)[0], real.get(b)[0]), 1, Integer::sum);
                }
            }
        });
        return counts;
    }

    private static long pair(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    private static void summary(int[] classes, GlyphProbe.Verdict[][] v, GlyphSetRenderer r, Map<String, int[]> splits) {
        Map<String, Long> scripts = Arrays.stream(classes).mapToObj(cp -> Character.UnicodeScript.of(cp).name())
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        int[] tf = Arrays.stream(v).mapToInt(r::typefaceCount).sorted().toArray();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        splits.forEach((k, s) -> sizes.put(k, s.length));
        System.out.println("scripts: " + scripts);
        System.out.printf("typefaces per class: min %d, median %d, max %d%n", tf[0], tf[tf.length / 2], tf[tf.length - 1]);
        System.out.println("splits: " + sizes);
    }
}
