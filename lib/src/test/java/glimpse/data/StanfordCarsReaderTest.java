package glimpse.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import glimpse.data.fixtures.FixtureImages;
import glimpse.data.fixtures.StanfordCarsLayout;
import glimpse.data.fixtures.StanfordCarsLayout.Annotation;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The Stanford Cars reader on a fixture in the release layout, its MAT files written with the MAT-file library ({@link StanfordCarsLayout}). */
class StanfordCarsReaderTest {

    /**
     * Three classes; train 00001.jpg (class 1), 00002.png (class 3), 00003.jpg (grayscale, class 2);
     * test 00001.png (class 2), 00002.png (class 1). The test annotations at the top level, the rest in devkit/.
     * Every image is 20×10 with red = 10·(its number) + 100·(test), except a white box in train 00002.png.
     */
    static void writeFixture(Path dir) throws IOException {
        List<String> names = List.of("AM General Hummer SUV 2000", "Acura RL Sedan 2012", "Volvo 240 Sedan 1993");
        List<StanfordCarsLayout.Image> train = List.of(
                new StanfordCarsLayout.Image(new Annotation(1, 1, 20, 10, 1, "00001.jpg"), image(10, false, false)),
                new StanfordCarsLayout.Image(new Annotation(11, 3, 18, 8, 3, "00002.png"), image(20, false, true)),
                new StanfordCarsLayout.Image(new Annotation(2, 2, 19, 9, 2, "00003.jpg"), image(30, true, false)));
        List<StanfordCarsLayout.Image> test = List.of(
                new StanfordCarsLayout.Image(new Annotation(1, 1, 20, 10, 2, "00001.png"), image(110, false, false)),
                new StanfordCarsLayout.Image(new Annotation(1, 1, 20, 10, 1, "00002.png"), image(120, false, false)));
        StanfordCarsLayout.write(dir, names, train, test);
    }

    private static BufferedImage image(int red, boolean gray, boolean whiteBox) {
        // the 1-based box (11, 3)-(18, 8) is x 10..17, y 2..7
        BufferedImage img = FixtureImages.boxed(20, 10, new Color(red, 200, 30).getRGB(), whiteBox ? 0xFFFFFF : new Color(red, 200, 30).getRGB(), new int[] {10, 2, 8, 6});
        return gray ? FixtureImages.gray(FixtureImages.uniform(20, 10, 0x969696)) : img;
    }

    @Test
    void readsTheDevkitMatFilesWithTheirClassesAndSplits(@TempDir Path dir) throws IOException {
        writeFixture(dir);
        Dataset d = new StanfordCarsReader().read(LongTailReadersTest.pointedAt("stanford-cars", dir, false));
        ImageSet train = d.split("train"), test = d.split("test");
        assertEquals(List.of("AM General Hummer SUV 2000", "Acura RL Sedan 2012", "Volvo 240 Sedan 1993"), train.classNames());
        assertArrayEquals(new int[] {0, 2, 1}, train.labels(), "annotation order, classes 0-based");
        assertArrayEquals(new int[] {1, 0}, test.labels());
        assertEquals(3, train.channels());
        assertEquals(64, train.height());
        assertEquals(110, test.pixel(0, 0, 30, 30), "test 00001.png: red = 110");
        assertEquals(120, test.pixel(1, 0, 30, 30));
        assertEquals(20, train.pixel(1, 0, 2, 40), "uncropped: 00002.png's background at the top of the centre square");
        assertEquals(255, train.pixel(1, 0, 40, 40), "and its white box below");
        for (int c = 0; c < 3; c++) assertEquals(150, train.pixel(2, c, 10, 10), 3, "grayscale JPEG, channel " + c);
    }

    @Test
    void cropsToTheInclusiveOneBasedBox(@TempDir Path dir) throws IOException {
        writeFixture(dir);
        Manifest m = LongTailReadersTest.pointedAt("stanford-cars", dir, false);
        com.google.gson.JsonObject options = m.options().deepCopy();
        options.addProperty("cropToBox", true);
        Manifest cropped = new Manifest(m.id(), m.title(), m.homepage(), m.licence(), m.citation(), m.purposes(), m.source(), m.files(),
                m.reader(), m.splits(), m.classNames(), m.classTexts(), options, m.location());
        ImageSet train = new StanfordCarsReader().read(cropped).split("train");
        for (int y : new int[] {0, 63})
            for (int x : new int[] {0, 63}) assertEquals(255, train.pixel(1, 0, y, x), "corner (" + y + ", " + x + ") of the box is white");
    }

    @Test
    void aMissingFieldFileOrClassNamesTheFileAndTheFix(@TempDir Path dir) throws IOException {
        writeFixture(dir);
        Manifest m = LongTailReadersTest.pointedAt("stanford-cars", dir, false);
        StanfordCarsLayout.writeAnnotations(dir.resolve("cars_test_annos_withlabels.mat"), List.of(new Annotation(1, 1, 20, 10, 2, "00001.png")), false);
        DatasetException noClass = assertThrows(DatasetException.class, () -> new StanfordCarsReader().read(m));
        assertTrue(noClass.getMessage().contains("'class'") && noClass.getMessage().contains("cars_test_annos_withlabels.mat"), noClass.getMessage());
        StanfordCarsLayout.writeAnnotations(dir.resolve("cars_test_annos_withlabels.mat"), List.of(new Annotation(1, 1, 20, 10, 4, "00001.png")), true);
        DatasetException badClass = assertThrows(DatasetException.class, () -> new StanfordCarsReader().read(m));
        assertTrue(badClass.getMessage().contains("class 4"), badClass.getMessage());
        Files.delete(dir.resolve("devkit/cars_meta.mat"));
        DatasetException noMeta = assertThrows(DatasetException.class, () -> new StanfordCarsReader().read(m));
        assertTrue(noMeta.getMessage().contains("cars_meta.mat") && noMeta.getMessage().contains("stanford-cars"), noMeta.getMessage());
    }

    @Test
    void aMissingImageNamesIt(@TempDir Path dir) throws IOException {
        writeFixture(dir);
        Files.delete(dir.resolve("cars_test/00002.png"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> new StanfordCarsReader().read(LongTailReadersTest.pointedAt("stanford-cars", dir, false)));
        assertTrue(e.getMessage().contains("00002.png"), e.getMessage());
    }
}
