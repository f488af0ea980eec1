package glimpse.data.glyphs;

import glimpse.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The two notebook pictures: cells hold exactly the images they claim to. */
class GlyphsPicturesTest {
    private static final int[] CLASSES = {'a', 'e', 0xE8, 0xE9, 0xEA, 0x3B1};
    private static final ImageSet SET = TestFaces.renderer(TestFaces.open(TestFaces.DEJAVU_SANS, TestFaces.LIBERATION_SERIF), 5, 3)
            .render(CLASSES).toImageSet("test");

    private static void assertCell(BufferedImage img, int row, int col, int index) {
        int x0 = 2 + col * 66, y0 = 2 + row * 66;
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                assertEquals(SET.pixel(index, 0, y, x), img.getRaster().getSample(x0 + x, y0 + y, 0), "cell " + row + "," + col);
    }

    @Test
    void familyStripShowsTheBaseLetterThenItsAccentedFormsOneColumnEach() {
        Map<String, int[]> fam = Glyphs.families(SET);
        assertArrayEquals(new int[]{1, 2, 3, 4}, fam.get("e"), "e è é ê in code point order after the base letter");
        BufferedImage img = Glyphs.familyStrip(SET, "e", 3);
        assertEquals(2 + 4 * 66, img.getWidth());
        assertEquals(2 + 3 * 66, img.getHeight());
        assertCell(img, 0, 0, SET.indicesOfClass(1)[0]);
        assertCell(img, 2, 3, SET.indicesOfClass(4)[2]);
        assertThrows(IllegalArgumentException.class, () -> Glyphs.familyStrip(SET, "z", 1));
    }

    @Test
    void sampleGridHasOneRowPerClassAndItsInstancesAcross() {
        BufferedImage img = Glyphs.sampleGrid(SET, 4, 5, 1);
        assertEquals(2 + 5 * 66, img.getWidth());
        assertEquals(2 + 4 * 66, img.getHeight());
        // each row shows five images of one class, in order
        for (int row = 0; row < 4; row++) {
            int label = -1;
            for (int c = 0; c < SET.classCount() && label < 0; c++) {
                int first = SET.indicesOfClass(c)[0];
                boolean same = true;
                for (int y = 0; y < 64 && same; y++)
                    for (int x = 0; x < 64 && same; x++)
                        same = SET.pixel(first, 0, y, x) == img.getRaster().getSample(2 + x, 2 + row * 66 + y, 0);
                if (same) label = c;
            }
            assertTrue(label >= 0, "row " + row + " does not start with a class's first image");
            for (int col = 0; col < 5; col++) assertCell(img, row, col, SET.indicesOfClass(label)[col]);
        }
    }
}
