package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The paper recipe's input resize (84-px / 32-px images → Visformer-tiny's 224), against hand-worked bilinear values. */
class VisformerResizeTest {
    @Test
    void twoByTwoToFourByFourIsBilinearWithHalfPixelCentres() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2, 3, 10, 20, 30, 40}, new Shape(1, 2, 2, 2));
            NDArray y = Visformer.resize(x, 4);
            assertEquals(new Shape(1, 2, 4, 4), y.getShape());
            // output pixel i samples source (i + 0.5) / 2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to [0, 1]: weights 0, ¼, ¾, 1
            float[] axis = {0, 0.25f, 0.75f, 1};
            float[] got = y.toFloatArray();
            float[][] corners = {{0, 1, 2, 3}, {10, 20, 30, 40}};
            for (int c = 0; c < 2; c++)
                for (int r = 0; r < 4; r++)
                    for (int q = 0; q < 4; q++) {
                        float[] k = corners[c];
                        float top = k[0] + (k[1] - k[0]) * axis[q], bottom = k[2] + (k[3] - k[2]) * axis[q];
                        assertEquals(top + (bottom - top) * axis[r], got[(c * 4 + r) * 4 + q], 1e-5, "channel " + c + " at " + r + "," + q);
                    }
        }
    }

    @Test
    void aResizingBackboneTakesStoredImagesAndAPlainOneRefusesThem() {
        Visformer.Config small = Visformer.cpu32Lite();
        try (NDManager m = NDManager.newBaseManager()) {
            Visformer plain = new Visformer(small);
            assertThrows(IllegalArgumentException.class, () -> plain.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3, 20, 20)));
            Visformer resizing = new Visformer(small.withResizeInput(true));
            resizing.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3, 20, 20));
            NDArray out = resizing.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(m.randomUniform(0, 1, new Shape(2, 3, 20, 20))), false).head();
            assertEquals(new Shape(2, small.featureDim()), out.getShape());
        }
    }

    @Test
    void visformerTinyCostsWhatItsPaperReports() {
        // Chen et al., Visformer (arXiv 2104.12533) Table: Visformer-Ti 1.3 G FLOPs (multiply-adds) at 224 px; Flops counts 2 per multiply-add
        double gmacs = Visformer.flops(Visformer.tiny224()) / 2e9;
        assertEquals(1.3, gmacs, 0.1, "Visformer-tiny multiply-adds (G)");
    }
}
