package glimpse.data;

import glimpse.data.fixtures.BenchmarkFixtures;
import glimpse.data.fixtures.FixtureImages;
import glimpse.data.fixtures.ImageListLayout;
import glimpse.eval.ClassGroups;
import glimpse.eval.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ImageNet-LT streamed from its list files ({@link ImageFileList#of} with reader {@code image-list}, Liu et
 * al., OLTR, arXiv 1904.05160): paths and labels in line order, class names as the in-memory reader gives
 * them, and errors that name the file, the manifest and the fix.
 */
class ImageNetLtFilesTest {

    @Test
    void listsFilesAndLabelsInLineOrderWithTheReadersClassNames(@TempDir Path dir) throws IOException {
        LongTailReadersTest.imagenetLtFixture(dir);
        Manifest m = LongTailReadersTest.pointedAt("imagenet-lt", dir, false);
        ImageFileList train = ImageFileList.of(m, "train");
        assertEquals(List.of(dir.resolve("train/n01440764/a.png"), dir.resolve("train/n01440764/b.png"),
                dir.resolve("train/n01443537/c.png"), dir.resolve("train/n01484850/d.png")), train.files());
        assertArrayEquals(new int[] {0, 0, 1, 2}, train.labels());
        assertEquals(new ImageListReader().read(m).split("train").classNames(), train.classNames());
        ImageFileList test = ImageFileList.of(m, "test");
        assertEquals(List.of(dir.resolve("train/n01484850/d.png")), test.files(), "the blank line is skipped");
        assertEquals(3, test.classCount(), "classes over every split, as the reader counts them");
    }

    @Test
    void theFixtureHasManyMediumAndFewShotClasses(@TempDir Path dir) throws IOException {
        BenchmarkFixtures.Folder f = new BenchmarkFixtures(1).write(dir.resolve("imagenet-lt"), List.of(Manifests.of("imagenet-lt")));
        Manifest m = LongTailReadersTest.pointedAt("imagenet-lt", f.dir(), false);
        int[] counts = ImageFileList.of(m, "train").countsPerClass();
        assertArrayEquals(new int[] {120, 86, 61, 44, 31, 22, 16, 11, 8, 6, 4, 3}, counts, "round(120·(3/120)^(c/11))");
        assertTrue(ClassGroups.shotsApply(counts));
        ClassGroups shots = ClassGroups.shots(counts);
        assertArrayEquals(new int[] {0}, shots.classesIn(shots.index(Metric.MANY)));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, shots.classesIn(shots.index(Metric.MEDIUM)));
        assertEquals(6, shots.classesIn(shots.index(Metric.FEW)).length);
        int[] test = ImageFileList.of(m, "test").countsPerClass();
        assertTrue(Arrays.stream(test).allMatch(n -> n == 3), "a balanced test list: " + Arrays.toString(test));
        assertTrue(ImageFileList.of(m, "test").files().stream().allMatch(Files::isRegularFile));
    }

    /** The literature's groups (OLTR's shot_acc: many > 100, few < 20, medium the rest), at their edges. */
    @Test
    void groupThresholdsAtTheirEdges() {
        int[] counts = {1280, 101, 100, 20, 19, 5};
        ClassGroups g = ClassGroups.shots(counts);
        assertArrayEquals(new int[] {0, 1}, g.classesIn(g.index(Metric.MANY)));
        assertArrayEquals(new int[] {2, 3}, g.classesIn(g.index(Metric.MEDIUM)));
        assertArrayEquals(new int[] {4, 5}, g.classesIn(g.index(Metric.FEW)));
    }

    @Test
    void aMissingListOrImageIsNamedWithTheManifestAndTheFix(@TempDir Path dir) throws IOException {
        LongTailReadersTest.imagenetLtFixture(dir);
        Manifest m = LongTailReadersTest.pointedAt("imagenet-lt", dir, false);
        Files.delete(dir.resolve("ImageNet_LT_test.txt"));
        DatasetException noList = assertThrows(DatasetException.class, () -> ImageFileList.of(m, "train"));
        assertTrue(noList.getMessage().contains("is missing") && noList.getMessage().contains("ImageNet_LT_test.txt")
                && noList.getMessage().contains("imagenet-lt.json") && noList.getMessage().contains("GLIMPSE_IMAGENET_LT_DIR"), noList.getMessage());

        LongTailReadersTest.imagenetLtFixture(dir);
        Files.delete(dir.resolve("train/n01443537/c.png"));
        DatasetException gone = assertThrows(DatasetException.class, () -> ImageFileList.of(m, "train"));
        assertTrue(gone.getMessage().contains("line 3 of ImageNet_LT_train.txt is missing") && gone.getMessage().contains("c.png")
                && gone.getMessage().contains("checked a sample of 4 of the 4") && gone.getMessage().contains("imagenet-lt.json")
                && gone.getMessage().contains("extract the images there"), gone.getMessage());

        Files.writeString(dir.resolve("ImageNet_LT_val.txt"), "val/n01440764/v.png 0\nval/n01440764/v.png -3\n");
        DatasetException bad = assertThrows(DatasetException.class, () -> ImageFileList.of(m, "test"));
        assertTrue(bad.getMessage().contains("Line 2") && bad.getMessage().contains("ImageNet_LT_val.txt"), bad.getMessage());
    }

    /** A long list: only a sample is checked, spread over it (first and last included), and it says so. */
    @Test
    void checksASampleOfALongList(@TempDir Path dir) throws IOException {
        List<ImageListLayout.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
            entries.add(new ImageListLayout.Entry(String.format("train/n01440764/%04d.png", i), i % 3, i == 0 || i == 999 ? FixtureImages.uniform(8, 8, 0) : null));
        ImageListLayout.write(dir, dir.resolve("list.txt"), entries);
        Manifest m = LongTailReadersTest.pointedAt("imagenet-lt", dir, false);
        List<ImageListReader.Entry> parsed = ImageListReader.parse(dir.resolve("list.txt"), m);
        DatasetException e = assertThrows(DatasetException.class, () -> ImageListReader.checkSample(dir, parsed, dir.resolve("list.txt"), m));
        // the first is there; the second sampled one (index 999·1/31 = 32, line 33) is not
        assertTrue(e.getMessage().contains("line 33 of list.txt") && e.getMessage().contains("checked a sample of 32 of the 1000 listed images, not all"), e.getMessage());
        for (int i = 0; i < 32; i++) FixtureImages.write(dir.resolve(entries.get((int) ((long) i * 999 / 31)).path()), FixtureImages.uniform(8, 8, 0));
        ImageListReader.checkSample(dir, parsed, dir.resolve("list.txt"), m);   // every sampled image there: passes, 968 unchecked
    }
}
