package glimpse.data.glyphs;

import java.util.List;

/** A few real font files from the manifest's packages, for tests that render a small subset. */
final class TestFaces {
    private TestFaces() {}

    static final FontFace CALADEA = new FontFace("/usr/share/fonts/truetype/crosextra/Caladea-Regular.ttf",
            "fonts-crosextra-caladea", "Caladea", "regular", null);
    static final FontFace DEJAVU_SANS = new FontFace("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "fonts-dejavu-core", "DejaVu Sans", "regular", null);
    static final FontFace DEJAVU_SANS_BOLD = new FontFace("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
            "fonts-dejavu-core", "DejaVu Sans", "bold", null);
    static final FontFace LIBERATION_SERIF = new FontFace("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
            "fonts-liberation", "Liberation Serif", "regular", null);
    static final FontFace FREE_SERIF_ITALIC = new FontFace("/usr/share/fonts/truetype/freefont/FreeSerifItalic.ttf",
            "fonts-freefont-ttf", "FreeSerif", "italic", null);
    static final FontFace NOTO_SANS_GEORGIAN = new FontFace("/usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf",
            "fonts-noto-core", "Noto Sans", "regular", null);

    static List<LoadedFace> open(FontFace... faces) {
        return FontFiles.open(List.of(faces), null);
    }

    static final Jitter.Spec JITTER = new Jitter.Spec(0.9, 1.1, 8, 0.15, 3, 0.3, 1.5);

    static GlyphSetRenderer renderer(List<LoadedFace> faces, int instances, long seed) {
        return new GlyphSetRenderer(faces, 64, 40, instances, seed, JITTER);
    }
}
