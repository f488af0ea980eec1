package glimpse.classification;

import glimpse.data.ImageSet;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.LongTail;
import glimpse.data.sampling.Seeds;

/**
 * Which test images score a classifier: all of them, {@code perClass} per class (balanced, fixed
 * subset), or a seeded random subset of at most {@code limit} images (quick runs). The subset does
 * not change with the training seed, so seeds are scored on the same images.
 */
public record TestSubset(int perClass, int limit, long seed) {
    public static final TestSubset ALL = new TestSubset(0, 0, 0);

    public static TestSubset balanced(int perClass) { return new TestSubset(perClass, 0, 0); }
    public static TestSubset random(int limit, long seed) { return new TestSubset(0, limit, seed); }

    public ImageSet apply(ImageSet test) {
        if (perClass > 0) return LongTail.balanced(test, perClass, 0);
        int[] idx = randomIndices(test.size());
        return idx == null ? test : test.subset(test.name() + "[" + limit + "]", idx);
    }

    /** The same choice over a streamed split's files (the same indices as over the decoded split); {@code perClass} needs the decoded split. */
    public glimpse.data.ImageFileList apply(glimpse.data.ImageFileList test) {
        if (perClass > 0)
            throw new IllegalArgumentException("a balanced test subset (" + perClass + " per class) is not available for the streamed " + test.name()
                    + "; use TestSubset.random(limit, seed) or ALL");
        int[] idx = randomIndices(test.size());
        return idx == null ? test : test.subset(test.name() + "[" + limit + "]", idx);
    }

    /** The random subset's indices among {@code size} test images, ascending; null where it keeps them all. The one draw both splits use. */
    private int[] randomIndices(int size) {
        if (limit <= 0 || limit >= size) return null;
        int[] idx = Draws.distinctByRejection(size, limit, Seeds.plain(seed));
        java.util.Arrays.sort(idx);
        return idx;
    }
}
