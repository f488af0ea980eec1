package glimpse.data.glyphs;


import glimpse.data.Manifests;
import glimpse.data.Manifest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The splits the manifest records (checked without rendering anything) and the split rules on a hand-made case. */
class GlyphSplitsTest {
    private static final Manifest M = Manifests.of("glyphs");
    private static final GlyphsConfig C = GlyphsConfig.from(M);
    private static final int[] CLASSES = C.classCodePoints();

    private static int[] split(String name) {
        assertTrue(M.splits().containsKey(name), "manifest lacks split " + name);
        return GlyphsConfig.parseCodePoints(M.splits().get(name));
    }

    @Test
    void manifestHasAtLeast400ClassesAllDistinctCandidates() {
        assertTrue(CLASSES.length >= 400, "only " + CLASSES.length + " classes");
        assertEquals(CLASSES.length, Arrays.stream(CLASSES).distinct().count());
        for (int cp : CLASSES) assertTrue(GlyphClass.isCandidate(cp), GlyphClass.hex(cp) + " is not a candidate letter");
    }

    @Test
    void baseValNovelAreClassDisjointAndCoverEveryClassOnce() {
        int[] base = split("base"), val = split("val"), novel = split("novel");
        int[] together = IntStream.concat(IntStream.concat(Arrays.stream(base), Arrays.stream(val)), Arrays.stream(novel)).sorted().toArray();
        int[] all = Arrays.stream(CLASSES).sorted().toArray();
        assertArrayEquals(all, together, "base+val+novel must be every class exactly once");
        double n = CLASSES.length;
        assertEquals(0.6, base.length / n, 0.01);
        assertEquals(0.2, val.length / n, 0.01);
        assertEquals(0.2, novel.length / n, 0.01);
    }

    @Test
    void recordedSplitsAreTheOnesTheSeedGives() {
        Map<String, int[]> again = GlyphSplits.compute(CLASSES, C.splitSeed());
        for (String name : GlyphSplits.NAMES) assertArrayEquals(again.get(name), split(name), name);
        // and another seed gives another partition
        assertFalse(Arrays.equals(GlyphSplits.compute(CLASSES, C.splitSeed() + 1).get("base"), split("base")));
    }

    @Test
    void crossScriptSplitSeparatesLatinFromGreekAndCyrillic() {
        int[] latin = split("latin"), gc = split("greek-cyrillic");
        for (int cp : latin) assertEquals(Character.UnicodeScript.LATIN, Character.UnicodeScript.of(cp));
        Set<Character.UnicodeScript> seen = new HashSet<>();
        for (int cp : gc) seen.add(Character.UnicodeScript.of(cp));
        assertEquals(Set.of(Character.UnicodeScript.GREEK, Character.UnicodeScript.CYRILLIC), seen);
        long latinClasses = Arrays.stream(CLASSES).filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN).count();
        assertEquals(latinClasses, latin.length, "every Latin class is in the latin split");
    }

    @Test
    void fineGrainedHoldsTheAccentedFamilyOfE() {
        Set<Integer> fine = new HashSet<>();
        for (int cp : split("fine-grained")) fine.add(cp);
        // e é è ê ë ē ė ę ě, checked by hand
        for (int cp : new int[]{'e', 0xE9, 0xE8, 0xEA, 0xEB, 0x113, 0x117, 0x119, 0x11B})
            assertTrue(fine.contains(cp), GlyphClass.hex(cp) + " missing from fine-grained");
        Map<String, Long> accentedPerFamily = Arrays.stream(CLASSES).mapToObj(GlyphClass::of).filter(GlyphClass::accented)
                .collect(java.util.stream.Collectors.groupingBy(GlyphClass::family, java.util.stream.Collectors.counting()));
        for (int cp : fine) {
            long n = accentedPerFamily.getOrDefault(GlyphClass.of(cp).family(), 0L);
            assertTrue(n >= 3, GlyphClass.hex(cp) + " is in a family with only " + n + " accented forms");
        }
        // and every family with >= 3 accented forms is there in full
        for (int cp : CLASSES) {
            if (accentedPerFamily.getOrDefault(GlyphClass.of(cp).family(), 0L) >= 3)
                assertTrue(fine.contains(cp), GlyphClass.hex(cp) + " belongs to a fine-grained family but is missing");
        }
    }

    @Test
    void splitRulesOnAHandMadeCase() {
        // e é è ê (3 accented e's), a á (1 accented a), Greek α ά ὰ ᾶ (3 accented), Cyrillic и й
        int[] cps = {'a', 'e', 0xE1, 0xE8, 0xE9, 0xEA, 0x3B1, 0x3AC, 0x1F70, 0x1FB6, 0x438, 0x439};
        Map<String, int[]> s = GlyphSplits.compute(cps, 5);
        assertArrayEquals(new int[]{'e', 0xE8, 0xE9, 0xEA, 0x3B1, 0x3AC, 0x1F70, 0x1FB6}, s.get("fine-grained"));
        assertArrayEquals(new int[]{'a', 'e', 0xE1, 0xE8, 0xE9, 0xEA}, s.get("latin"));
        assertArrayEquals(new int[]{0x3B1, 0x3AC, 0x1F70, 0x1FB6, 0x438, 0x439}, s.get("greek-cyrillic"));
        // per script: 6 Latin -> 4/1/1, 4 Greek -> 2/1/1 (round(2.4)=2, round(0.8)=1), 2 Cyrillic -> 1/0/1
        assertEquals(4 + 2 + 1, s.get("base").length);
        assertEquals(1 + 1 + 0, s.get("val").length);
        assertEquals(1 + 1 + 1, s.get("novel").length);
    }

    @Test
    void familiesPutTheBaseLetterFirst() {
        List<GlyphClass> classes = IntStream.of(0xE9, 'e', 0xE8).mapToObj(GlyphClass::of).toList();
        List<GlyphClass> e = GlyphSplits.families(classes).get("e");
        assertEquals(List.of((int) 'e', 0xE8, 0xE9), e.stream().map(GlyphClass::codePoint).toList());
    }
}
