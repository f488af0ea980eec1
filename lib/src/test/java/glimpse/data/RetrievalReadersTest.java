package glimpse.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import glimpse.data.fixtures.CubLayout;
import glimpse.data.fixtures.FixtureImages;
import glimpse.data.fixtures.InShopLayout;
import glimpse.data.fixtures.SopLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static glimpse.data.LongTailReadersTest.pointedAt;
import static org.junit.jupiter.api.Assertions.*;

/** SOP, In-Shop and CUB retrieval readers on fixtures written in the datasets' own layouts, through the real manifests. */
class RetrievalReadersTest {

    @Test
    void sopListsGiveClassDisjointSplitsLabelledByClassId(@TempDir Path dir) throws IOException {
        // JPEGs, as the release's: flat colours come back within a few levels
        SopLayout.writeList(dir, "Ebay_train.txt", List.of(
                new SopLayout.Image(1, 1, "bicycle_final/111085122871_0.JPG", FixtureImages.uniform(30, 20, 0xFF0000)),
                new SopLayout.Image(1, 1, "bicycle_final/111085122871_1.JPG", FixtureImages.uniform(20, 20, 0xFF0000)),
                new SopLayout.Image(2, 1, "bicycle_final/111265328556_0.JPG", FixtureImages.uniform(20, 20, 0x00FF00))));
        SopLayout.writeList(dir, "Ebay_test.txt", List.of(
                new SopLayout.Image(11319, 12, "toaster_final/351183040185_0.JPG", FixtureImages.uniform(20, 20, 0x0000FF)),
                new SopLayout.Image(11319, 12, "toaster_final/351183040185_1.JPG", FixtureImages.uniform(20, 20, 0x0000FF))));
        Dataset d = new RetrievalListReader().read(pointedAt("sop", dir, false));
        ImageSet train = d.split("train"), test = d.split("test");
        assertArrayEquals(new int[] {0, 0, 1}, train.labels());
        assertEquals(List.of("1", "2"), train.classNames());
        assertEquals(List.of("11319"), test.classNames());
        assertEquals(255, train.pixel(0, 0, 32, 32), 4, "red, decoded to the manifest's 64 px");
        assertEquals(255, test.pixel(1, 2, 5, 5), 4, "blue");
        RetrievalSplit split = RetrievalSplit.of(d);
        assertTrue(split.selfGallery());
        assertTrue(new DatasetReaderCheck(new RetrievalListReader().check(pointedAt("sop", dir, false))).mentions("split test: 2 images listed, 1 classes"));
    }

