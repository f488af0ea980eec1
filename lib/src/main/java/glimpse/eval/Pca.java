package glimpse.eval;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Principal components of a set of embeddings by commons-math3's eigendecomposition of their
 * covariance (Σ = CᵀC / (n − 1), C the centred rows): the optional projection of IRT's descriptor to
 * 128 dimensions (El-Nouby et al., arXiv 2102.05644 §4, fitted on training embeddings) and the
 * spectrum that {@link SpectrumEnergy} reads.
 *
 * @param mean        the training mean (D)
 * @param components  the first d eigenvectors as rows (d × D), by decreasing eigenvalue
 * @param eigenvalues every eigenvalue of Σ, decreasing (D), negatives from rounding set to 0
 */
public record Pca(double[] mean, double[][] components, double[] eigenvalues) {

    /** Fits the mean and the first {@code d} components of {@code x} (n × D, n ≥ 2). */
    public static Pca fit(float[][] x, int d) {
        if (x.length < 2) throw new IllegalArgumentException("PCA needs at least 2 embeddings, got " + x.length);
        int dims = x[0].length;
        if (d < 1 || d > dims) throw new IllegalArgumentException("PCA to " + d + " dimensions of " + dims + ": need 1 <= d <= " + dims);
        double[] mean = new double[dims];
        for (float[] row : x) for (int k = 0; k < dims; k++) mean[k] += row[k];
        for (int k = 0; k < dims; k++) mean[k] /= x.length;
        double[][] centred = new double[x.length][dims];
        for (int i = 0; i < x.length; i++) for (int k = 0; k < dims; k++) centred[i][k] = x[i][k] - mean[k];
        RealMatrix c = new BlockRealMatrix(centred);
        RealMatrix cov = c.transpose().multiply(c).scalarMultiply(1.0 / (x.length - 1));
        EigenDecomposition eig = new EigenDecomposition(cov);
        double[] values = eig.getRealEigenvalues();
        Integer[] order = IntStream.range(0, dims).boxed().sorted(Comparator.comparingDouble(i -> -values[i])).toArray(Integer[]::new);
        double[] sorted = new double[dims];
        double[][] comps = new double[d][];
        for (int r = 0; r < dims; r++) sorted[r] = Math.max(0, values[order[r]]);
        for (int r = 0; r < d; r++) comps[r] = eig.getEigenvector(order[r]).toArray();
        return new Pca(mean, comps, sorted);
    }

    public int dimensions() { return components.length; }

    /** (x − mean)·Vᵀ: each row's coordinates on the components (n × d). L2-normalise afterwards for a descriptor. */
    public float[][] project(float[][] x) {
        float[][] out = new float[x.length][components.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != mean.length) throw new IllegalArgumentException("PCA fitted on " + mean.length + "-d rows, got " + x[i].length);
            for (int r = 0; r < components.length; r++) {
                double s = 0;
                for (int k = 0; k < mean.length; k++) s += (x[i][k] - mean[k]) * components[r][k];
                out[i][r] = (float) s;
            }
        }
        return out;
    }

    @Override public String toString() {
        return "Pca[" + mean.length + " → " + components.length + " dims, top eigenvalues " + Arrays.toString(Arrays.copyOf(eigenvalues, Math.min(3, eigenvalues.length))) + "]";
    }
}
