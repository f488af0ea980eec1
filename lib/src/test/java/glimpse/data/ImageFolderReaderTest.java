package glimpse.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import glimpse.data.fixtures.FewShotLayouts;
import glimpse.data.fixtures.FixtureImages;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The real-benchmark manifests read tiny fixtures written here in each standard layout. */
class ImageFolderReaderTest {
    @TempDir Path root;

    @AfterEach void clear() {
        for (String id : List.of("miniimagenet", "miniimagenet-folders", "tieredimagenet", "cifar-fs", "fc100"))
            System.clearProperty("glimpse.dir." + id);
    }

    static Color colourOf(int cls, int img) { return new Color(20 * cls + 10, 5 * img, 200 - 30 * cls); }

    /** Class folders ({@link FewShotLayouts}): split/className/imgK.png, 3 images per class, different sizes to exercise the resize. */
    void writeClassFolders(String[] splits, String[][] classes) throws Exception {
        for (int s = 0; s < splits.length; s++) {
            List<FewShotLayouts.Image> images = new ArrayList<>();
            for (int c = 0; c < classes[s].length; c++)
                for (int k = 0; k < 3; k++)
                    images.add(new FewShotLayouts.Image(classes[s][c], "img" + k + ".png", FixtureImages.uniform(40 + 7 * k, 50, colourOf(c, k).getRGB())));
            FewShotLayouts.classFolders(root.resolve(splits[s]), images);
        }
    }

    @Test
    void classFoldersAreReadPerSplitWithItsOwnClassesResizedAndPlanar() throws Exception {
        writeClassFolders(new String[] {"train", "val", "test"},
                new String[][] {{"n01", "n02", "n03"}, {"n10", "n11"}, {"n20", "n21"}});
        for (String id : List.of("miniimagenet-folders", "tieredimagenet", "cifar-fs", "fc100")) {
            System.setProperty("glimpse.dir." + id, root.toString());
            Dataset d = Datasets.reader(Manifests.of(id)).read(Manifests.of(id));
            ImageSet base = d.split("base");
            int size = id.startsWith("c") || id.startsWith("f") ? 32 : 84;
            assertEquals(size, base.height(), id);
            assertEquals(3, base.channels());
            assertEquals(9, base.size());
            assertEquals(List.of("n01", "n02", "n03"), base.classNames());
            assertEquals(List.of("n20", "n21"), d.split("novel").classNames());
            assertEquals(2, d.split("val").classCount());
            // image 0 of class n02 (class index 1): uniform colour survives the resize exactly, stored R plane, G plane, B plane
            int i = base.indicesOfClass(1)[0];
            Color c = colourOf(1, 0);
            assertEquals(c.getRed(), base.pixel(i, 0, 5, 7));
            assertEquals(c.getGreen(), base.pixel(i, 1, size - 1, 0));
            assertEquals(c.getBlue(), base.pixel(i, 2, 0, size - 1));
            assertTrue(Datasets.reader(Manifests.of(id)).check(Manifests.of(id)).ok());
        }
    }

    @Test
    void alternativeSplitFolderNamesAreAccepted() throws Exception {
        writeClassFolders(new String[] {"meta-train", "meta-val", "meta-test"}, new String[][] {{"a", "b"}, {"c"}, {"d"}});
        System.setProperty("glimpse.dir.cifar-fs", root.toString());
        Dataset d = Datasets.reader(Manifests.of("cifar-fs")).read(Manifests.of("cifar-fs"));
        assertEquals(List.of("a", "b"), d.split("base").classNames());
    }

    @Test
    void miniImageNetCsvSplitsReadTheListedImages() throws Exception {
        String[] splitFiles = {"train.csv", "val.csv", "test.csv"};
        String[][] classes = {{"n01", "n02"}, {"n10"}, {"n20", "n21"}};
        for (int s = 0; s < 3; s++) {
            List<FewShotLayouts.Image> images = new ArrayList<>();
            for (int c = 0; c < classes[s].length; c++)
                for (int k = 0; k < 2; k++)
                    images.add(new FewShotLayouts.Image(classes[s][c], classes[s][c] + "0000" + k + ".jpg.png", FixtureImages.uniform(60, 60, colourOf(c, k).getRGB())));
            FewShotLayouts.csv(root.resolve(splitFiles[s]), root.resolve("images"), images);
        }
        System.setProperty("glimpse.dir.miniimagenet", root.toString());
        Dataset d = Datasets.reader(Manifests.of("miniimagenet")).read(Manifests.of("miniimagenet"));
        assertEquals(4, d.split("base").size());
        assertEquals(List.of("n20", "n21"), d.split("novel").classNames());
        ImageSet novel = d.split("novel");
        assertEquals(colourOf(1, 1).getGreen(), novel.pixel(novel.indicesOfClass(1)[1], 1, 40, 40));

        // a listed image that is missing is named, with the manifest and the fix
        Files.writeString(root.resolve("val.csv"), "filename,label\nnope.jpg,n10\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.reader(Manifests.of("miniimagenet")).read(Manifests.of("miniimagenet")));
        assertTrue(e.getMessage().contains("nope.jpg") && e.getMessage().contains("miniimagenet.json") && e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void aMissingRootAndACorruptImageAreClearErrors() throws Exception {
        System.setProperty("glimpse.dir.fc100", root.resolve("absent").toString());
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.reader(Manifests.of("fc100")).read(Manifests.of("fc100")));
        assertTrue(e.getMessage().contains("GLIMPSE_FC100_DIR") && e.getMessage().contains("absent"), e.getMessage());
        assertFalse(Datasets.reader(Manifests.of("fc100")).check(Manifests.of("fc100")).ok());

        writeClassFolders(new String[] {"train", "val", "test"}, new String[][] {{"a"}, {"b"}, {"c"}});
        Path bad = root.resolve("train").resolve("a").resolve("img1.png");
        Files.write(bad, new byte[] {1, 2, 3, 4});
        System.setProperty("glimpse.dir.fc100", root.toString());
        DatasetException e2 = assertThrows(DatasetException.class, () -> Datasets.reader(Manifests.of("fc100")).read(Manifests.of("fc100")));
        assertTrue(e2.getMessage().contains(bad.toString()), e2.getMessage());
    }
}
