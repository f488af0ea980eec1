package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class DistancesTest {

    @Test
    void matchesHandComputedSquaredDistances() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[][] {{0, 0}, {1, 2}});
            NDArray b = m.create(new float[][] {{3, 4}, {1, 0}, {1, 2}});
            // by hand: (0,0)-(3,4) -> 25, (0,0)-(1,0) -> 1, (0,0)-(1,2) -> 5; (1,2)-(3,4) -> 8, (1,2)-(1,0) -> 4, itself -> 0
            float[] expected = {25, 1, 5, 8, 4, 0};
            NDArray d = Distances.squaredEuclidean(a, b);
            assertArrayEquals(new long[] {2, 3}, d.getShape().getShape());
            assertArrayEquals(expected, d.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void matchesPlainLoopsOnRandomVectors() {
        Random r = new Random(3);
        int n = 5, mm = 4, dim = 7;
        float[][] a = new float[n][dim], b = new float[mm][dim];
        for (float[] row : a) for (int k = 0; k < dim; k++) row[k] = (float) r.nextGaussian();
        for (float[] row : b) for (int k = 0; k < dim; k++) row[k] = (float) r.nextGaussian();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = Distances.squaredEuclidean(m.create(a), m.create(b)).toFloatArray();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < mm; j++) {
                    double s = 0;
                    for (int k = 0; k < dim; k++) s += (a[i][k] - b[j][k]) * (a[i][k] - b[j][k]);
                    assertEquals(s, got[i * mm + j], 1e-4);
                }
        }
    }

    @Test
    void rejectsMismatchedDimensions() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> Distances.squaredEuclidean(m.ones(new ai.djl.ndarray.types.Shape(2, 3)), m.ones(new ai.djl.ndarray.types.Shape(2, 4))));
        }
    }
}
