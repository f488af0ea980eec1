package glimpse.data.sampling;

import java.util.Arrays;

/**
 * One N-way K-shot Q-query episode as indices into an {@link glimpse.data.ImageSet}. Supports and queries are
 * listed class by class (episode label 0 first); episode labels are 0..N-1 in the order of
 * {@link #classes()}, which holds the original class of each episode label.
 */
public record Episode(int[] classes, int[] support, int[] supportLabels, int[] query, int[] queryLabels) {
    public Episode {
        if (support.length != supportLabels.length || query.length != queryLabels.length)
            throw new IllegalArgumentException("episode indices and labels differ in length");
    }

    public int ways() { return classes.length; }
    public int shots() { return support.length / classes.length; }
    public int queriesPerClass() { return query.length / classes.length; }

    /** Builds the canonical class-major episode from per-class support and query picks. */
    public static Episode of(int[] classes, int[][] supportPerClass, int[][] queryPerClass) {
        int n = classes.length;
        int k = supportPerClass[0].length, q = queryPerClass[0].length;
        int[] s = new int[n * k], sl = new int[n * k], qs = new int[n * q], ql = new int[n * q];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < k; j++) { s[c * k + j] = supportPerClass[c][j]; sl[c * k + j] = c; }
            for (int j = 0; j < q; j++) { qs[c * q + j] = queryPerClass[c][j]; ql[c * q + j] = c; }
        }
        return new Episode(classes.clone(), s, sl, qs, ql);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Episode e && Arrays.equals(classes, e.classes) && Arrays.equals(support, e.support)
                && Arrays.equals(supportLabels, e.supportLabels) && Arrays.equals(query, e.query)
                && Arrays.equals(queryLabels, e.queryLabels);
    }

    @Override public int hashCode() {
        return Arrays.hashCode(classes) * 31 + Arrays.hashCode(support) * 17 + Arrays.hashCode(query);
    }

    @Override public String toString() {
        return ways() + "-way " + shots() + "-shot " + queriesPerClass() + "-query episode over classes " + Arrays.toString(classes);
    }
}
