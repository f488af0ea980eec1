package glimpse.data.glyphs;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;

/**
 * A font file opened with {@link Font#createFont}: a physical font, so Java never substitutes
 * glyphs from another font for it (only logical fonts such as "Dialog" do that).
 *
 * @param index position of the face in the manifest's font list
 */
public record LoadedFace(int index, FontFace spec, Font font) {
    /** Outlines are taken at this size and scaled down, so no hinting distorts them. */
    static final float OUTLINE_SIZE = 256f;
    static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    /** The glyph id this font's own character map gives the code point, or the missing-glyph code. */
    public int glyphCode(int codePoint) {
        GlyphVector gv = font.createGlyphVector(FRC, new String(Character.toChars(codePoint)));
        return gv.getNumGlyphs() == 1 ? gv.getGlyphCode(0) : font.getMissingGlyphCode();
    }

    public int missingGlyphCode() { return font.getMissingGlyphCode(); }

    /** Glyph 0, the font's own .notdef (missing-glyph) drawing. */
    public static final int NOTDEF = 0;

    /** The outline of a glyph at an em of {@code emPixels}, y pointing down, origin on the baseline. */
    public Shape outline(int glyphCode, double emPixels) {
        Shape s = font.createGlyphVector(FRC, new int[]{glyphCode}).getGlyphOutline(0);
        return AffineTransform.getScaleInstance(emPixels / OUTLINE_SIZE, emPixels / OUTLINE_SIZE).createTransformedShape(s);
    }

    @Override public String toString() { return spec.fileName(); }
}