    @Test
    void inShopPartitionWithCountHeaderAndRunsOfSpacesGivesQueryAndGalleryWithSharedLabels(@TempDir Path dir) throws IOException {
        String[][] rows = {
                {"img/WOMEN/Dresses/id_00000002/02_1_front.jpg", "id_00000002", "train"},
                {"img/WOMEN/Dresses/id_00000002/02_2_side.jpg", "id_00000002", "train"},
                {"img/MEN/Denim/id_00000080/01_1_front.jpg", "id_00000080", "query"},
                {"img/MEN/Denim/id_00000080/01_2_side.jpg", "id_00000080", "gallery"},
                {"img/MEN/Denim/id_00000091/01_1_front.jpg", "id_00000091", "gallery"},
                {"img/MEN/Denim/id_00000091/01_3_back.jpg", "id_00000091", "query"}};
        List<InShopLayout.Image> images = new ArrayList<>();
        for (String[] r : rows) images.add(new InShopLayout.Image(r[0], r[1], r[2], FixtureImages.uniform(16, 24, r[1].endsWith("80") ? 0x00FF00 : 0xFF0000)));
        InShopLayout.write(dir, "list_eval_partition.txt", images);
        Dataset d = new RetrievalListReader().read(pointedAt("inshop", dir, false));
        ImageSet query = d.split("query"), gallery = d.split("gallery");
        assertEquals(List.of("id_00000080", "id_00000091"), query.classNames());
        assertEquals(query.classNames(), gallery.classNames(), "one label space for query and gallery");
        assertArrayEquals(new int[] {0, 1}, query.labels());
        assertArrayEquals(new int[] {0, 1}, gallery.labels());
        assertEquals(List.of("id_00000002"), d.split("train").classNames());
        assertEquals(255, gallery.pixel(0, 1, 3, 3), 4, "item 80 is green");
        assertFalse(RetrievalSplit.of(d).selfGallery());
        // the count line must match
        Files.writeString(dir.resolve("list_eval_partition.txt"), Files.readString(dir.resolve("list_eval_partition.txt")).replaceFirst("^6", "7"));
        var e = assertThrows(DatasetException.class, () -> new RetrievalListReader().read(pointedAt("inshop", dir, false)));
        assertTrue(e.getMessage().contains("declares 7 images, the file lists 6") && e.getMessage().contains("inshop.json")
                && e.getMessage().contains("list_eval_partition.txt") && e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void cubRetrievalSplitPutsClasses1To100InTrainAnd101To200InTest(@TempDir Path dir) throws IOException {
        String[] paths = {"001.Black_footed_Albatross/a.jpg", "100.Brown_Pelican/b.jpg", "101.White_Pelican/c.jpg", "200.Common_Yellowthroat/d.jpg", "001.Black_footed_Albatross/e.jpg"};
        int[] classes = {1, 100, 101, 200, 1};
        List<CubLayout.Image> images = new ArrayList<>();
        for (int i = 0; i < paths.length; i++)
            images.add(new CubLayout.Image(classes[i], paths[i], true, new int[] {0, 0, 20, 16}, FixtureImages.uniform(20, 16, classes[i] <= 100 ? 0xFF0000 : 0x0000FF)));
        List<String> classNames = IntStream.rangeClosed(1, 200).mapToObj(c -> String.format("%03d.Class_%03d", c, c)).toList();
        CubLayout.write(dir, classNames, images);
        Dataset d = new RetrievalListReader().read(pointedAt("cub-retrieval", dir, false));
        assertEquals(List.of("001", "100"), d.split("train").classNames());
        assertArrayEquals(new int[] {0, 1, 0}, d.split("train").labels());
        assertEquals(List.of("101", "200"), d.split("test").classNames());
        assertEquals(255, d.split("test").pixel(0, 2, 1, 1), 4);
        // an image the list names but the folder lacks: file, manifest and fix
        Files.delete(dir.resolve("images").resolve(paths[3]));
        var e = assertThrows(DatasetException.class, () -> new RetrievalListReader().read(pointedAt("cub-retrieval", dir, false)));
        assertTrue(e.getMessage().contains("line 4 of images.txt is missing") && e.getMessage().contains("200.Common_Yellowthroat/d.jpg")
                && e.getMessage().contains("cub-retrieval.json") && e.getMessage().contains("GLIMPSE_CUB_DIR"), e.getMessage());
    }

    @Test
    void aSopListWithoutItsHeaderIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Ebay_train.txt"), "1 1 1 a.JPG\n");
        Files.writeString(dir.resolve("Ebay_test.txt"), "image_id class_id super_class_id path\n");
        var e = assertThrows(DatasetException.class, () -> new RetrievalListReader().read(pointedAt("sop", dir, false)));
        assertTrue(e.getMessage().contains("header 'image_id class_id super_class_id path'") && e.getMessage().contains("Ebay_train.txt"), e.getMessage());
    }

    @Test
    void fashionMnistAndGlyphsSplitsAreClassDisjoint() {
        byte[] px = new byte[20 * 4];
        int[] ys = new int[20];
        for (int i = 0; i < 20; i++) ys[i] = i % 10;
        List<String> names = Manifests.of("fashion-mnist").classNames();
        ImageSet set = new ImageSet("fm", 1, 2, 2, px, ys, names, names);
        RetrievalSplit s = RetrievalSplit.fashionMnist(new Dataset(Manifests.of("fashion-mnist"), Map.of("train", set, "test", set)));
        assertEquals(names.subList(0, 5), s.train().classNames());
        assertEquals(names.subList(5, 10), s.query().classNames());
        assertEquals(10, s.train().size());
        assertEquals(10, s.query().size());
        assertTrue(Collections.disjoint(new HashSet<>(s.train().classNames()), new HashSet<>(s.query().classNames())));
        assertTrue(s.selfGallery());
    }

    /** The lines of a check report. */
    record DatasetReaderCheck(DatasetReader.CheckReport report) {
        boolean mentions(String text) { return report.ok() && report.lines().stream().anyMatch(l -> l.contains(text)); }
    }
}
