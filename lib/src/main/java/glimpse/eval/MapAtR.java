package glimpse.eval;

import java.util.Arrays;

/**
 * MAP@R (Musgrave, Belongie, Lim, "A Metric Learning Reality Check", arXiv 2003.08505 §3.2): for a
 * query with R same-label items in the gallery, AP@R = (1/R) Σ_{i=1..R} P(i)·rel(i) over its R
 * nearest items (cosine; ties as in {@link RecallAtK}: the item listed first ranks first), P(i) the
 * precision of the first i. A query with R = 0 has no value (NaN) and is left out of the mean.
 *
 * @param perQuery each query's AP@R (NaN for R = 0), for {@link MeanCi} and paired tests
 */
public record MapAtR(double[] perQuery) {

    /** The set as its own gallery, each query itself excluded. */
    public static MapAtR selfGallery(float[][] embeddings, int[] labels) {
        return new MapAtR(CosineBlocks.perQuery(embeddings, labels, embeddings, labels, true, MapAtR::averagePrecisionAtR));
    }

    /** Separate query and gallery sets. */
    public static MapAtR queryGallery(float[][] queries, int[] queryLabels, float[][] gallery, int[] galleryLabels) {
        return new MapAtR(CosineBlocks.perQuery(queries, queryLabels, gallery, galleryLabels, false, MapAtR::averagePrecisionAtR));
    }

    static double averagePrecisionAtR(float[] s, int off, int m, int[] labels, int label, int self) {
        long[] keys = new long[m - (self >= 0 ? 1 : 0)];
        int n = 0, r = 0;
        for (int j = 0; j < m; j++) {
            if (j == self) continue;
            keys[n++] = CosineBlocks.orderKey(s[off + j], j);
            if (labels[j] == label) r++;
        }
        if (r == 0) return Double.NaN;
        selectSmallest(keys, r);
        Arrays.sort(keys, 0, r);
        double sum = 0;
        int relevant = 0;
        for (int i = 0; i < r; i++) {
            int j = (int) keys[i];                                    // the low 32 bits are the index
            if (labels[j] == label) { relevant++; sum += relevant / (double) (i + 1); }
        }
        return sum / r;
    }

    /** Moves the k smallest keys (any order) to a[0..k): quickselect, middle pivot. */
    static void selectSmallest(long[] a, int k) {
        int lo = 0, hi = a.length - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { long t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
            }
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
        }
    }

    /** The mean over the queries that have a value. */
    public double mean() { return ci().mean(); }

    /** The mean with its within-run 95% interval over the queries that have a value. */
    public MeanCi ci() { return MeanCi.of(Arrays.stream(perQuery).filter(v -> !Double.isNaN(v)).toArray()); }
}
