package glimpse.testing;

import glimpse.data.ImageSet;

import java.util.ArrayList;
import java.util.List;

/** Image sets in which image i is the only image of class i, so a choice's labels are its indices. */
public final class IndexLabelledImages {
    private IndexLabelledImages() {}

    /** {@code n} blank 1×size×size images, image i labelled i. */
    public static ImageSet of(int n, int size) {
        int[] labels = new int[n];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) { labels[i] = i; names.add("i" + i); }
        return new ImageSet("by-index", 1, size, size, new byte[n * size * size], labels, names, names);
    }
}
