package glimpse.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The Stanford Cars reader on a fixture in the release layout, its MAT files written with the MAT-file library. */
class StanfordCarsReaderTest {

    /** One row of an annotations struct: box corners (1-based, inclusive), 1-based class, file name. */
    record Row(int x1, int y1, int x2, int y2, int cls, String fname) {}

    static void writeAnnotations(Path file, List<Row> rows, boolean withClass) throws IOException {
        Struct s = Mat5.newStruct(1, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            // the devkit stores the numbers as uint8/uint16 scalars; write them as such
            s.set("bbox_x1", i, scalar(r.x1(), MatlabType.UInt16)).set("bbox_y1", i, scalar(r.y1(), MatlabType.UInt16))
                    .set("bbox_x2", i, scalar(r.x2(), MatlabType.UInt16)).set("bbox_y2", i, scalar(r.y2(), MatlabType.UInt16));
            if (withClass) s.set("class", i, scalar(r.cls(), MatlabType.UInt8));
            s.set("fname", i, Mat5.newString(r.fname()));
        }
        MatFile mat = Mat5.newMatFile().addArray("annotations", s);
        Mat5.writeToFile(mat, file.toFile());
    }

    private static Matrix scalar(int v, MatlabType type) {
        Matrix m = Mat5.newMatrix(1, 1, type);
        m.setInt(0, v);
        return m;
    }

    /**
     * Three classes; train 00001.jpg (class 1), 00002.png (class 3), 00003.jpg (grayscale, class 2);
     * test 00001.png (class 2), 00002.png (class 1). The test annotations at the top level, the rest in devkit/.
     * Every image is 20×10 with red = 10·(its number) + 100·(test), except a white box in train 00002.png.
     */
    static void writeFixture(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("devkit"));
        Cell names = Mat5.newCell(1, 3);
        String[] n = {"AM General Hummer SUV 2000", "Acura RL Sedan 2012", "Volvo 240 Sedan 1993"};
        for (int i = 0; i < 3; i++) names.set(i, Mat5.newString(n[i]));
        Mat5.writeToFile(Mat5.newMatFile().addArray("class_names", names), dir.resolve("devkit/cars_meta.mat").toFile());
        writeAnnotations(dir.resolve("devkit/cars_train_annos.mat"), List.of(
                new Row(1, 1, 20, 10, 1, "00001.jpg"), new Row(11, 3, 18, 8, 3, "00002.png"), new Row(2, 2, 19, 9, 2, "00003.jpg")), true);
        writeAnnotations(dir.resolve("cars_test_annos_withlabels.mat"), List.of(
                new Row(1, 1, 20, 10, 2, "00001.png"), new Row(1, 1, 20, 10, 1, "00002.png")), true);
        image(dir.resolve("cars_train/00001.jpg"), 10, false, false);
        image(dir.resolve("cars_train/00002.png"), 20, false, true);
        image(dir.resolve("cars_train/00003.jpg"), 30, true, false);
        image(dir.resolve("cars_test/00001.png"), 110, false, false);
        image(dir.resolve("cars_test/00002.png"), 120, false, false);
    }

    private static void image(Path file, int red, boolean gray, boolean whiteBox) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(20, 10, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 20; x++) {
                boolean inBox = whiteBox && x >= 10 && x <= 17 && y >= 2 && y <= 7;   // the 1-based box (11, 3)–(18, 8)
                img.getRaster().setPixel(x, y, gray ? new int[] {150} : inBox ? new int[] {255, 255, 255} : new int[] {red, 200, 30});
            }
        assertTrue(ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile()));
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
        writeAnnotations(dir.resolve("cars_test_annos_withlabels.mat"), List.of(new Row(1, 1, 20, 10, 2, "00001.png")), false);
        DatasetException noClass = assertThrows(DatasetException.class, () -> new StanfordCarsReader().read(m));
        assertTrue(noClass.getMessage().contains("'class'") && noClass.getMessage().contains("cars_test_annos_withlabels.mat"), noClass.getMessage());
        writeAnnotations(dir.resolve("cars_test_annos_withlabels.mat"), List.of(new Row(1, 1, 20, 10, 4, "00001.png")), true);
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
