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
        double[] values = Pca.fit(embeddings, 1).eigenvalues();
        double total = 0;
        for (double v : values) total += v;
        if (!(total > 0)) throw new IllegalArgumentException("the embeddings have no variance: every row is the same");
        double[] cum = new double[values.length];
        double run = 0;
        for (int i = 0; i < values.length; i++) { run += values[i]; cum[i] = run / total; }
        cum[values.length - 1] = 1;
        return new SpectrumEnergy(values, cum);
    }

    /** E(k), the share of the variance in the first k components. */
    public double energy(int k) { return cumulative[k - 1]; }

    /** The fewest components holding at least {@code share} of the variance. */
    public int componentsFor(double share) {
        for (int i = 0; i < cumulative.length; i++) if (cumulative[i] >= share - 1e-12) return i + 1;
        return cumulative.length;
    }
}
