package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import glimpse.train.LossTerms;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class KoLeoTest {

    @Test
    void threeUnitVectorsAtRightAnglesGiveMinusLogRootTwo() {
        try (NDManager m = NDManager.newBaseManager()) {
            // every nearest neighbour is at distance √2: −(1/3)·3·log √2
            float got = KoLeo.loss(m.create(new float[][] {{1, 0}, {0, 1}, {-1, 0}})).getFloat();
            assertEquals(-Math.log(Math.sqrt(2)), got, 1e-6);
            assertEquals(-0.346574, got, 1e-6);
        }
    }

    @Test
    void inFloat64ItIsThePlainEquationFiveOnThreeHandWorkedPoints() {
        // z = (2,0), (0,3), (1,1) normalise to a = (1,0), b = (0,1), c = (1/√2, 1/√2). The nearest neighbour of a and
        // of b is c (cosine 1/√2 against 0); c's is a or b (a tie at 1/√2, either at the same distance). Every
        // ρ_i = ‖a − c‖ = √((1 − 1/√2)² + 1/2) = √(2 − √2), so Eq. (5) gives L = −log √(2 − √2) = −½·log(2 − √2).
        double byHand = -0.5 * Math.log(2 - Math.sqrt(2));
        assertEquals(0.267400, byHand, 1e-6);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new double[][] {{2, 0}, {0, 3}, {1, 1}});
            z.setRequiresGradient(true);
            NDArray loss;
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                loss = KoLeo.loss(z);
                gc.backward(loss);
            }
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT64, loss.getDataType(), "the loss keeps the input's dtype");
            // dinov2's ε (1e-8 added to the difference vector's entries and to ρ) moves each ρ by at most
            // √2·ε + ε < 2.5e-8, so log ρ by at most 2.5e-8 / √(2 − √2) < 3.3e-8: the hand value holds to 4e-8
            assertEquals(byHand, loss.getDouble(), 4e-8);
            // the plain-Java reference, ε included, agrees to float64 rounding (a few ulps of values near 1)
            assertEquals(RetrievalReference.koleo(new float[][] {{2, 0}, {0, 3}, {1, 1}}), loss.getDouble(), 1e-14);
            for (double g : z.getGradient().toDoubleArray()) assertTrue(Double.isFinite(g));
        }
    }

    @Test
    void aDuplicatedRowInR384GivesDinov2sEpsilonValue() {
        float[][] z = new float[3][384];
        z[0][0] = 1; z[1][1] = 1; z[2][0] = 1;
        // by hand: rows 0 and 2 are each other's neighbour at ‖0 + 1e-8·1‖ = 1e-8·√384; row 1's is at √2
        double byHand = -(2 * Math.log(1e-8 * Math.sqrt(384) + 1e-8) + Math.log(Math.sqrt(2) + 1e-8)) / 3;
        assertEquals(10.1482, byHand, 1e-4);
        assertEquals(byHand, RetrievalReference.koleo(z), 1e-9);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(10.1482, KoLeo.loss(m.create(z)).getFloat(), 1e-4);
        }
    }

    @Test
    void matchesThePlainJavaReferenceAndIsInvariantToARotationOfTheBatch() {
        Random r = new Random(11);
        int n = 12, d = 6;
        float[][] z = RetrievalReference.gaussianRows(r, n, d, false);
        RealMatrix q = new QRDecomposition(MatrixUtils.createRealMatrix(toDouble(RetrievalReference.gaussianRows(r, d, d, false)))).getQ();
        float[][] rotated = new float[n][d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += z[i][j] * q.getEntry(j, k);
            rotated[i][k] = (float) s;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float plain = KoLeo.loss(m.create(z)).getFloat();
            assertEquals(RetrievalReference.koleo(z), plain, 1e-5);
            assertEquals(plain, KoLeo.loss(m.create(rotated)).getFloat(), 1e-5);
            assertNotEquals(plain, KoLeo.loss(m.create(new float[][] {z[0], z[1], z[2]})).getFloat(), 1e-3, "the value depends on the batch");
        }
    }

    @Test
    void theKoLeoTermIgnoresLabelsWhileTheContrastiveTermDoesNot() {
        Random r = new Random(12);
        float[][] z = RetrievalReference.gaussianRows(r, 8, 4, true);
        try (NDManager m = NDManager.newBaseManager()) {
            RetrievalLoss loss = new RetrievalLoss(ContrastiveLoss.paper(), 0.7, null);
            LossTerms a = loss.terms(m.create(z), m.create(new int[] {0, 0, 1, 1, 2, 2, 3, 3}));
            LossTerms b = loss.terms(m.create(z), m.create(new int[] {5, 1, 5, 0, 2, 7, 7, 1}));
            assertEquals(a.terms().get("koleo").getFloat(), b.terms().get("koleo").getFloat());
            assertEquals(0.7 * RetrievalReference.koleo(z), a.terms().get("koleo").getFloat(), 1e-5, "λ·KoLeo");
            assertNotEquals(a.terms().get("contrastive").getFloat(), b.terms().get("contrastive").getFloat());
            assertFalse(new RetrievalLoss(ContrastiveLoss.paper(), 0, null).terms(m.create(z), m.create(new int[8])).terms().containsKey("koleo"),
                    "λ = 0 (IRT_L) has no KoLeo term");
        }
    }

    @Test
    void theGradientIsFinite() {
        float[][] z = new float[3][384];
        z[0][0] = 1; z[1][1] = 1; z[2][0] = 1;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray zt = m.create(z);
            zt.setRequiresGradient(true);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) { gc.backward(KoLeo.loss(zt)); }
            for (float g : zt.getGradient().toFloatArray()) assertTrue(Float.isFinite(g));
        }
    }

    static double[][] toDouble(float[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) { out[i] = new double[a[i].length]; for (int k = 0; k < a[i].length; k++) out[i][k] = a[i][k]; }
        return out;
    }
}
