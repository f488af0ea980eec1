package glimpse.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import glimpse.data.fixtures.CubLayout;
import glimpse.data.fixtures.FixtureImages;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The CUB-200-2011 reader on a fixture in the release layout, through the repository's manifest. */
class CubReaderTest {

    /** Three classes, five images (ids 1..5; id 4 a grayscale JPEG); ids 2 and 5 are test images. */
    static void writeFixture(Path dir) throws IOException {
        String[] paths = {"001.Albatross/a_1.jpg", "001.Albatross/a_2.png", "002.Auklet/b_1.png", "002.Auklet/b_2.jpg", "003.Cormorant/c_1.png"};
        int[] classes = {1, 1, 2, 2, 3};
        boolean[] train = {true, false, true, true, false};
        List<CubLayout.Image> images = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            int id = i + 1;
            BufferedImage img = id == 4 ? FixtureImages.gray(FixtureImages.uniform(16, 16, 0x969696)) : FixtureImages.uniform(16, 16, new Color(10 * id, 200, 30).getRGB());
            images.add(new CubLayout.Image(classes[i], paths[i], train[i], new int[] {2, 4, 8, 8}, img));
        }
        CubLayout.write(dir, List.of("001.Albatross", "002.Auklet", "003.Cormorant"), images);
    }

    @Test
    void readsTheReleaseLayoutWithItsSplitsLabelsAndAGrayscaleJpeg(@TempDir Path dir) throws IOException {
        writeFixture(dir);
        Dataset d = new CubReader().read(LongTailReadersTest.pointedAt("cub-200-2011", dir, false));
        ImageSet train = d.split("train"), test = d.split("test");
        assertEquals(List.of("001.Albatross", "002.Auklet", "003.Cormorant"), train.classNames());
        assertArrayEquals(new int[] {0, 1, 1}, train.labels(), "ids 1, 3, 4 train, in images.txt order, classes 0-based");
        assertArrayEquals(new int[] {0, 2}, test.labels());
        assertEquals(3, train.channels());
        assertEquals(64, train.height());
        assertEquals(30, train.pixel(1, 0, 5, 5), "PNG id 3: red = 10·3");
        assertEquals(200, train.pixel(1, 1, 5, 5));
        for (int c = 0; c < 3; c++) assertEquals(150, train.pixel(2, c, 10, 10), 3, "grayscale JPEG id 4, channel " + c);
    }

    @Test
    void aMissingImageOrAnnotationNamesTheFileAndTheFix(@TempDir Path dir) throws IOException {
        writeFixture(dir);
        Files.delete(dir.resolve("images/002.Auklet/b_1.png"));
        Manifest m = LongTailReadersTest.pointedAt("cub-200-2011", dir, false);
        DatasetException e = assertThrows(DatasetException.class, () -> new CubReader().read(m));
        assertTrue(e.getMessage().contains("b_1.png") && e.getMessage().contains("cub-200-2011"), e.getMessage());
        Files.writeString(dir.resolve("image_class_labels.txt"), "1 1\n2 1\n3 x\n");
        DatasetException bad = assertThrows(DatasetException.class, () -> new CubReader().read(m));
        assertTrue(bad.getMessage().contains("image_class_labels.txt"), bad.getMessage());
    }
}
