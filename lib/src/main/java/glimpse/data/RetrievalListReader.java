package glimpse.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader {@code retrieval-list}: the image-retrieval benchmarks, class-disjoint, by
 * {@code options.layout} — {@code sop} (splits train/test name {@code Ebay_train.txt},
 * {@code Ebay_test.txt}), {@code inshop} (splits train/query/gallery from
 * {@code options.partitionFile}; query and gallery share one label space) or {@code cub}
 * ({@link CubRetrievalSplit}: train = classes 1–100, test = 101–200). {@code options.imageSize}
 * (default 64) is the side images are decoded to (see {@link RetrievalLists}). Image paths are
 * relative to the source folder. Each split's labels are 0..k−1 over its own classes.
 */
public final class RetrievalListReader implements DatasetReader {

    @Override
    public Dataset read(Manifest m) {
        Path dir = SourceFiles.resolveDir(m);
        int size = CifarBinaryReader.option(m, "imageSize", 64);
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        String layout = layout(m);
        switch (layout) {
            case "sop" -> {
                for (var s : m.splits().entrySet()) {
                    Path list = dir.resolve(s.getValue());
                    List<RetrievalLists.Item> items = RetrievalLists.sop(list, s.getKey(), m);
                    splits.put(s.getKey(), RetrievalLists.decode(m, s.getKey(), items, items, dir, list, size));
                }
            }
            case "inshop" -> {
                Path list = dir.resolve(partitionFile(m));
                List<RetrievalLists.Item> all = RetrievalLists.inShop(list, m);
                List<RetrievalLists.Item> test = all.stream().filter(i -> !i.split().equals("train")).toList();
                for (String split : m.splits().keySet()) {
                    List<RetrievalLists.Item> items = all.stream().filter(i -> i.split().equals(m.splits().get(split))).toList();
                    splits.put(split, RetrievalLists.decode(m, split, items, split.equals("train") ? items : test, dir, list, size));
                }
            }
            case "cub" -> {
                List<RetrievalLists.Item> all = CubRetrievalSplit.items(dir, m);
                for (String split : m.splits().keySet()) {
                    List<RetrievalLists.Item> items = all.stream().filter(i -> i.split().equals(m.splits().get(split))).toList();
                    splits.put(split, RetrievalLists.decode(m, split, items, items, dir, dir.resolve("images.txt"), size));
                }
            }
            default -> throw new IllegalStateException("checked by layout()");
        }
        return new Dataset(m, splits);
    }

    static String layout(Manifest m) {
        String layout = m.options() != null && m.options().has("layout") ? m.options().get("layout").getAsString() : "";
        if (!List.of("sop", "inshop", "cub").contains(layout))
            throw DatasetException.of("options.layout is '" + layout + "'", m, "set options.layout to sop, inshop or cub (reader retrieval-list)");
        return layout;
    }

    static String partitionFile(Manifest m) {
        return m.options().has("partitionFile") ? m.options().get("partitionFile").getAsString() : "list_eval_partition.txt";
    }

    @Override
    public CheckReport check(Manifest m) {
        List<String> lines = new ArrayList<>();
        try {
            Path dir = SourceFiles.resolveDir(m);
            lines.add("source:  " + dir + " (layout " + layout(m) + ")");
            List<RetrievalLists.Item> all = new ArrayList<>();
            switch (layout(m)) {
                case "sop" -> m.splits().forEach((k, v) -> all.addAll(RetrievalLists.sop(dir.resolve(v), k, m)));
                case "inshop" -> all.addAll(RetrievalLists.inShop(dir.resolve(partitionFile(m)), m).stream()
                        .map(i -> new RetrievalLists.Item(i.path(), i.classKey(), splitNamed(m, i.split()), i.line())).toList());
                default -> all.addAll(CubRetrievalSplit.items(dir, m).stream()
                        .map(i -> new RetrievalLists.Item(i.path(), i.classKey(), splitNamed(m, i.split()), i.line())).toList());
            }
            for (String split : m.splits().keySet()) {
                var items = all.stream().filter(i -> split.equals(i.split())).toList();
                lines.add("split " + split + ": " + items.size() + " images listed, " + items.stream().map(RetrievalLists.Item::classKey).distinct().count() + " classes");
            }
            return new CheckReport(true, lines);
        } catch (DatasetException e) {
            lines.add(e.getMessage());
            return new CheckReport(false, lines);
        }
    }

    private static String splitNamed(Manifest m, String value) {
        return m.splits().entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
