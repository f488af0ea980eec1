package glimpse.method.semanticprompt.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** eqnorm, the readers, the word-vector conversion and average, the controls and the disk cache, on hand-made inputs. */
class TextFeaturesTest {
    @TempDir Path dir;

    @Test
    void eqnormGivesNormLAndKeepsDirection() {
        float[][] v = {{3, 4}, {0, -0.5f}, {1, 1}};
        float[][] e = TextVectors.eqnorm(v, 9);
        for (int i = 0; i < v.length; i++) {
            assertEquals(9.0, TextVectors.norm(e[i]), 1e-5);
            assertEquals(1.0, TextVectors.cosine(v[i], e[i]), 1e-6);
        }
        assertArrayEquals(new float[] {27f / 5, 36f / 5}, e[0], 1e-6f);
        assertEquals((5 + 0.5 + Math.sqrt(2)) / 3, TextVectors.meanNorm(v), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> TextVectors.eqnorm(new float[][] {{0, 0}}, 9));
    }

    @Test
    void promptsAndGlyphNames() {
        assertEquals("A photo of aquarium fish", ClassTexts.prompt("aquarium_fish"));
        assertEquals("A photo of latin small letter e with acute", ClassTexts.prompt(ClassTexts.glyphName("LATIN SMALL LETTER E WITH ACUTE")));
        assertEquals(10, ClassTexts.FASHION_MNIST.size());
    }

    @Test
    void classVectorsOfAGlyphSetUsePromptedLowerCaseNamesAndEqnorm() {
        glimpse.data.ImageSet set = new glimpse.data.ImageSet("glyphs-fixture", 1, 1, 1, new byte[2], new int[] {0, 1}, List.of("é", "Ж"),
                List.of("LATIN SMALL LETTER E WITH ACUTE", "CYRILLIC CAPITAL LETTER ZHE"));
        assertEquals(List.of("A photo of latin small letter e with acute", "A photo of cyrillic capital letter zhe"), ClassTexts.prompts(set));
        BagOfWordsEncoder bow = new BagOfWordsEncoder(ClassTexts.prompts(set));
        glimpse.data.ClassVectors cv = ClassTexts.classVectors(bow, set, 9.0);
        assertEquals(2, cv.classCount());
        for (float[] v : cv.vectors()) assertEquals(9.0, TextVectors.norm(v), 1e-5);
        // "a photo of letter" are shared: 4 words of the 9 and the 7 → cos = 4 / √(9·7)
        assertEquals(4 / Math.sqrt(63), TextVectors.cosine(cv.vectors()[0], cv.vectors()[1]), 1e-6);
    }

    @Test
    void readsTheOfficialIdx2TextFormats() throws Exception {
        Path imagenet = Files.writeString(dir.resolve("ImageNet_idx2text.txt"), "n01532829 0 house finch\nn01558993 1 robin\n\n");
        assertEquals(Map.of("n01532829", "house finch", "n01558993", "robin"), ClassTexts.readImageNetIdx2Text(imagenet));
        Path cifar = Files.writeString(dir.resolve("cifar100_idx2text.txt"), "0: apple\n1: aquarium_fish\n");
        Map<Integer, String> c = ClassTexts.readCifarIdx2Text(cifar);
        assertEquals("aquarium_fish", c.get(1));
        assertEquals(2, c.size());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "apple\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassTexts.readCifarIdx2Text(bad));
        assertTrue(e.getMessage().contains("bad.txt line 1"), e.getMessage());
    }

    @Test
    void winkJsonConvertsToTheBinaryCacheAndAveragesWords() throws Exception {
        // the wink layout: each vector carries its norm and index after the d numbers
        Path json = Files.writeString(dir.resolve("wink.json"), """
                {"precision": 4, "l2NormIndex": 3, "wordIndex": 4, "dimensions": 3, "unkVector": [0, 0, 0, 0, -1], "size": 3,
                 "words": ["latin", "acute", "letter"],
                 "vectors": {"latin": [1, 2, 3, 3.7417, 0], "acute": [0, -1, 0.5, 1.118, 1], "letter": [2, 0, 0, 2, 2]}}""");
        WordVectors wv = WordVectors.readWinkJson(json);
        assertEquals(3, wv.dim());
        assertArrayEquals(new float[] {0, -1, 0.5f}, wv.get("acute"));
        Path bin = dir.resolve("cache.glwv");
        wv.write(bin);
        WordVectors back = WordVectors.read(bin);
        assertEquals(wv.vectors().keySet(), back.vectors().keySet());
        assertArrayEquals(wv.get("latin"), back.get("latin"));
        GloveAverageEncoder glove = new GloveAverageEncoder("fixture", back);
        float[][] g = glove.encode(List.of("Latin acute ZZZ", "nothing known"));
        assertArrayEquals(new float[] {0.5f, 0.5f, 1.75f}, g[0], 1e-6f);        // (latin + acute) / 2, the unknown word skipped
        assertArrayEquals(new float[] {0, 0, 0}, g[1]);
    }

    @Test
    void controlsAreDeterministicAndCountWords() {
        BagOfWordsEncoder bow = new BagOfWordsEncoder(List.of("latin small letter e with acute", "cyrillic capital letter zhe"));
        assertEquals(9, bow.dim());                                 // acute capital cyrillic e latin letter small with zhe
        float[] v = bow.encode(List.of("Letter letter ACUTE unknown"))[0];
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 2, 0, 0, 0}, v);
        RandomClassEncoder r = new RandomClassEncoder(16, 7);
        float[][] a = r.encode(List.of("x", "y")), b = new RandomClassEncoder(16, 7).encode(List.of("y", "x"));
        assertArrayEquals(a[0], b[1]);
        assertFalse(java.util.Arrays.equals(a[0], a[1]));
        assertFalse(java.util.Arrays.equals(a[0], new RandomClassEncoder(16, 8).encode(List.of("x"))[0]));
    }

    @Test
    void cacheEncodesEachTextOnceAcrossInstances() {
        List<String> seen = new ArrayList<>();
        TextEncoder counting = new TextEncoder() {
            public String name() { return "counting v1"; }
            public int dim() { return 2; }
            public float[][] encode(List<String> texts) {
                seen.addAll(texts);
                float[][] o = new float[texts.size()][];
                for (int i = 0; i < o.length; i++) o[i] = new float[] {texts.get(i).length(), 1};
                return o;
            }
        };
        float[][] first = new CachedTextEncoder(counting, dir).encode(List.of("ab", "abc", "ab"));
        float[][] second = new CachedTextEncoder(counting, dir).encode(List.of("abc", "ab", "abcd"));
        assertEquals(List.of("ab", "abc", "abcd"), seen);
        assertArrayEquals(first[1], second[0]);
        assertArrayEquals(new float[] {4, 1}, second[2]);
    }
}
