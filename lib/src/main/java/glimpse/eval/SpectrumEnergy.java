package glimpse.eval;

/**
 * The cumulative energy of the principal components of a set of embeddings, the analysis of
 * El-Nouby et al. (arXiv 2102.05644 §5): E(k) = Σ_{i ≤ k} λ_i / Σ_i λ_i with λ the covariance's
 * eigenvalues in decreasing order ({@link Pca}). A curve that reaches 1 within few components
 * means the embeddings collapsed into a low-dimensional subspace; KoLeo spreads the energy.
 *
 * @param eigenvalues decreasing
 * @param cumulative  cumulative[k − 1] = E(k); the last entry is 1
 */
public record SpectrumEnergy(double[] eigenvalues, double[] cumulative) {

    public static SpectrumEnergy of(float[][] embeddings) {
        double[] values = embeddings.length < embeddings[0].length ? covarianceEigenvaluesFromGram(embeddings) : Pca.fit(embeddings, 1).eigenvalues();
        double total = 0;
        for (double v : values) total += v;
        if (!(total > 0)) throw new IllegalArgumentException("the embeddings have no variance: every row is the same");
        double[] cum = new double[values.length];
        double run = 0;
        for (int i = 0; i < values.length; i++) { run += values[i]; cum[i] = run / total; }
        cum[values.length - 1] = 1;
        return new SpectrumEnergy(values, cum);
    }

    /**
     * The covariance's eigenvalues, decreasing, for fewer rows n than dimensions D: those of the n × n
     * Gram matrix C·Cᵀ/(n − 1) of the centred rows (the non-zero eigenvalues of CᵀC and CCᵀ are the
     * same), then D − n zeros — a small decomposition instead of a D × D one (a ResNet-50's 2048-d
     * descriptors of a few hundred test images), which is also where the D × D one fails to converge.
     */
    static double[] covarianceEigenvaluesFromGram(float[][] x) {
        int n = x.length, dims = x[0].length;
        if (n < 2) throw new IllegalArgumentException("the spectrum needs at least 2 embeddings, got " + n);
        double[] mean = new double[dims];
        for (float[] row : x) for (int k = 0; k < dims; k++) mean[k] += row[k] / (double) n;
        double[][] c = new double[n][dims];
        for (int i = 0; i < n; i++) for (int k = 0; k < dims; k++) c[i][k] = x[i][k] - mean[k];
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < dims; k++) s += c[i][k] * c[j][k];
                g[i][j] = g[j][i] = s / (n - 1);
            }
        double[] values = new org.apache.commons.math3.linear.EigenDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(g, false)).getRealEigenvalues();
        double[] out = new double[dims];
        double[] sorted = java.util.Arrays.stream(values).map(v -> Math.max(0, v)).sorted().toArray();
        for (int r = 0; r < n; r++) out[r] = sorted[n - 1 - r];
        return out;
    }

    /** E(k), the share of the variance in the first k components. */
    public double energy(int k) { return cumulative[k - 1]; }

    /** The fewest components holding at least {@code share} of the variance. */
    public int componentsFor(double share) {
        for (int i = 0; i < cumulative.length; i++) if (cumulative[i] >= share - 1e-12) return i + 1;
        return cumulative.length;
    }
}
