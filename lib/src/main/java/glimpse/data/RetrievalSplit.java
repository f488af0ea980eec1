package glimpse.data;

import java.util.stream.IntStream;

/**
 * A class-disjoint retrieval benchmark: train on {@code train}'s classes, retrieve {@code query}
 * images among {@code gallery} — or, when {@code gallery} is null, among the query set itself with
 * each query excluded (the SOP/CUB protocol of El-Nouby et al., arXiv 2102.05644 §4).
 */
public record RetrievalSplit(String name, ImageSet train, ImageSet query, ImageSet gallery) {

    public boolean selfGallery() { return gallery == null; }

    /** SOP, CUB (train/test) or In-Shop (train/query/gallery) as loaded by {@link RetrievalListReader}. */
    public static RetrievalSplit of(Dataset d) {
        if (d.splits().containsKey("gallery"))
            return new RetrievalSplit(d.manifest().id(), d.split("train"), d.split("query"), d.split("gallery"));
        return new RetrievalSplit(d.manifest().id(), d.split("train"), d.split("test"), null);
    }

    /**
     * Fashion-MNIST the way CUB is split (100/100 classes): train on the train images of classes 0–4
     * (T-shirt/top … Coat), retrieve among the test images of classes 5–9 (Sandal … Ankle boot).
     */
    public static RetrievalSplit fashionMnist(Dataset fm) {
        int[] first = IntStream.range(0, 5).toArray(), second = IntStream.range(5, 10).toArray();
        return new RetrievalSplit("fashion-mnist 5/5", fm.split("train").restrictToClasses("fashion-mnist/train 0-4", first),
                fm.split("test").restrictToClasses("fashion-mnist/test 5-9", second), null);
    }

    /**
     * The Glyphs benchmark the way SOP is split (many classes, few images each): train on the
     * {@code base} classes, retrieve among the {@code novel} classes' images (disjoint by construction).
     */
    public static RetrievalSplit glyphs(Dataset glyphs) {
        return new RetrievalSplit("glyphs base/novel", glyphs.split("base"), glyphs.split("novel"), null);
    }
}
