package glimpse.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
        Path images = dir.resolve("images.txt"), labels = dir.resolve("image_class_labels.txt");
        Map<String, String> classOf = new HashMap<>();
        List<String> labelLines = RetrievalLists.lines(labels, m);
        for (int i = 0; i < labelLines.size(); i++) {
            String[] f = labelLines.get(i).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) continue;
            if (f.length != 2 || !f[1].matches("\\d+") || Integer.parseInt(f[1]) < 1 || Integer.parseInt(f[1]) > 200)
                throw DatasetException.of("Line " + (i + 1) + " is not 'image_id class' with a class 1..200: '" + labelLines.get(i) + "'", labels, m,
                        "restore image_class_labels.txt from CUB_200_2011.tgz");
            classOf.put(f[0], f[1]);
        }
        List<RetrievalLists.Item> out = new ArrayList<>();
        List<String> imageLines = RetrievalLists.lines(images, m);
        for (int i = 0; i < imageLines.size(); i++) {
            String[] f = imageLines.get(i).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) continue;
            String c = f.length == 2 ? classOf.get(f[0]) : null;
            if (c == null)
                throw DatasetException.of("Line " + (i + 1) + (f.length == 2 ? ": image id " + f[0] + " has no class in image_class_labels.txt" : " is not 'image_id path'"),
                        images, m, "restore images.txt and image_class_labels.txt from the same CUB_200_2011.tgz");
            int cls = Integer.parseInt(c);
            out.add(new RetrievalLists.Item("images/" + f[1], String.format("%03d", cls), cls <= LAST_TRAIN_CLASS ? "train" : "test", i + 1));
        }
        return out;
    }
}
