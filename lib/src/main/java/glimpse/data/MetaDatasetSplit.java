package glimpse.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import glimpse.Glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Meta-Dataset's class split of ILSVRC-2012 (Triantafillou et al., arXiv 1903.03096, §3.1 and its
 * appendix: 712 training, 158 validation and 130 test classes, split along the WordNet hierarchy so
 * that the splits' classes lie under different sub-trees), read from a file the user supplies — the
 * split is Meta-Dataset's, not recomputed here. Two formats, told apart by their keys:
 * <ul>
 *   <li>Meta-Dataset's own {@code dataset_spec.json} of ILSVRC-2012 (what its conversion script
 *       {@code meta_dataset.dataset_conversion.convert_datasets_to_records --dataset=ilsvrc_2012} writes
 *       next to the records): {@code "split_subgraphs": {"TRAIN": [nodes], "VALID": [...], "TEST": [...]}},
 *       each node {@code {"wn_id": "n…", "children_ids": [...], …}}; a split's classes are the leaves
 *       of its sub-graph (nodes without children);</li>
 *   <li>a plain list per split: {@code {"TRAIN": ["n01440764", …], "VALID": [...], "TEST": [...]}}
 *       (keys in any case).</li>
 * </ul>
 * Checked on reading: the three splits are disjoint WordNet ids, each has the count the manifest
 * expects ({@code options.classesPerSplit}; in a fixture folder, marked by {@link FixtureMarker}, the
 * counts are reported but not enforced, as with the sizes the manifests pin for the real files), and
 * every listed class has its folder under the images folder.
 *
 * @param file    where the split was read from
 * @param classes per split (TRAIN, VALID, TEST), its WordNet ids, sorted
 */
public record MetaDatasetSplit(Path file, Map<String, List<String>> classes) {
    public static final List<String> SPLITS = List.of("TRAIN", "VALID", "TEST");

    /** How to get the file, for every error that asks for it. */
    static final String HOW_TO_GET = "use Meta-Dataset's split: run its conversion for ILSVRC-2012 (python -m meta_dataset.dataset_conversion."
            + "convert_datasets_to_records --dataset=ilsvrc_2012 …, see github.com/google-research/meta-dataset) and take the dataset_spec.json "
            + "it writes in the records folder of ilsvrc_2012, or write {\"TRAIN\": [wnids], \"VALID\": [...], \"TEST\": [...]} from it";

    /** The classes (WordNet ids, sorted) of {@code split}: TRAIN, VALID or TEST. */
    public List<String> classes(String split) {
        List<String> c = classes.get(split.toUpperCase(Locale.ROOT));
        if (c == null) throw new IllegalArgumentException("Meta-Dataset's split names are " + SPLITS + ", not '" + split + "'");
        return c;
    }

    /** Where {@code m}'s split file is: {@code options.splitFileEnv}'s variable when set, else {@code options.splitFile} in {@code root}. */
    static Path location(Manifest m, Path root) {
        JsonObject o = m.options();
        String env = o != null && o.has("splitFileEnv") ? o.get("splitFileEnv").getAsString() : null;
        String set = env == null ? null : Glimpse.setting("glimpse.split." + m.id(), env, null);
        if (set != null) return Path.of(set);
        if (o == null || !o.has("splitFile"))
            throw DatasetException.of("The manifest names no split file (options.splitFile)", m, "add \"splitFile\": \"dataset_spec.json\" to its options");
        return root.resolve(o.get("splitFile").getAsString());
    }

    /** {@code m}'s split, read and checked against its expected counts and the class folders under {@code imagesDir}. */
    public static MetaDatasetSplit of(Manifest m, Path root, Path imagesDir) {
        Path file = location(m, root);
        MetaDatasetSplit split = read(file, m);
        split.check(m, expectedCounts(m), FixtureMarker.in(root) != null, imagesDir);
        return split;
    }

