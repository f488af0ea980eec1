package glimpse.data.sampling;

import java.util.Arrays;

/**
 * One episode as indices into an {@link glimpse.data.ImageSet}: N-way K-shot Q-query, or of variable
 * shots per class (Meta-Dataset's episodes, {@link VariableEpisodes}). Supports and queries are
 * listed class by class (episode label 0 first); episode labels are 0..N-1 in the order of
 * {@link #classes()}, which holds the original class of each episode label.
 */
public record Episode(int[] classes, int[] support, int[] supportLabels, int[] query, int[] queryLabels) {
    public Episode {
        if (support.length != supportLabels.length || query.length != queryLabels.length)
            throw new IllegalArgumentException("episode indices and labels differ in length");
    }

    public int ways() { return classes.length; }

    /** K, the supports of every class; an error for a variable-shot episode (use {@link #shotsOf}). */
    public int shots() {
        if (!sameShots()) throw new IllegalStateException("a variable-shot episode has no single K (supports per class: "
                + Arrays.toString(countsOf(supportLabels)) + "); use shotsOf(c)");
        return support.length / classes.length;
    }

    /** Q, the queries of every class; an error when classes have different numbers of queries. */
    public int queriesPerClass() {
        int[] q = countsOf(queryLabels);
        for (int c : q) if (c != q[0]) throw new IllegalStateException("classes have different numbers of queries: " + Arrays.toString(q));
        return query.length / classes.length;
    }

    /** Supports of episode class {@code c}. */
    public int shotsOf(int c) { return countsOf(supportLabels)[c]; }

    /** Whether every class has the same number of supports (an N-way K-shot episode). */
    public boolean sameShots() {
        int[] k = countsOf(supportLabels);
        for (int c : k) if (c != k[0]) return false;
        return true;
    }

    private int[] countsOf(int[] labels) {
        int[] counts = new int[classes.length];
        for (int y : labels) counts[y]++;
        return counts;
    }

    /** Builds the canonical class-major episode from per-class support and query picks (classes may differ in how many). */
    public static Episode of(int[] classes, int[][] supportPerClass, int[][] queryPerClass) {
        int n = classes.length;
        int ns = Arrays.stream(supportPerClass).mapToInt(a -> a.length).sum(), nq = Arrays.stream(queryPerClass).mapToInt(a -> a.length).sum();
        int[] s = new int[ns], sl = new int[ns], qs = new int[nq], ql = new int[nq];
        int i = 0, j = 0;
        for (int c = 0; c < n; c++) {
            for (int x : supportPerClass[c]) { s[i] = x; sl[i++] = c; }
            for (int x : queryPerClass[c]) { qs[j] = x; ql[j++] = c; }
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
        if (!sameShots())
            return ways() + "-way variable-shot " + Arrays.toString(countsOf(supportLabels)) + ", " + query.length + " queries, episode over classes "
                    + Arrays.toString(classes);
        return ways() + "-way " + shots() + "-shot " + queriesPerClass() + "-query episode over classes " + Arrays.toString(classes);
    }
}
