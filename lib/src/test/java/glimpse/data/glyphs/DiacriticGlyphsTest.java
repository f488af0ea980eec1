package glimpse.data.glyphs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DiacriticGlyphsTest {
    @TempDir static Path tmp;
    private static String savedCache;
    private static final DiacriticGlyphs.Spec SPEC = new DiacriticGlyphs.Spec(List.of("e"), 96, 60, 1, 0.3, 3, 5);
    private static DiacriticGlyphs.Task task;

    @BeforeAll
    static void render() {
        savedCache = System.getProperty("glimpse.cache");
        System.setProperty("glimpse.cache", tmp.resolve("cache").toString());
        task = DiacriticGlyphs.load(SPEC);
    }

    @AfterAll
    static void restore() {
        if (savedCache == null) System.clearProperty("glimpse.cache"); else System.setProperty("glimpse.cache", savedCache);
    }

    @Test
    void splitIsTypefaceDisjoint() {
        Set<String> train = new HashSet<>(task.trainImageTypefaces()), test = new HashSet<>(task.testImageTypefaces());
        assertFalse(train.isEmpty() || test.isEmpty());
        Set<String> both = new HashSet<>(train);
        both.retainAll(test);
        assertTrue(both.isEmpty(), "typefaces in both splits: " + both);
        assertTrue(new HashSet<>(task.testTypefaces()).containsAll(test));
        assertEquals(task.train().size(), task.trainImageTypefaces().size());
        assertEquals(task.test().size(), task.testImageTypefaces().size());
    }

    @Test
    void classesShareTheBaseLetterAndDifferOnlyByDiacritics() {
        List<GlyphClass> classes = Glyphs.classes(task.train());
        assertTrue(classes.size() >= 5, "the e family has many accented forms: " + classes.size());
        Set<List<String>> diacritics = new HashSet<>();
        for (GlyphClass g : classes) {
            assertEquals("e", g.family(), g.hex());
            assertEquals("e", g.baseLetter(), g.hex());
            assertTrue(diacritics.add(g.diacritics()), "two classes with the same diacritics " + g.diacritics());
        }
        assertEquals(task.train().classNames(), task.test().classNames(), "one label space for both splits");
        for (int c = 0; c < task.classes(); c++) {
            assertTrue(task.train().indicesOfClass(c).length >= SPEC.minTrainTypefaces());
            assertTrue(task.test().indicesOfClass(c).length >= 1);
        }
    }

    @Test
    void rendersAtTheRequestedResolutionAndReadsBackFromTheCache() {
        assertEquals(96, task.resolution());
        assertEquals(96, task.test().width());
        DiacriticGlyphs.Task again = DiacriticGlyphs.load(SPEC);
        assertTrue(again.fromCache());
        assertArrayEquals(task.train().pixelsUnsafe(), again.train().pixelsUnsafe());
        assertEquals(task.testImageTypefaces(), again.testImageTypefaces());
        long ink = 0;
        for (byte b : task.test().pixelsUnsafe()) ink += b & 0xFF;
        assertTrue(ink > 0, "images have ink");
        System.out.printf("diacritics 'e' at 96 px: %d classes, %d train + %d test images, rendered in %.1f s, reloaded in %.2f s%n",
                task.classes(), task.train().size(), task.test().size(), task.seconds(), again.seconds());
    }
}
