package glimpse.data.glyphs;

import glimpse.data.sampling.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Missing-glyph detection on real fonts. Caladea (fonts-crosextra-caladea) has no Greek at all,
 * which {@link java.awt.Font#canDisplay} confirms independently of the probe.
 */
class GlyphProbeTest {
    private static final List<LoadedFace> FACES = TestFaces.open(TestFaces.CALADEA, TestFaces.DEJAVU_SANS,
            TestFaces.LIBERATION_SERIF, TestFaces.NOTO_SANS_GEORGIAN);
    private static final LoadedFace CALADEA = FACES.get(0), DEJAVU = FACES.get(1), GEORGIAN_ONLY = FACES.get(3);
    private static final int[] GREEK = {0x3B1, 0x3B2, 0x3BB, 0x3A9, 0x394, 0x3AC};

    @Test
    void caladeaReallyLacksGreek() {
        for (int cp : GREEK) assertFalse(CALADEA.font().canDisplay(cp), GlyphClass.hex(cp));
        for (int cp : GREEK) assertEquals(GlyphProbe.Verdict.UNMAPPED, new GlyphProbe(CALADEA).verdict(cp), GlyphClass.hex(cp));
    }

    @Test
    void realGlyphsPass() {
        GlyphProbe dejavu = new GlyphProbe(DEJAVU), caladea = new GlyphProbe(CALADEA);
        for (int cp : GREEK) assertEquals(GlyphProbe.Verdict.REAL, dejavu.verdict(cp), GlyphClass.hex(cp));
        for (int cp : new int[]{'A', 'g', 0xE9, 0x119, 0x416}) assertEquals(GlyphProbe.Verdict.REAL, dejavu.verdict(cp), GlyphClass.hex(cp));
        for (int cp : new int[]{'A', 'g', 0xE9, 0x119}) assertEquals(GlyphProbe.Verdict.REAL, caladea.verdict(cp), GlyphClass.hex(cp));
    }

    @Test
    void aCharacterMappedToTheNotdefBoxIsRejected() {
        // as if a font mapped 'A' to its own missing-glyph drawing (glyph 0)
        for (LoadedFace f : FACES) {
            GlyphProbe.Verdict v = new GlyphProbe(f).verdictForGlyph('A', 0);
            assertTrue(v == GlyphProbe.Verdict.UNMAPPED || v == GlyphProbe.Verdict.NOTDEF_LIKE, f + ": " + v);
        }
        // a glyph that is not glyph 0 but draws the same box as .notdef: take the .notdef's rendering and compare
        GlyphProbe p = new GlyphProbe(DEJAVU);
        assertTrue(GlyphRenderer.distance(p.canonical(0), p.canonical(0)) < GlyphProbe.NOTDEF_DISTANCE);
        assertTrue(GlyphRenderer.distance(p.canonical(DEJAVU.glyphCode('A')), p.canonical(0)) > 0.5, "A is far from the box");
    }

    @Test
    void blankAndBorrowedGlyphsAreRejected() {
        GlyphProbe dejavu = new GlyphProbe(DEJAVU);
        assertEquals(GlyphProbe.Verdict.EMPTY, dejavu.verdict(' '), "a space draws nothing");
        assertEquals(GlyphProbe.Verdict.EMPTY, dejavu.verdict(0x00A0), "nor does a no-break space");
        // a glyph code outside the face's own table can only come from a fallback font
        assertEquals(GlyphProbe.Verdict.FALLBACK, dejavu.verdictForGlyph('A', DEJAVU.font().getNumGlyphs() + 5));
        // the Georgian-only Noto face has no Latin: no fallback lends it one
        assertEquals(GlyphProbe.Verdict.UNMAPPED, new GlyphProbe(GEORGIAN_ONLY).verdict('A'));
        assertEquals(GlyphProbe.Verdict.REAL, new GlyphProbe(GEORGIAN_ONLY).verdict(0x10D0));
    }

    @Test
    void noGreekClassDrawsFromALatinOnlyFontAndNoImageIsABox() {
        int[] classes = {0x3B1, 0x3B2, 0x3A9, 0x3AC, 'A', 0xE9, 0x10D0};
        long seed = 99;
        GlyphSetRenderer r = TestFaces.renderer(FACES, 8, seed);
        RenderedGlyphs set = r.render(classes);
        int caladeaGreek = 0, caladeaLatin = 0;
        for (int k = 0; k < set.count(); k++) {
            int cp = classes[set.labels()[k]];
            LoadedFace face = FACES.get(set.faces()[k]);
            boolean greek = Character.UnicodeScript.of(cp) == Character.UnicodeScript.GREEK;
            if (face == CALADEA && greek) caladeaGreek++;
            if (face == CALADEA && !greek) caladeaLatin++;
            assertTrue(face.font().canDisplay(cp), face + " cannot display " + GlyphClass.hex(cp));
            assertNotABox(set, k, face, cp, seed);
        }
        assertEquals(0, caladeaGreek, "a Greek class drew from Caladea");
        assertTrue(caladeaLatin > 0, "Caladea should still serve the Latin classes");
    }

    /** The image differs from the face's own .notdef drawn with the very same jitter, and has ink. */
    static void assertNotABox(RenderedGlyphs set, int k, LoadedFace face, int cp, long seed) {
        int i = k % (set.count() / set.codePoints().length);
        Jitter j = TestFaces.JITTER.draw(Seeds.glyphInstance(seed, cp, i));
        byte[] box = GlyphRenderer.render(face, 0, 40, j, 64);
        byte[] img = java.util.Arrays.copyOfRange(set.pixels(), k * 64 * 64, (k + 1) * 64 * 64);
        assertTrue(GlyphRenderer.ink(img) > 20 * 255, "image " + k + " of " + GlyphClass.hex(cp) + " is (nearly) blank");
        assertTrue(GlyphRenderer.distance(img, box) > 0.2, "image " + k + " of " + GlyphClass.hex(cp) + " from " + face + " looks like the .notdef box");
    }
}
