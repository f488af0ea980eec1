package glimpse.eval;

/**
 * Recall@K of image retrieval (as in El-Nouby et al., arXiv 2102.05644 §4, after Oh Song et al.,
 * arXiv 1511.06452): a query scores 1 when at least one of its K nearest gallery items by cosine
 * similarity shares its label. Ties: of equal similarities the gallery item listed first ranks
 * first. Kept per query as the rank (0-based) of its first same-label item — {@link Integer#MAX_VALUE}
 * when the gallery holds none — so every K comes from one pass, recall is non-decreasing in K by
 * construction, and {@link #hits} gives the 0/1 values that {@link MeanCi} and paired tests take.
 *
 * <pre>{@code
 * RecallAtK r = RecallAtK.selfGallery(testEmbeddings, testLabels);   // SOP, CUB
 * double r1 = r.at(1);  MeanCi ci = r.ci(1);
 * RecallAtK shop = RecallAtK.queryGallery(q, qy, g, gy);             // In-Shop
 * }</pre>
 *
 * @param firstHitRank per query, how many gallery items rank before its first same-label one
 */
public record RecallAtK(int[] firstHitRank) {

    /** The set as its own gallery, each query itself excluded (SOP, CUB protocol). */
    public static RecallAtK selfGallery(float[][] embeddings, int[] labels) {
        return ofRanks(CosineBlocks.perQuery(embeddings, labels, embeddings, labels, true, RecallAtK::rank));
    }

    /** Separate query and gallery sets (In-Shop protocol); nothing is excluded. */
    public static RecallAtK queryGallery(float[][] queries, int[] queryLabels, float[][] gallery, int[] galleryLabels) {
        return ofRanks(CosineBlocks.perQuery(queries, queryLabels, gallery, galleryLabels, false, RecallAtK::rank));
    }

    private static RecallAtK ofRanks(double[] ranks) {
        return new RecallAtK(java.util.Arrays.stream(ranks).mapToInt(r -> (int) r).toArray());
    }

    /** Items before the best same-label item (highest similarity, lowest index among equals); self is skipped. */
    static int rank(float[] s, int off, int m, int[] labels, int label, int self) {
        int best = -1;
        for (int j = 0; j < m; j++) {
            if (j == self || labels[j] != label) continue;
            if (best < 0 || s[off + j] > s[off + best]) best = j;
        }
        if (best < 0) return Integer.MAX_VALUE;
        long bestKey = CosineBlocks.orderKey(s[off + best], best);
        int before = 0;
        for (int j = 0; j < m; j++) {
            if (j == self || labels[j] == label) continue;
            if (CosineBlocks.orderKey(s[off + j], j) < bestKey) before++;
        }
        return before;
    }

    public int queries() { return firstHitRank.length; }

    /** Per query 1 if a same-label item is among its K nearest, else 0. */
    public double[] hits(int k) {
        if (k < 1) throw new IllegalArgumentException("K must be >= 1, not " + k);
        double[] h = new double[firstHitRank.length];
        for (int i = 0; i < h.length; i++) h[i] = firstHitRank[i] < k ? 1 : 0;
        return h;
    }

    /** Recall@K: the mean of {@link #hits}. */
    public double at(int k) {
        double s = 0;
        for (double h : hits(k)) s += h;
        return s / firstHitRank.length;
    }

    /** Recall@K with its within-run 95% interval over the queries. */
    public MeanCi ci(int k) { return MeanCi.of(hits(k)); }

    /** Recall at each K. */
    public double[] curve(int... ks) {
        double[] out = new double[ks.length];
        for (int i = 0; i < ks.length; i++) out[i] = at(ks[i]);
        return out;
    }
}
