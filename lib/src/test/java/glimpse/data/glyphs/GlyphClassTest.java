package glimpse.data.glyphs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Names, scripts, cases, base letters and diacritics checked by hand against the Unicode charts. */
class GlyphClassTest {
    @Test
    void eWithAcute() {
        GlyphClass g = GlyphClass.of(0x00E9);
        assertEquals("é", g.character());
        assertEquals("LATIN SMALL LETTER E WITH ACUTE", g.unicodeName());
        assertEquals(Character.UnicodeScript.LATIN, g.script());
        assertEquals(LetterCase.LOWER, g.letterCase());
        assertEquals("e", g.baseLetter());
        assertEquals(List.of("acute accent"), g.diacritics());
        assertEquals("e", g.family());
        assertTrue(g.accented());
        assertEquals("U+00E9", g.hex());
    }

    @Test
    void eWithOgonek() {
        GlyphClass g = GlyphClass.of(0x0119);
        assertEquals("LATIN SMALL LETTER E WITH OGONEK", g.unicodeName());
        assertEquals("e", g.baseLetter());
        assertEquals(List.of("ogonek"), g.diacritics());
    }

    @Test
    void greekAlphaIsItsOwnFamilyHead() {
        GlyphClass g = GlyphClass.of(0x03B1);
        assertEquals("GREEK SMALL LETTER ALPHA", g.unicodeName());
        assertEquals(Character.UnicodeScript.GREEK, g.script());
        assertEquals(LetterCase.LOWER, g.letterCase());
        assertEquals("α", g.baseLetter());
        assertEquals(List.of(), g.diacritics());
        assertFalse(g.accented());
    }

    @Test
    void cyrillicCapitalZhe() {
        GlyphClass g = GlyphClass.of(0x0416);
        assertEquals("Ж", g.character());
        assertEquals("CYRILLIC CAPITAL LETTER ZHE", g.unicodeName());
        assertEquals(Character.UnicodeScript.CYRILLIC, g.script());
        assertEquals(LetterCase.UPPER, g.letterCase());
        assertEquals("Ж", g.family());
    }

    @Test
    void stackedMarksComeInDecompositionOrder() {
        // U+1EC7 ệ = e + U+0323 dot below + U+0302 circumflex (canonical order: below before above)
        GlyphClass v = GlyphClass.of(0x1EC7);
        assertEquals("LATIN SMALL LETTER E WITH CIRCUMFLEX AND DOT BELOW", v.unicodeName());
        assertEquals(List.of("dot below", "circumflex accent"), v.diacritics());
        // U+1F04 ἄ = α + U+0313 psili (comma above) + U+0301 oxia (acute)
        GlyphClass a = GlyphClass.of(0x1F04);
        assertEquals("α", a.baseLetter());
        assertEquals(List.of("comma above", "acute accent"), a.diacritics());
        // U+0419 Й = И + U+0306 breve
        GlyphClass i = GlyphClass.of(0x0419);
        assertEquals("И", i.baseLetter());
        assertEquals(List.of("breve"), i.diacritics());
    }

    @Test
    void lettersWithoutCanonicalDecompositionAreTheirOwnBase() {
        // ø has no canonical decomposition (the stroke is not a combining mark), so it heads its own family
        GlyphClass o = GlyphClass.of(0x00F8);
        assertEquals("LATIN SMALL LETTER O WITH STROKE", o.unicodeName());
        assertEquals("ø", o.baseLetter());
        assertTrue(o.diacritics().isEmpty());
    }

    @Test
    void candidatesExcludeDuplicatesDigraphsAndModifiers() {
        assertTrue(GlyphClass.isCandidate('A'));
        assertTrue(GlyphClass.isCandidate(0x00E9));
        assertTrue(GlyphClass.isCandidate(0x0416));
        assertFalse(GlyphClass.isCandidate(0x1F71), "U+1F71 is a canonical duplicate of U+03AC");
        assertFalse(GlyphClass.isCandidate(0x01C4), "DŽ is a compatibility digraph");
        assertFalse(GlyphClass.isCandidate(0x0132), "Ĳ is a compatibility ligature");
        assertFalse(GlyphClass.isCandidate(0x02B0), "ʰ is a modifier letter");
        assertFalse(GlyphClass.isCandidate('1'));
        assertFalse(GlyphClass.isCandidate(0x4E00), "Han is not one of the scripts");
    }
}
