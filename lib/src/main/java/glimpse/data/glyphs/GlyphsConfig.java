package glimpse.data.glyphs;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import glimpse.data.DatasetException;
import glimpse.data.Manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The Glyphs part of a manifest ({@code options}): how the set is rendered and from what. Field
 * meanings are documented in data-manifests/README.md, section "Glyphs".
 *
 * @param emPixels          em size in pixels before jitter (glyphs keep their relative sizes: o is smaller than O)
 * @param minTypefaces      a code point becomes a class only if this many distinct typefaces draw it
 * @param candidateRanges   Unicode ranges ("0041-005A") the manifest tool surveys for classes
 * @param classes           the classes, space-separated hex code points, in label order
 * @param splitSeed         seed of the class-disjoint base/val/novel split
 * @param homoglyphs        candidates left out because most typefaces draw them exactly like an
 *                          earlier class: dropped code point → the class it duplicates
 * @param renderedSha256    checksum of the rendered set (see {@link RenderedGlyphs#sha256()})
 */
@RecordBuilder
public record GlyphsConfig(int imageSize, double emPixels, int instancesPerClass, long seed, int minTypefaces,
                           Jitter.Spec jitter, List<FontFace> fonts, List<String> candidateRanges, String classes,
                           long splitSeed, Map<String, String> homoglyphs, String renderedSha256) implements GlyphsConfigBuilder.With {

    public static GlyphsConfig from(Manifest m) {
        JsonObject o = m.options();
        if (o == null) throw new DatasetException("Manifest " + m.location() + " has no options: the Glyphs reader needs them (data-manifests/README.md, Glyphs)");
        GlyphsConfig c;
        try {
            c = Manifest.gson().fromJson(o, GlyphsConfig.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new DatasetException("Manifest " + m.location() + ": options are not a valid Glyphs configuration: " + e.getMessage(), e);
        }
        if (c.imageSize() < 16 || c.emPixels() <= 0 || c.instancesPerClass() < 1 || c.jitter() == null
                || c.fonts() == null || c.fonts().isEmpty() || c.minTypefaces() < 1)
            throw new DatasetException("Manifest " + m.location() + ": options need imageSize >= 16, emPixels > 0, instancesPerClass >= 1, "
                    + "minTypefaces >= 1, jitter and a non-empty fonts list");
        return c;
    }

    /** The classes' code points in label order. */
    public int[] classCodePoints() {
        return parseCodePoints(classes);
    }

    public static int[] parseCodePoints(String hexList) {
        if (hexList == null || hexList.isBlank()) return new int[0];
        return Arrays.stream(hexList.trim().split("\\s+")).mapToInt(h -> Integer.parseInt(h.startsWith("U+") ? h.substring(2) : h, 16)).toArray();
    }

    public static String formatCodePoints(int[] cps) {
        StringBuilder sb = new StringBuilder();
        for (int cp : cps) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(String.format("%04X", cp));
        }
        return sb.toString();
    }

    /** Every code point in {@link #candidateRanges()} that {@link GlyphClass#isCandidate} admits. */
    public int[] candidateCodePoints() {
        List<Integer> out = new ArrayList<>();
        for (String r : candidateRanges == null ? List.<String>of() : candidateRanges) {
            String[] ends = r.split("-");
            int lo = Integer.parseInt(ends[0], 16), hi = Integer.parseInt(ends[ends.length - 1], 16);
            for (int cp = lo; cp <= hi; cp++) if (GlyphClass.isCandidate(cp)) out.add(cp);
        }
        return out.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }
}
