package glimpse.data.glyphs;

import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Glyphs splits, as lists of class code points. They are computed once by the manifest tool and
 * stored in the manifest; {@link #compute} is also what tests use to check the stored lists.
 * <ul>
 * <li>{@code base}, {@code val}, {@code novel}: class-disjoint, about 60/20/20, shuffled with the
 *     split seed within each script so every split has every script in proportion;</li>
 * <li>{@code latin} and {@code greek-cyrillic}: train on one script family, test on the other
 *     (cross-domain transfer); other scripts are in neither;</li>
 * <li>{@code fine-grained}: every class of each family (one base letter, e.g. e é è ê ë ē ė ę ě)
 *     that has at least {@link #MIN_ACCENTED_FORMS} accented forms, family by family.</li>
 * </ul>
 */
public final class GlyphSplits {
    private GlyphSplits() {}

    public static final List<String> NAMES = List.of("base", "val", "novel", "latin", "greek-cyrillic", "fine-grained");
    public static final double BASE_FRACTION = 0.6, VAL_FRACTION = 0.2;
    public static final int MIN_ACCENTED_FORMS = 3;

    public static Map<String, int[]> compute(int[] classCodePoints, long splitSeed) {
        List<GlyphClass> classes = new ArrayList<>();
        for (int cp : classCodePoints) classes.add(GlyphClass.of(cp));
        Map<String, int[]> out = new LinkedHashMap<>();

        Map<Character.UnicodeScript, List<Integer>> byScript = new TreeMap<>();
        for (GlyphClass g : classes) byScript.computeIfAbsent(g.script(), k -> new ArrayList<>()).add(g.codePoint());
        List<Integer> base = new ArrayList<>(), val = new ArrayList<>(), novel = new ArrayList<>();
        for (var e : byScript.entrySet()) {
            List<Integer> cps = new ArrayList<>(e.getValue());
            Draws.shuffle(cps, Seeds.glyphSplit(splitSeed, e.getKey()));
            int nBase = (int) Math.round(BASE_FRACTION * cps.size()), nVal = (int) Math.round(VAL_FRACTION * cps.size());
            base.addAll(cps.subList(0, nBase));
            val.addAll(cps.subList(nBase, Math.min(cps.size(), nBase + nVal)));
            novel.addAll(cps.subList(Math.min(cps.size(), nBase + nVal), cps.size()));
        }
        out.put("base", sorted(base));
        out.put("val", sorted(val));
        out.put("novel", sorted(novel));

        out.put("latin", classes.stream().filter(g -> g.script() == Character.UnicodeScript.LATIN).mapToInt(GlyphClass::codePoint).toArray());
        out.put("greek-cyrillic", classes.stream().filter(g -> g.script() == Character.UnicodeScript.GREEK
                || g.script() == Character.UnicodeScript.CYRILLIC).mapToInt(GlyphClass::codePoint).toArray());

        List<Integer> fine = new ArrayList<>();
        for (List<GlyphClass> family : families(classes).values()) {
            if (family.stream().filter(GlyphClass::accented).count() >= MIN_ACCENTED_FORMS)
                family.forEach(g -> fine.add(g.codePoint()));
        }
        out.put("fine-grained", fine.stream().mapToInt(Integer::intValue).toArray());
        return out;
    }

    /**
     * Classes grouped by family (base letter), families in order of their base letter's code point,
     * the base letter first within its family, then the accented forms by code point.
     */
    public static Map<String, List<GlyphClass>> families(List<GlyphClass> classes) {
        Map<String, List<GlyphClass>> byFamily = new TreeMap<>(Comparator.comparingInt((String s) -> s.codePointAt(0)));
        for (GlyphClass g : classes) byFamily.computeIfAbsent(g.family(), k -> new ArrayList<>()).add(g);
        for (List<GlyphClass> f : byFamily.values())
            f.sort(Comparator.comparing(GlyphClass::accented).thenComparingInt(GlyphClass::codePoint));
        return byFamily;
    }

    private static int[] sorted(List<Integer> cps) {
        return cps.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
