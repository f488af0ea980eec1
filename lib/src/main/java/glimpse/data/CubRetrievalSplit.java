package glimpse.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CUB-200-2011's retrieval protocol (Oh Song et al., arXiv 1511.06452; El-Nouby et al., arXiv
 * 2102.05644 §4): classes 1–100 train, 101–200 test, all images of a class on its side (the
 * dataset's own train_test_split.txt is ignored). Reads {@code images.txt} ({@code id relpath})
 * and {@code image_class_labels.txt} ({@code id class}), 1-based ids; images under {@code images/}.
 */
public final class CubRetrievalSplit {
    public static final int LAST_TRAIN_CLASS = 100;

    private CubRetrievalSplit() {}

    /** Items with split "train" (classes 1–100) or "test" (101–200); class keys are the class ids zero-padded ("001"). */
    public static List<RetrievalLists.Item> items(Path dir, Manifest m) {
        // the release's annotation files, parsed once by the CUB classification reader
        Map<Integer, String[]> images = CubReader.columns(dir.resolve("images.txt"), m, 2);
        Map<Integer, String[]> labels = CubReader.columns(dir.resolve("image_class_labels.txt"), m, 2);
        List<RetrievalLists.Item> out = new ArrayList<>();
        int line = 0;
        for (var e : images.entrySet()) {
            line++;
            String[] l = labels.get(e.getKey());
            if (l == null || !l[1].matches("\\d+") || Integer.parseInt(l[1]) < 1 || Integer.parseInt(l[1]) > 200)
                throw DatasetException.of("Image id " + e.getKey() + " of images.txt has no class 1..200 in image_class_labels.txt",
                        dir.resolve("image_class_labels.txt"), m, "restore images.txt and image_class_labels.txt from the same CUB_200_2011.tgz");
            int cls = Integer.parseInt(l[1]);
            out.add(new RetrievalLists.Item("images/" + e.getValue()[1], String.format("%03d", cls), cls <= LAST_TRAIN_CLASS ? "train" : "test", line));
        }
        return out;
    }
}
