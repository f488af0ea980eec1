package glimpse.eval;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SpectrumEnergyTest {
    /** ±3·e0, ±2·e1, ±1·e2: mean 0, covariance diag(18, 8, 2) / 5. */
    static final float[][] AXES = {{3, 0, 0}, {-3, 0, 0}, {0, 2, 0}, {0, -2, 0}, {0, 0, 1}, {0, 0, -1}};

    @Test
    void axisAlignedPointsGiveTheHandSpectrum() {
        SpectrumEnergy e = SpectrumEnergy.of(AXES);
        assertArrayEquals(new double[] {3.6, 1.6, 0.4}, e.eigenvalues(), 1e-12);
        assertArrayEquals(new double[] {18 / 28.0, 26 / 28.0, 1}, e.cumulative(), 1e-12);
        assertEquals(2, e.componentsFor(0.9));
    }

    @Test
    void theSpectrumIsInvariantToARotationAndSumsToTheTotalVariance() {
        Random r = new Random(3);
        int n = 40, d = 5;
        double[][] g = new double[d][d];
        for (double[] row : g) for (int k = 0; k < d; k++) row[k] = r.nextGaussian();
        RealMatrix q = new QRDecomposition(MatrixUtils.createRealMatrix(g)).getQ();
        float[][] x = new float[n][d], rotated = new float[n][d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i][k] = (float) (r.nextGaussian() * (k + 1));
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) { double s = 0; for (int j = 0; j < d; j++) s += x[i][j] * q.getEntry(j, k); rotated[i][k] = (float) s; }
        double[] a = SpectrumEnergy.of(x).eigenvalues(), b = SpectrumEnergy.of(rotated).eigenvalues();
        assertArrayEquals(a, b, 1e-4);
        double trace = 0;            // Σ_k var(x_k) by plain loops
        for (int k = 0; k < d; k++) {
            double m = 0, v = 0;
            for (float[] row : x) m += row[k];
            m /= n;
            for (float[] row : x) v += (row[k] - m) * (row[k] - m);
            trace += v / (n - 1);
        }
        assertEquals(trace, java.util.Arrays.stream(a).sum(), 1e-6 * trace);
        for (int i = 1; i < d; i++) assertTrue(a[i] <= a[i - 1], "decreasing");
    }

    @Test
    void pcaProjectsOntoTheDirectionOfLargestVariance() {
        // points (5, 5) + t·(0.6, 0.8) + small noise along (−0.8, 0.6): the first component is ±(0.6, 0.8)
        double[] t = {-2, -1, 0, 1, 2};
        float[][] x = new float[5][];
        for (int i = 0; i < 5; i++) {
            double noise = 0.01 * (i % 2 == 0 ? 1 : -1);
            x[i] = new float[] {(float) (5 + 0.6 * t[i] - 0.8 * noise), (float) (5 + 0.8 * t[i] + 0.6 * noise)};
        }
        Pca p = Pca.fit(x, 1);
        assertEquals(1, p.dimensions());
        assertEquals(0.6, Math.abs(p.components()[0][0]), 1e-6);
        assertEquals(0.8, Math.abs(p.components()[0][1]), 1e-6);
        float[][] y = p.project(x);
        double sign = Math.signum(y[4][0]);
        for (int i = 0; i < 5; i++) assertEquals(sign * t[i], y[i][0], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 3));
    }

    @Test
    void fewerRowsThanDimensionsGiveTheCovariancesEigenvaluesThroughTheGramMatrix() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        float[][] x = new float[5][12];
        for (float[] row : x) for (int k = 0; k < row.length; k++) row[k] = (float) rng.nextGaussian();
        double[] viaCovariance = Pca.fit(x, 1).eigenvalues(), viaGram = SpectrumEnergy.covarianceEigenvaluesFromGram(x);
        assertEquals(12, viaGram.length);
        for (int r = 0; r < 12; r++) assertEquals(viaCovariance[r], viaGram[r], 1e-9, "eigenvalue " + r);
        assertEquals(0, viaGram[4], 1e-12, "5 centred rows span at most 4 dimensions");
    }
}
