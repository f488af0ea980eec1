package glimpse.data;

import glimpse.data.image.ImageLoader;
import glimpse.data.image.RgbTransforms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The files a reader would decode, listed for streaming, and streamed through the loader. */
class ImageFileListTest {
    @TempDir Path root;

    @AfterEach void clear() { System.clearProperty("glimpse.dir.miniimagenet-folders"); }

    @Test void cubListsTheSplitInImagesTxtOrderWithTheReadersLabels() throws Exception {
        CubReaderTest.writeFixture(root);
        Manifest m = LongTailReadersTest.pointedAt("cub-200-2011", root, false);
        ImageFileList train = ImageFileList.of(m, "train");
        assertEquals(List.of(root.resolve("images/001.Albatross/a_1.jpg"), root.resolve("images/002.Auklet/b_1.png"), root.resolve("images/002.Auklet/b_2.jpg")),
                train.files());
        assertArrayEquals(new CubReader().read(m).split("train").labels(), train.labels(), "the same labels as the in-memory reader");
        assertEquals(3, train.classNames().size());
        // streamed at 32 px (the test view): labels in order, one batch, the grayscale JPEG (id 4, value 150) repeated over the channels
        try (ImageLoader loader = new ImageLoader(train.files(), train.labels(), RgbTransforms.centreCrop(32, 32), ImageLoader.Config.of(8, 2, 0), 0,
                new int[] {0, 1, 2}, null)) {
            ImageLoader.Batch b = loader.next();
            assertArrayEquals(train.labels(), b.labels());
            int n = 32 * 32, third = 2 * 3 * n;
            for (int c = 0; c < 3; c++)
                assertEquals((150 / 255f - RgbTransforms.MEAN[c]) / RgbTransforms.STD[c], b.images()[third + c * n + 16 * 32 + 16], 0.05, "channel " + c);
        }
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFileList.of(m, "val"));
        assertTrue(e.getMessage().contains("train, test"), e.getMessage());
    }

    @Test void stanfordCarsListsTheDevkitsAnnotationOrderWithTheReadersLabels() throws Exception {
        StanfordCarsReaderTest.writeFixture(root);
        Manifest m = LongTailReadersTest.pointedAt("stanford-cars", root, false);
        ImageFileList train = ImageFileList.of(m, "train"), test = ImageFileList.of(m, "test");
        assertEquals(List.of(root.resolve("cars_train/00001.jpg"), root.resolve("cars_train/00002.png"), root.resolve("cars_train/00003.jpg")), train.files());
        assertEquals(List.of(root.resolve("cars_test/00001.png"), root.resolve("cars_test/00002.png")), test.files());
        var decoded = new StanfordCarsReader().read(m);
        assertArrayEquals(decoded.split("train").labels(), train.labels(), "the same labels as the in-memory reader");
        assertArrayEquals(decoded.split("test").labels(), test.labels());
        assertEquals(decoded.split("train").classNames(), train.classNames());
        assertArrayEquals(new int[] {1, 1, 1}, train.countsPerClass());
        ImageFileList second = test.subset("one", new int[] {1});
        assertEquals(List.of(root.resolve("cars_test/00002.png")), second.files());
        assertArrayEquals(new int[] {0}, second.labels());
        assertThrows(DatasetException.class, () -> ImageFileList.of(m, "val"));
    }

    @Test void aCubSplitOtherThanTrainOrTestIsRefusedNotReadAsTest() throws Exception {
        CubReaderTest.writeFixture(root);
        Manifest listed = LongTailReadersTest.pointedAt("cub-200-2011", root, false);
        java.util.Map<String, String> splits = new java.util.LinkedHashMap<>(listed.splits());
        splits.put("val", "train_test_split.txt flag 0");
        Manifest m = listed.withSplits(splits).withLocation(root.resolve("cub-200-2011.json"));
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFileList.of(m, "val"));
        assertTrue(e.getMessage().contains("Split 'val'") && e.getMessage().contains("train or test"), e.getMessage());
        assertTrue(e.getMessage().contains(root.resolve("cub-200-2011.json").toString()), "names the manifest: " + e.getMessage());
        assertEquals(ImageFileList.of(m, "test").size(), ImageFileList.of(listed, "test").size());
    }

    @Test void classFoldersListWhatTheReaderDecodes() throws Exception {
        for (String split : List.of("train", "val", "test"))
            for (int c = 0; c < 2; c++)
                for (int k = 0; k < 2; k++)
                    glimpse.data.fixtures.FixtureImages.write(root.resolve(split).resolve(split + "-n" + c).resolve("img" + k + ".png"),
                            glimpse.data.fixtures.FixtureImages.uniform(30, 20, ImageFolderReaderTest.colourOf(c, k).getRGB()));
        System.setProperty("glimpse.dir.miniimagenet-folders", root.toString());
        Manifest m = Manifests.of("miniimagenet-folders");
        ImageFileList base = ImageFileList.of(m, "base");
        assertEquals(4, base.size());
        assertEquals(List.of("train-n0", "train-n1"), base.classNames());
        assertArrayEquals(Datasets.reader(m).read(m).split("base").labels(), base.labels());
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFileList.of(Manifests.of("fashion-mnist"), "train"));
        assertTrue(e.getMessage().contains("no file list"), e.getMessage());
    }
}
