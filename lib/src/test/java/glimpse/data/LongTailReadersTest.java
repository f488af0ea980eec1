package glimpse.data;

import glimpse.data.sampling.LongTail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import glimpse.data.fixtures.CifarLayout;
import glimpse.data.fixtures.FixtureImages;
import glimpse.data.fixtures.ImageListLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The CIFAR binary and ImageNet-LT list readers on tiny fixtures written in the real layouts, through the real manifests. */
class LongTailReadersTest {

    /** The repository's manifest, pointed at {@code dir}; with {@code keepSizes} false the real file sizes are dropped (fixtures are tiny). */
    static Manifest pointedAt(String id, Path dir, boolean keepSizes) {
        Manifest m = Manifests.of(id);
        Manifest.Source s = m.source();
        List<Manifest.FileEntry> files = keepSizes ? m.files()
                : m.filesOrEmpty().stream().map(f -> new Manifest.FileEntry(f.name(), null, null)).toList();
        return new Manifest(m.id(), m.title(), m.homepage(), m.licence(), m.citation(), m.purposes(),
                new Manifest.Source(s.kind(), null, dir.toString(), null, s.env(), s.layout(), null), files, m.reader(), m.splits(),
                m.classNames(), m.classTexts(), m.options(), m.location());
    }

    /** CIFAR records ({@link CifarLayout}): label bytes then 3072 pixels whose red plane starts with the record's own number. */
    static byte[] cifarRecords(int labelBytes, int[][] labels, int firstId) {
        List<CifarLayout.Record> records = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            byte[] planes = new byte[CifarLayout.PLANES];
            planes[0] = (byte) (firstId + i);           // R(0,0)
            planes[1024] = (byte) 200;                  // G(0,0)
            planes[2048 + 1023] = (byte) 77;            // B(31,31)
            records.add(new CifarLayout.Record(java.util.Arrays.copyOf(labels[i], labelBytes), planes));
        }
        return CifarLayout.encode(records);
    }

    @Test
    void cifar10ReadsFiveTrainingBatchesInOrderAndTheTestBatch(@TempDir Path dir) throws IOException {
        for (int b = 1; b <= 5; b++) Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(1, new int[][] {{b}, {9}}, 10 * b));
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(1, new int[][] {{3}, {0}, {7}}, 100));
        Dataset d = new CifarBinaryReader().read(pointedAt("cifar-10", dir, false));
        ImageSet train = d.split("train"), test = d.split("test");
        assertEquals(10, train.size());
        assertEquals(3, test.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertArrayEquals(new int[] {1, 9, 2, 9, 3, 9, 4, 9, 5, 9}, train.labels());
        assertEquals(30, train.pixel(4, 0, 0, 0), "third batch's first record");
        assertEquals(200, train.pixel(4, 1, 0, 0));
        assertEquals(77, train.pixel(4, 2, 31, 31));
        assertEquals("truck", train.classNames().get(9));
        assertArrayEquals(new int[] {3, 0, 7}, test.labels());
        // CIFAR-10-LT is the long-tail profile of this train split
        assertEquals(5000, LongTail.counts(5000, train.classCount(), 100)[0]);
    }

    @Test
    void cifar100UsesTheFineLabelOfEachTwoByteRecord(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train.bin"), cifarRecords(2, new int[][] {{4, 30}, {4, 99}, {19, 0}}, 1));
        Files.write(dir.resolve("test.bin"), cifarRecords(2, new int[][] {{0, 55}}, 9));
        Dataset d = new CifarBinaryReader().read(pointedAt("cifar-100", dir, false));
        assertEquals(100, d.split("train").classCount());
        assertArrayEquals(new int[] {30, 99, 0}, d.split("train").labels());
        assertEquals("dolphin", d.split("train").classNames().get(30));
        assertEquals("worm", d.split("train").classNames().get(99));
        assertEquals(9, d.split("test").pixel(0, 0, 0, 0));
    }

    @Test
    void cifarErrorsNameTheFileTheManifestAndTheFix(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train.bin"), new byte[3074 + 5]);
        Files.write(dir.resolve("test.bin"), cifarRecords(2, new int[][] {{0, 1}}, 0));
        var e = assertThrows(DatasetException.class, () -> new CifarBinaryReader().read(pointedAt("cifar-100", dir, false)));
        assertTrue(e.getMessage().contains("train.bin") && e.getMessage().contains("cifar-100.json") && e.getMessage().contains("fix:"), e.getMessage());
        // with the real manifest's sizes, a fixture-sized file is reported as not the file the manifest describes
        Files.write(dir.resolve("train.bin"), cifarRecords(2, new int[][] {{0, 1}}, 0));
        var size = assertThrows(DatasetException.class, () -> new CifarBinaryReader().read(pointedAt("cifar-100", dir, true)));
        assertTrue(size.getMessage().contains("Size mismatch") && size.getMessage().contains("153700000"), size.getMessage());
        // a missing folder names the environment variable to set
        var missing = assertThrows(DatasetException.class, () -> new CifarBinaryReader().read(pointedAt("cifar-10", dir.resolve("nowhere"), false)));
        assertTrue(missing.getMessage().contains("GLIMPSE_CIFAR10_DIR"), missing.getMessage());
    }

    static void writeImage(Path file, int w, int h, int rgb) throws IOException {
        FixtureImages.write(file, FixtureImages.uniform(w, h, rgb));
    }

    static void imagenetLtFixture(Path dir) throws IOException {
        ImageListLayout.write(dir, dir.resolve("ImageNet_LT_train.txt"), List.of(
                new ImageListLayout.Entry("train/n01440764/a.png", 0, FixtureImages.uniform(40, 20, 0xFF0000)),
                new ImageListLayout.Entry("train/n01440764/b.png", 0, FixtureImages.uniform(20, 30, 0xFF0000)),
                new ImageListLayout.Entry("train/n01443537/c.png", 1, FixtureImages.uniform(16, 16, 0x00FF00)),
                new ImageListLayout.Entry("train/n01484850/d.png", 2, FixtureImages.uniform(16, 16, 0x0000FF))));
        ImageListLayout.write(dir, dir.resolve("ImageNet_LT_val.txt"), List.of(
                new ImageListLayout.Entry("val/n01440764/v.png", 0, FixtureImages.uniform(16, 16, 0x808080))));
        // the test list names an image of the training list again, and ends in a blank line
        Files.writeString(dir.resolve("ImageNet_LT_test.txt"), "train/n01484850/d.png 2\n\n");
    }

    @Test
    void imagenetLtListsGiveLabelsClassNamesFromFoldersAndSquareRgbImages(@TempDir Path dir) throws IOException {
        imagenetLtFixture(dir);
        Dataset d = new ImageListReader().read(pointedAt("imagenet-lt", dir, false));
        ImageSet train = d.split("train");
        assertEquals(4, train.size());
        assertArrayEquals(new int[] {0, 0, 1, 2}, train.labels());
        assertEquals(List.of("n01440764", "n01443537", "n01484850"), train.classNames());
        assertEquals(64, train.height());
        assertEquals(64, train.width());
        assertEquals(3, train.channels());
        assertEquals(255, train.pixel(0, 0, 10, 50), "red image, red plane");
        assertEquals(0, train.pixel(0, 1, 10, 50));
        assertEquals(255, train.pixel(3, 2, 63, 63), "blue image, blue plane");
        assertEquals(128, d.split("val").pixel(0, 1, 5, 5));
        assertEquals(1, d.split("test").size(), "blank lines are skipped");
        assertArrayEquals(new int[] {2, 1, 1}, train.countsPerClass());
    }

    @Test
    void imagenetLtErrorsNameTheListLineOrTheMissingImage(@TempDir Path dir) throws IOException {
        imagenetLtFixture(dir);
        Files.writeString(dir.resolve("ImageNet_LT_val.txt"), "val/n01440764/v.png 0\nval/n01440764/gone.png 0\n");
        var missing = assertThrows(DatasetException.class, () -> new ImageListReader().read(pointedAt("imagenet-lt", dir, false)));
        assertTrue(missing.getMessage().contains("gone.png") && missing.getMessage().contains("line 2")
                && missing.getMessage().contains("imagenet-lt.json"), missing.getMessage());
        Files.writeString(dir.resolve("ImageNet_LT_val.txt"), "val/n01440764/v.png zero\n");
        var bad = assertThrows(DatasetException.class, () -> new ImageListReader().read(pointedAt("imagenet-lt", dir, false)));
        assertTrue(bad.getMessage().contains("Line 1") && bad.getMessage().contains("ImageNet_LT_val.txt"), bad.getMessage());
    }
}
