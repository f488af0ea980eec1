package glimpse.data.glyphs;


import glimpse.data.Manifests;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Determinism, centring and box-freedom of rendered instances, on a small subset of fonts × classes. */
class GlyphRenderingTest {
    private static final int[] CLASSES = {'e', 0xE9, 0x119, 0x3B1, 0x416, 'W', 'g', 0x1EC7};

    private static List<LoadedFace> faces() {
        return TestFaces.open(TestFaces.DEJAVU_SANS, TestFaces.DEJAVU_SANS_BOLD, TestFaces.LIBERATION_SERIF,
                TestFaces.FREE_SERIF_ITALIC, TestFaces.CALADEA);
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() {
        RenderedGlyphs a = TestFaces.renderer(faces(), 6, 7).render(CLASSES);
        RenderedGlyphs b = TestFaces.renderer(faces(), 6, 7).render(CLASSES);  // fonts opened afresh
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.faces(), b.faces());
        assertEquals(a.sha256(), b.sha256());
        assertEquals(a.sha256(), RenderedGlyphs.checksum(64, CLASSES, a.labels(), a.pixels()), "checksum is of the content");
        RenderedGlyphs c = TestFaces.renderer(faces(), 6, 8).render(CLASSES);
        assertFalse(Arrays.equals(a.pixels(), c.pixels()));
        assertNotEquals(a.sha256(), c.sha256());
    }

    @Test
    void anImageDependsOnlyOnItsClassNotOnTheOtherClassesOrTheirOrder() {
        int[] reversed = new int[CLASSES.length];
        for (int i = 0; i < CLASSES.length; i++) reversed[i] = CLASSES[CLASSES.length - 1 - i];
        RenderedGlyphs a = TestFaces.renderer(faces(), 4, 3).render(CLASSES);
        RenderedGlyphs b = TestFaces.renderer(faces(), 4, 3).render(reversed);
        RenderedGlyphs one = TestFaces.renderer(faces(), 4, 3).render(new int[]{0x119});
        int px = 64 * 64 * 4;
        for (int c = 0; c < CLASSES.length; c++) {
            int rc = CLASSES.length - 1 - c;
            assertArrayEquals(Arrays.copyOfRange(a.pixels(), c * px, (c + 1) * px), Arrays.copyOfRange(b.pixels(), rc * px, (rc + 1) * px));
        }
        assertArrayEquals(Arrays.copyOfRange(a.pixels(), 2 * px, 3 * px), one.pixels());
    }

    @Test
    void instancesAreCentredByInkWithinTheTranslationJitterAndComeFromSeveralTypefaces() {
        List<LoadedFace> faces = faces();
        RenderedGlyphs r = TestFaces.renderer(faces, 10, 11).render(CLASSES);
        for (int k = 0; k < r.count(); k++) {
            int minX = 64, maxX = -1, minY = 64, maxY = -1;
            for (int y = 0; y < 64; y++)
                for (int x = 0; x < 64; x++)
                    if (r.pixels()[k * 4096 + y * 64 + x] != 0) {
                        minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
                    }
            assertTrue(maxX >= 0, "blank image " + k);
            // ink centre within maxTranslate (3) + 1 rounding pixel of the image centre (31.5)
            assertEquals(31.5, (minX + maxX) / 2.0, 4.01, "x centre of image " + k);
            assertEquals(31.5, (minY + maxY) / 2.0, 4.01, "y centre of image " + k);
            assertTrue(minX >= 1 && minY >= 1 && maxX <= 62 && maxY <= 62, "ink touches the border in image " + k);
        }
        for (int c = 0; c < CLASSES.length; c++) {
            int first = c * 10;
            long typefaces = java.util.stream.IntStream.range(first, first + 10)
                    .mapToObj(k -> faces.get(r.faces()[k]).spec().typeface()).distinct().count();
            int cp = CLASSES[c];
            long available = faces.stream().filter(f -> f.font().canDisplay(cp)).map(f -> f.spec().typeface()).distinct().count();
            // 10 instances round-robin over typefaces: every typeface that has the letter is used (Liberation and Caladea lack ệ)
            assertEquals(available, typefaces, GlyphClass.hex(cp) + " drew from " + typefaces + " of " + available + " typefaces");
        }
    }

    @Test
    void manifestClassesSampledAtRandomRenderWithoutABoxFromAFewManifestFonts() {
        GlyphsConfig c = GlyphsConfig.from(Manifests.of("glyphs"));
        int[] all = c.classCodePoints();
        Random rnd = new Random(2024);
        int[] sample = rnd.ints(0, all.length).distinct().limit(30).map(i -> all[i]).sorted().toArray();
        // six manifest faces: a Latin-only, Latin+Greek+Cyrillic ones, and the Georgian/Armenian Noto faces
        List<FontFace> chosen = c.fonts().stream().filter(f -> f.file().endsWith("Caladea-Regular.ttf") || f.file().endsWith("DejaVuSerif.ttf")
                || f.file().endsWith("FreeSans.ttf") || f.file().endsWith("NotoSerif-Regular.ttf")
                || f.file().endsWith("NotoSansGeorgian-Regular.ttf") || f.file().endsWith("NotoSansArmenian-Regular.ttf")).toList();
        assertEquals(6, chosen.size());
        List<LoadedFace> faces = FontFiles.open(chosen, null);
        GlyphSetRenderer r = TestFaces.renderer(faces, 3, c.seed());
        GlyphProbe.Verdict[][] cover = r.coverage(sample);
        int[] drawable = java.util.stream.IntStream.range(0, sample.length)
                .filter(i -> Arrays.stream(cover[i]).anyMatch(v -> v == GlyphProbe.Verdict.REAL)).map(i -> sample[i]).toArray();
        assertTrue(drawable.length >= 20, "these faces should draw most sampled classes");
        RenderedGlyphs set = r.render(drawable);
        for (int k = 0; k < set.count(); k++) {
            int cp = drawable[set.labels()[k]];
            GlyphProbeTest.assertNotABox(set, k, faces.get(set.faces()[k]), cp, c.seed());
        }
    }
}
