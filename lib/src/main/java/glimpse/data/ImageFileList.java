package glimpse.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A split's image files and labels, to stream at paper resolution through
 * {@code glimpse.data.image.ImageLoader} instead of decoding every image into an {@link ImageSet}
 * (CUB at 512 px would be ~9 GB of pixels in memory). The files and labels are the ones the
 * manifest's reader would decode, in the same order: readers {@code cub} (images.txt order), {@code stanford-cars} (the devkit's annotation order, whole images),
 * {@code image-folder} (class folders or the CSV split files, {@code options.maxImagesPerClass}
 * applied), and {@code retrieval-list} (SOP, In-Shop, CUB's 100/100 retrieval split; labels 0..k−1 by
 * the sorted class keys of the split, In-Shop's query and gallery sharing one label space, as
 * {@link RetrievalListReader} labels them), and {@code image-list} (ImageNet-LT's list files, in line
 * order; a sample of the listed images is checked up front, {@link ImageListReader#files}). A listed file that is missing or damaged is named by the
 * loader when it is reached.
 */
public record ImageFileList(String name, List<Path> files, int[] labels, List<String> classNames) {

    public ImageFileList {
        files = List.copyOf(files);
        classNames = List.copyOf(classNames);
        if (labels.length != files.size()) throw new IllegalArgumentException(name + ": " + files.size() + " files but " + labels.length + " labels");
    }

    public int size() { return files.size(); }

    public int classCount() { return classNames.size(); }

    /** Images per class, by label. */
    public int[] countsPerClass() {
        int[] counts = new int[classNames.size()];
        for (int y : labels) counts[y]++;
        return counts;
    }

    /** The files at {@code indices}, in that order, under a new name. */
    public ImageFileList subset(String name, int[] indices) {
        List<Path> f = new ArrayList<>(indices.length);
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            f.add(files.get(indices[k]));
            y[k] = labels[indices[k]];
        }
        return new ImageFileList(name, f, y, classNames);
    }

    /** The files of {@code split} of the dataset {@code m} describes. */
    public static ImageFileList of(Manifest m, String split) {
        if (!m.splits().containsKey(split))
            throw DatasetException.of("No split '" + split + "' in the manifest", m, "use one of " + String.join(", ", m.splits().keySet()));
        return switch (m.reader()) {
            case "cub" -> cub(m, split);
            case "image-folder" -> folders(m, split);
            case "stanford-cars" -> cars(m, split);
            case "retrieval-list" -> retrieval(m, split);
            case "image-list" -> ImageListReader.files(m, split);
            default -> throw DatasetException.of("Reader '" + m.reader() + "' has no file list to stream", m,
                    "stream a manifest with reader cub, stanford-cars, image-folder, retrieval-list or image-list, or load this one in memory with Datasets.load(\"" + m.id() + "\")");
        };
    }

    private static ImageFileList cub(Manifest m, String split) {
        // CUB's train_test_split.txt has two flags: 1 train, 0 test; a third split has no images to mean
        if (!split.equals("train") && !split.equals("test"))
            throw DatasetException.of("Split '" + split + "' of " + m.id() + " is not one of CUB's train_test_split.txt splits", m,
                    "use split train or test, and list only those two under \"splits\" in the manifest");
        Path dir = SourceFiles.resolveDir(m);
        List<String> names = CubReader.columns(dir.resolve("classes.txt"), m, 2).values().stream().map(c -> c[1]).toList();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (CubReader.Entry e : CubReader.entries(dir, m, names.size())) {
            if (e.train() != split.equals("train")) continue;
            files.add(dir.resolve("images").resolve(e.path()));
            labels.add(e.label());
        }
        return new ImageFileList(m.id() + "/" + split, files, labels.stream().mapToInt(Integer::intValue).toArray(), names);
    }

    /** The devkit's annotation order; the whole image (the reader crops to the box only with cropToBox, which streaming does not). */
    private static ImageFileList cars(Manifest m, String split) {
        String[] where = StanfordCarsReader.SPLITS.get(split);
        if (where == null)
            throw DatasetException.of("Split '" + split + "' of " + m.id() + " is not one of Stanford Cars' splits", m, "use split train or test");
        Path dir = SourceFiles.resolveDir(m);
        List<String> names = StanfordCarsReader.classNames(StanfordCarsReader.devkitFile(dir, "cars_meta.mat", m), m);
        List<StanfordCarsReader.Entry> entries = StanfordCarsReader.annotations(StanfordCarsReader.devkitFile(dir, where[1], m), m, names.size());
        return new ImageFileList(m.id() + "/" + split, entries.stream().map(e -> dir.resolve(where[0]).resolve(e.fname())).toList(),
                entries.stream().mapToInt(StanfordCarsReader.Entry::label).toArray(), names);
    }

    private static ImageFileList folders(Manifest m, String split) {
        Path root = ImageFolderReader.root(m);
        ImageFolderReader.Options opt = ImageFolderReader.Options.of(m);
        String where = m.splits().get(split);
        List<ImageFolderReader.Item> items = ImageFolderReader.limit(ImageFolderReader.items(m, root, where, opt), opt.maxImagesPerClass());
        List<String> classes = items.stream().map(ImageFolderReader.Item::className).distinct().sorted().toList();
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        return new ImageFileList(m.id() + "/" + split, items.stream().map(ImageFolderReader.Item::file).toList(),
                items.stream().mapToInt(it -> index.get(it.className())).toArray(), classes);
    }

    private static ImageFileList retrieval(Manifest m, String split) {
        Path dir = SourceFiles.resolveDir(m);
        String where = m.splits().get(split);
        List<RetrievalLists.Item> items, labelSpace;
        switch (RetrievalListReader.layout(m)) {
            case "sop" -> { items = RetrievalLists.sop(dir.resolve(where), split, m); labelSpace = items; }
            case "inshop" -> {
                List<RetrievalLists.Item> all = RetrievalLists.inShop(dir.resolve(RetrievalListReader.partitionFile(m)), m);
                items = all.stream().filter(i -> i.split().equals(where)).toList();
                labelSpace = where.equals("train") ? items : all.stream().filter(i -> !i.split().equals("train")).toList();
            }
            default -> { items = CubRetrievalSplit.items(dir, m).stream().filter(i -> i.split().equals(where)).toList(); labelSpace = items; }
        }
        List<String> keys = labelSpace.stream().map(RetrievalLists.Item::classKey).distinct().sorted().toList();
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) index.put(keys.get(i), i);
        return new ImageFileList(m.id() + "/" + split, items.stream().map(i -> dir.resolve(i.path())).toList(),
                items.stream().mapToInt(i -> index.get(i.classKey())).toArray(), keys);
    }
}