    /** Parses either format; errors name the file, the manifest and how to get a good one. */
    static MetaDatasetSplit read(Path file, Manifest m) {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) throw new IllegalStateException("not a JSON object");
            root = e.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw DatasetException.of("Cannot read Meta-Dataset's ILSVRC split (" + e.getMessage() + ")", file, m, HOW_TO_GET
                    + (m != null && m.options() != null && m.options().has("splitFileEnv") ? "; put it there or set " + m.options().get("splitFileEnv").getAsString()
                    + " to its path" : ""));
        }
        JsonObject bySplit = root.has("split_subgraphs") ? root.getAsJsonObject("split_subgraphs") : root;
        boolean graph = root.has("split_subgraphs");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String s : SPLITS) {
            JsonArray list = null;
            for (String key : bySplit.keySet()) if (key.equalsIgnoreCase(s)) list = bySplit.getAsJsonArray(key);
            if (list == null)
                throw DatasetException.of("The split file has no " + s + " list" + (graph ? " under split_subgraphs" : ""), file, m, HOW_TO_GET);
            TreeSet<String> ids = new TreeSet<>();
            for (JsonElement e : list) {
                String id;
                if (graph) {
                    JsonObject node = e.getAsJsonObject();
                    JsonArray children = node.has("children_ids") ? node.getAsJsonArray("children_ids") : new JsonArray();
                    if (!children.isEmpty()) continue;          // an inner node of the WordNet sub-graph, not a class
                    id = node.get("wn_id").getAsString();
                } else {
                    id = e.getAsString();
                }
                if (!id.matches("n\\d{8}"))
                    throw DatasetException.of(s + " lists '" + id + "', not a WordNet id like n01440764", file, m, HOW_TO_GET);
                if (!ids.add(id)) throw DatasetException.of(s + " lists " + id + " twice", file, m, HOW_TO_GET);
            }
            out.put(s, List.copyOf(ids));
        }
        for (int a = 0; a < SPLITS.size(); a++)
            for (int b = a + 1; b < SPLITS.size(); b++) {
                List<String> both = out.get(SPLITS.get(a)).stream().filter(out.get(SPLITS.get(b))::contains).toList();
                if (!both.isEmpty())
                    throw DatasetException.of(SPLITS.get(a) + " and " + SPLITS.get(b) + " share " + both.size() + " classes (" + first(both) + ")",
                            file, m, "few-shot splits must be class-disjoint; " + HOW_TO_GET);
            }
        return new MetaDatasetSplit(file, out);
    }

    /** {@code options.classesPerSplit} of {@code m}: Meta-Dataset's 712/158/130 for ILSVRC-2012. */
    static Map<String, Integer> expectedCounts(Manifest m) {
        JsonObject o = m.options() == null ? null : m.options().getAsJsonObject("classesPerSplit");
        if (o == null) throw DatasetException.of("The manifest gives no options.classesPerSplit", m,
                "add \"classesPerSplit\": {\"TRAIN\": 712, \"VALID\": 158, \"TEST\": 130} (Meta-Dataset's ILSVRC split)");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String s : SPLITS) {
            if (!o.has(s)) throw DatasetException.of("options.classesPerSplit has no " + s, m, "give the class count of each of " + SPLITS);
            out.put(s, o.get(s).getAsInt());
        }
        return out;
    }

    /**
     * Each split has its expected count (unless {@code fixture}: a fixture holds a few classes) and
     * every class its folder of images under {@code imagesDir}.
     */
    void check(Manifest m, Map<String, Integer> expected, boolean fixture, Path imagesDir) {
        if (!fixture)
            for (String s : SPLITS)
                if (classes(s).size() != expected.get(s))
                    throw DatasetException.of(s + " lists " + classes(s).size() + " classes, but Meta-Dataset's ILSVRC split has " + expected.get(s)
                            + " (options.classesPerSplit: " + expected + ")", file, m, HOW_TO_GET + " (not another version or a partial list)");
        List<String> missing = new ArrayList<>();
        for (String s : SPLITS) for (String id : classes(s)) if (!Files.isDirectory(imagesDir.resolve(id))) missing.add(id);
        if (!missing.isEmpty())
            throw DatasetException.of(missing.size() + " classes of the split file have no folder in " + imagesDir + " (" + first(missing) + ")",
                    imagesDir.resolve(missing.get(0)), m, "point " + m.source().env() + " at the folder holding the ILSVRC-2012 training set as "
                            + imagesDir.getFileName() + "/ (one folder per WordNet id, e.g. " + imagesDir.getFileName() + "/n01440764/*.JPEG, "
                            + "extracted from ILSVRC2012_img_train.tar), or use the split file of the same ImageNet release; split file " + file);
    }

    private static String first(List<String> ids) {
        return String.join(", ", ids.subList(0, Math.min(5, ids.size()))) + (ids.size() > 5 ? ", …" : "");
    }
}
