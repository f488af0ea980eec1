package glimpse.classification;

import glimpse.data.ImageFileList;
import glimpse.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** A random test subset picks the same images from a decoded split as from the streamed split of the same files. */
class TestSubsetTest {
    static final int IMAGES = 40;

    /** Image i has class i, so a subset's labels say which images it kept. */
    static ImageSet decoded() {
        List<String> names = IntStream.range(0, IMAGES).mapToObj(i -> "c" + i).toList();
        return new ImageSet("test", 1, 1, 1, new byte[IMAGES], IntStream.range(0, IMAGES).toArray(), names, names);
    }

    static ImageFileList streamed() {
        return new ImageFileList("test", IntStream.range(0, IMAGES).mapToObj(i -> Path.of(i + ".png")).toList(), IntStream.range(0, IMAGES).toArray(),
                IntStream.range(0, IMAGES).mapToObj(i -> "c" + i).toList());
    }

    @Test
    void decodedAndStreamedSplitsKeepTheSameImagesInOrder() {
        TestSubset s = TestSubset.random(7, 3);
        int[] kept = s.apply(decoded()).labels();
        assertEquals(7, kept.length);
        assertEquals(7, IntStream.of(kept).distinct().count(), "distinct images");
        for (int i = 1; i < kept.length; i++) assertTrue(kept[i - 1] < kept[i], "in the split's order");
        ImageFileList files = s.apply(streamed());
        assertArrayEquals(kept, files.labels());
        assertEquals(IntStream.of(kept).mapToObj(i -> Path.of(i + ".png")).toList(), files.files());
        assertEquals("test[7]", files.name());
        assertNotEquals(java.util.Arrays.toString(kept), java.util.Arrays.toString(TestSubset.random(7, 4).apply(decoded()).labels()), "the seed chooses");
    }

    @Test
    void aLimitOfAllOrMoreKeepsTheSplitItself() {
        ImageSet set = decoded();
        ImageFileList files = streamed();
        for (TestSubset s : List.of(TestSubset.ALL, TestSubset.random(IMAGES, 1), TestSubset.random(IMAGES + 5, 1))) {
            assertSame(set, s.apply(set));
            assertSame(files, s.apply(files));
        }
    }
}
