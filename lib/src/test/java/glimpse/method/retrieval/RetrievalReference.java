package glimpse.method.retrieval;

/** Plain-Java double-precision references for the retrieval losses, written from the paper's equations. */
final class RetrievalReference {
    private RetrievalReference() {}

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += (double) a[k] * b[k];
        return s;
    }

    /** Eq. 1 (arXiv 2102.05644): anchors z, gallery g (pairs with {@code self[i]} = the gallery index of anchor i excluded, -1 for none). */
    static double contrastive(float[][] z, int[] y, float[][] g, int[] gy, int[] self, double beta) {
        double total = 0;
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < g.length; j++) {
                if (j == self[i]) continue;
                double s = dot(z[i], g[j]);
                total += y[i] == gy[j] ? Math.max(0, 1 - s) : Math.max(0, s - beta);
            }
        }
        return total / z.length;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** KoLeo (Eq. 5) with dinov2's ε: normalise, nearest by dot product, ‖x_i − x_nn + ε‖, log(ρ + ε). */
    static double koleo(float[][] z) {
        int n = z.length, d = z[0].length;
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (float v : z[i]) norm += (double) v * v;
            norm = Math.max(Math.sqrt(norm), 1e-8);
            for (int k = 0; k < d; k++) x[i][k] = z[i][k] / norm;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestDot = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double s = 0;
                for (int k = 0; k < d; k++) s += x[i][k] * x[j][k];
                if (s > bestDot) { bestDot = s; best = j; }
            }
            double r = 0;
            for (int k = 0; k < d; k++) { double e = x[i][k] - x[best][k] + 1e-8; r += e * e; }
            sum += Math.log(Math.sqrt(r) + 1e-8);
        }
        return -sum / n;
    }

    static float[][] gaussianRows(java.util.Random r, int n, int d, boolean normalise) {
        float[][] a = new float[n][d];
        for (float[] row : a) {
            double norm = 0;
            for (int k = 0; k < d; k++) { row[k] = (float) r.nextGaussian(); norm += row[k] * row[k]; }
            if (normalise) for (int k = 0; k < d; k++) row[k] /= (float) Math.sqrt(norm);
        }
        return a;
    }
}
