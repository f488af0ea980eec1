package glimpse.data.glyphs;

import java.text.Normalizer;

/**
 * Decides whether a typeface really draws a character. {@link java.awt.Font#canDisplay} is not
 * enough: a font may map a character to its missing-glyph box or to an empty glyph, and a composite
 * font may borrow the glyph from a fallback font. Each check looks at the glyph this face itself
 * draws, compared with its own .notdef drawing.
 */
public final class GlyphProbe {
    /** Why a glyph is (not) usable. */
    public enum Verdict {
        /** a glyph of this face, with ink, unlike the face's .notdef box */
        REAL,
        /** the face's character map does not have the character */
        UNMAPPED,
        /** the glyph code points outside this face's own glyph table (a fallback font's glyph) */
        FALLBACK,
        /** the glyph draws nothing */
        EMPTY,
        /** the glyph looks like the face's own missing-glyph (.notdef) drawing */
        NOTDEF_LIKE,
        /** an accented letter drawn exactly like its base letter: the face lacks the mark */
        MARK_MISSING
    }

    /** Probe renderings: small, undistorted, centred by ink. */
    static final int SIZE = 40;
    static final double EM = 24;
    /** Below this ink (about two full pixels) a glyph counts as empty. */
    static final long MIN_INK = 2 * 255;
    /** Renderings closer than this to the .notdef rendering count as the box. */
    static final double NOTDEF_DISTANCE = 0.05;
    /** An accented letter this close to its base letter has lost its mark. */
    static final double SAME_AS_BASE_DISTANCE = 0.01;

    private final LoadedFace face;
    private final byte[] notdef;

    public GlyphProbe(LoadedFace face) {
        this.face = face;
        this.notdef = canonical(LoadedFace.NOTDEF);
    }

    public LoadedFace face() { return face; }

    /** The undistorted probe rendering of a glyph. */
    public byte[] canonical(int glyphCode) {
        return GlyphRenderer.render(face, glyphCode, EM, Jitter.NONE, SIZE);
    }

    public Verdict verdict(int codePoint) {
        if (!face.font().canDisplay(codePoint)) return Verdict.UNMAPPED;
        return verdictForGlyph(codePoint, face.glyphCode(codePoint));
    }

    /** The checks after the character map lookup; separate so tests can hand in a chosen glyph. */
    Verdict verdictForGlyph(int codePoint, int glyphCode) {
        if (glyphCode == face.missingGlyphCode() || glyphCode < 0) return Verdict.UNMAPPED;
        if (glyphCode >= face.font().getNumGlyphs()) return Verdict.FALLBACK;
        byte[] img = canonical(glyphCode);
        if (GlyphRenderer.ink(img) < MIN_INK) return Verdict.EMPTY;
        if (GlyphRenderer.ink(notdef) >= MIN_INK && GlyphRenderer.distance(img, notdef) < NOTDEF_DISTANCE) return Verdict.NOTDEF_LIKE;
        int base = baseOf(codePoint);
        if (base != codePoint && face.font().canDisplay(base)) {
            int baseGlyph = face.glyphCode(base);
            if (baseGlyph != face.missingGlyphCode() && baseGlyph < face.font().getNumGlyphs()
                    && GlyphRenderer.distance(img, canonical(baseGlyph)) < SAME_AS_BASE_DISTANCE) return Verdict.MARK_MISSING;
        }
        return Verdict.REAL;
    }

    private static int baseOf(int cp) {
        return Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD).codePointAt(0);
    }
}
