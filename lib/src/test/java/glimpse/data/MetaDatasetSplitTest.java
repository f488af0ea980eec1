package glimpse.data;

import glimpse.data.fixtures.BenchmarkFixtures;
import glimpse.data.fixtures.MetaDatasetSplitLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Meta-Dataset's ILSVRC split as the reader takes it: both file formats give the same classes; a
 * wrong count or a missing class folder is an error naming the file, the manifest and the fix; the
 * fixture (a marked folder) is read through the repository manifest with its few classes.
 */
class MetaDatasetSplitTest {
    static final String ID = "ilsvrc-2012-metadataset";
    @TempDir Path dir;

    @AfterEach void clear() { System.clearProperty("glimpse.dir." + ID); System.clearProperty("glimpse.split." + ID); }

    static Map<String, List<String>> tiny() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("TRAIN", List.of("n01440764", "n01443537", "n01484850"));
        c.put("VALID", List.of("n01491361", "n01494475"));
        c.put("TEST", List.of("n01496331", "n01498041"));
        return c;
    }

    Manifest manifest() {
        System.setProperty("glimpse.dir." + ID, dir.toString());
        return Manifests.of(ID);
    }

    void folders(Map<String, List<String>> classes) throws IOException {
        for (List<String> ids : classes.values()) for (String id : ids) Files.createDirectories(dir.resolve("train").resolve(id));
    }

    @Test
    void theManifestExpectsMetaDatasetsCounts() {
        assertEquals(Map.of("TRAIN", 712, "VALID", 158, "TEST", 130), MetaDatasetSplit.expectedCounts(manifest()),
                "arXiv 1903.03096 §3.1: ILSVRC-2012's 1000 classes as 712 training, 158 validation, 130 test");
    }

    @Test
    void bothFormatsGiveTheSameClassesAndTheGraphsLeavesAreTheClasses() throws IOException {
        Manifest m = manifest();
        Path spec = dir.resolve("dataset_spec.json"), lists = dir.resolve("lists.json");
        MetaDatasetSplitLayout.datasetSpec(spec, tiny());
        MetaDatasetSplitLayout.lists(lists, tiny());
        MetaDatasetSplit a = MetaDatasetSplit.read(spec, m), b = MetaDatasetSplit.read(lists, m);
        assertEquals(tiny(), a.classes(), "the leaves of each split's sub-graph, not its inner nodes");
        assertEquals(a.classes(), b.classes());
        assertEquals(List.of("n01496331", "n01498041"), a.classes("test"));
    }

    @Test
    void aWrongCountNamesTheFileTheManifestAndWhereTheSplitComesFrom() throws IOException {
        Manifest m = manifest();
        MetaDatasetSplitLayout.lists(dir.resolve("dataset_spec.json"), tiny());
        folders(tiny());
        var e = assertThrows(DatasetException.class, () -> MetaDatasetSplit.of(m, dir, dir.resolve("train")));
        String msg = e.getMessage();
        assertTrue(msg.contains("TRAIN lists 3 classes") && msg.contains("712"), msg);
        assertTrue(msg.contains("file:     " + dir.resolve("dataset_spec.json")), msg);
        assertTrue(msg.contains("manifest: ") && msg.contains(ID + ".json"), msg);
        assertTrue(msg.contains("dataset_spec.json") && msg.contains("convert_datasets_to_records"), "the fix says how to get Meta-Dataset's file: " + msg);
        // the same counts as the file: accepted
        MetaDatasetSplit.read(dir.resolve("dataset_spec.json"), m).check(m, Map.of("TRAIN", 3, "VALID", 2, "TEST", 2), false, dir.resolve("train"));
    }

    @Test
    void aMissingClassFolderNamesTheFolderAndTheVariable() throws IOException {
        Manifest m = manifest();
        MetaDatasetSplitLayout.lists(dir.resolve("dataset_spec.json"), tiny());
        folders(tiny());
        Files.delete(dir.resolve("train").resolve("n01494475"));
        MetaDatasetSplit split = MetaDatasetSplit.read(dir.resolve("dataset_spec.json"), m);
        var e = assertThrows(DatasetException.class, () -> split.check(m, Map.of("TRAIN", 3, "VALID", 2, "TEST", 2), false, dir.resolve("train")));
        String msg = e.getMessage();
        assertTrue(msg.contains("1 classes of the split file have no folder") && msg.contains("n01494475"), msg);
        assertTrue(msg.contains("file:     " + dir.resolve("train").resolve("n01494475")), msg);
        assertTrue(msg.contains("GLIMPSE_IMAGENET_DIR") && msg.contains("ILSVRC2012_img_train.tar") && msg.contains(dir.resolve("dataset_spec.json").toString()), msg);
    }

    @Test
    void aMissingOrMalformedFileAndOverlappingSplitsAreClearErrors() throws IOException {
        Manifest m = manifest();
        var missing = assertThrows(DatasetException.class, () -> MetaDatasetSplit.of(m, dir, dir.resolve("train")));
        assertTrue(missing.getMessage().contains(dir.resolve("dataset_spec.json").toString()) && missing.getMessage().contains("GLIMPSE_ILSVRC_SPLIT"),
                missing.getMessage());
        Map<String, List<String>> overlap = new LinkedHashMap<>(tiny());
        overlap.put("TEST", List.of("n01440764", "n01498041"));
        MetaDatasetSplitLayout.lists(dir.resolve("o.json"), overlap);
        var shared = assertThrows(DatasetException.class, () -> MetaDatasetSplit.read(dir.resolve("o.json"), m));
        assertTrue(shared.getMessage().contains("TRAIN and TEST share 1 classes (n01440764)"), shared.getMessage());
        Files.writeString(dir.resolve("bad.json"), "{\"TRAIN\": [\"dog\"], \"VALID\": [], \"TEST\": []}");
        var bad = assertThrows(DatasetException.class, () -> MetaDatasetSplit.read(dir.resolve("bad.json"), m));
        assertTrue(bad.getMessage().contains("'dog', not a WordNet id"), bad.getMessage());
    }

    @Test
    void theSplitFileVariableOverridesTheManifestsName() throws IOException {
        Manifest m = manifest();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("split.json");
        MetaDatasetSplitLayout.lists(elsewhere, tiny());
        System.setProperty("glimpse.split." + ID, elsewhere.toString());
        assertEquals(elsewhere, MetaDatasetSplit.location(m, dir));
    }

    @Test
    void theFixtureIsReadThroughTheManifestAndOnlyItsMarkerExcusesTheCounts() throws IOException {
        Manifest m = Manifests.of(ID);
        BenchmarkFixtures.Folder f = new BenchmarkFixtures(3).write(dir.resolve("ilsvrc"), List.of(m));
        f.systemProperties().forEach(System::setProperty);
        Dataset d = Datasets.reader(Manifests.of(ID)).read(Manifests.of(ID));
        for (String split : List.of("base", "val", "novel")) {
            ImageSet s = d.split(split);
            assertEquals(f.expected().get(ID).get(split).classNames(), s.classNames(), split);
            assertEquals(6, s.classCount());
            assertEquals(84, s.height());
        }
        assertTrue(Datasets.check(ID).ok(), String.join("\n", Datasets.check(ID).lines()));
        // the same files as a list to stream (ImageFileList): the split's classes, 20 files each, in the reader's label order
        ImageFileList files = ImageFileList.of(Manifests.of(ID), "novel");
        assertEquals(d.split("novel").classNames(), files.classNames());
        assertArrayEquals(d.split("novel").countsPerClass(), files.countsPerClass());
        assertTrue(files.files().stream().allMatch(p -> p.getParent().getParent().getFileName().toString().equals("train")), "from ImageNet's train/ folder");
        // the same folder without its fixture note is taken for the real set, whose counts it does not have
        Files.delete(f.dir().resolve(FixtureMarker.FILE));
        DatasetReader.CheckReport check = Datasets.check(ID);
        assertFalse(check.ok());
        assertTrue(String.join("\n", check.lines()).contains("TRAIN lists 6 classes, but Meta-Dataset's ILSVRC split has 712"), check.lines().toString());
    }
}
