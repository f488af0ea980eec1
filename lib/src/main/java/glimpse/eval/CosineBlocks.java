package glimpse.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Cosine similarities of every query to every gallery item, a block of queries at a time (one
 * matrix product each, so 10,000 × 10,000 never sits in memory at once): the one place the
 * retrieval metrics get their similarities from.
 */
final class CosineBlocks {
    static final int BLOCK = 512;

    /** Receives one query's similarities (called from several threads at once, one query each) to the whole gallery ({@code sims[offset .. offset + galleryCount)}). */
    interface Row { void accept(int query, float[] sims, int offset); }

    /** One query's score from its similarity row {@code sims[offset .. offset + m)} to the gallery ({@code self}: the gallery index to skip, or −1). */
    interface QueryScore { double of(float[] sims, int offset, int m, int[] galleryLabels, int label, int self); }

    /**
     * Each query's score against the gallery; with {@code selfGallery} the queries are the gallery
     * and each skips itself.
     */
    static double[] perQuery(float[][] queries, int[] queryLabels, float[][] gallery, int[] galleryLabels, boolean selfGallery, QueryScore score) {
        checkLabels(queries, queryLabels, selfGallery ? "selfGallery" : "queries");
        if (!selfGallery) checkLabels(gallery, galleryLabels, "gallery");
        double[] out = new double[queries.length];
        forEach(queries, gallery, (i, s, off) -> out[i] = score.of(s, off, gallery.length, galleryLabels, queryLabels[i], selfGallery ? i : -1));
        return out;
    }

    private CosineBlocks() {}

    static void forEach(float[][] queries, float[][] gallery, Row row) {
        if (queries.length == 0 || gallery.length == 0) return;
        int d = gallery[0].length;
        for (float[] q : queries) if (q.length != d) throw new IllegalArgumentException("queries and gallery need the same dimension " + d + ", got " + q.length);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(normalised(gallery)).transpose();                   // (d, M)
            for (int from = 0; from < queries.length; from += BLOCK) {
                int to = Math.min(queries.length, from + BLOCK);
                try (NDManager block = m.newSubManager()) {
                    NDArray q = block.create(normalised(java.util.Arrays.copyOfRange(queries, from, to)));
                    float[] sims = q.matMul(g).toFloatArray();
                    final int first = from;      // rows are independent: each writes only its own query's result
                    java.util.stream.IntStream.range(from, to).parallel().forEach(i -> row.accept(i, sims, (i - first) * gallery.length));
                }
            }
        }
    }

    /** Rows divided by their norms (in double); a zero row stays zero. */
    static float[][] normalised(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double n = 0;
            for (float v : x[i]) n += (double) v * v;
            n = Math.sqrt(n);
            out[i] = new float[x[i].length];
            for (int k = 0; k < x[i].length; k++) out[i][k] = n == 0 ? 0 : (float) (x[i][k] / n);
        }
        return out;
    }

    /**
     * A key whose ascending order is the retrieval order: similarity descending, then gallery index
     * ascending (the tie rule of every retrieval metric here: of equal similarities the item listed first ranks first).
     */
    static long orderKey(float similarity, int index) {
        int bits = Float.floatToIntBits(similarity + 0f);                    // −0 → +0
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);                  // int order = float order
        return ((long) ~ascending << 32) | (index & 0xffffffffL);
    }

    static void checkLabels(float[][] x, int[] labels, String what) {
        if (x.length != labels.length) throw new IllegalArgumentException(what + ": " + x.length + " embeddings but " + labels.length + " labels");
    }
}
