package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import glimpse.nn.Blocks;
import glimpse.nn.Pooling;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RetrievalNetTest {

    static float[] describe(RetrievalNet net, NDManager m, NDArray x) {
        net.initialize(m, DataType.FLOAT32, x.getShape());
        return net.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
    }

    @Test
    void bothBackbonesGiveUnitDescriptorsOfTheirWidthForEveryPooling() {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(1);
            NDArray x = m.randomUniform(0, 1, new Shape(3, 3, 32, 32));
            for (Pooling p : Pooling.values()) {
                RetrievalNet vit = RetrievalNet.smallVit(p);
                float[] d = describe(vit, m, x);
                assertEquals(3 * 128, d.length, p + " ViT width 128");
                assertArrayEquals(new Shape(3, 128).getShape(), vit.getOutputShapes(new Shape[] {x.getShape()})[0].getShape());
                for (int i = 0; i < 3; i++) {
                    double n = 0;
                    for (int k = 0; k < 128; k++) n += d[i * 128 + k] * d[i * 128 + k];
                    assertEquals(1, n, 1e-5, p + " row " + i + " is unit length");
                }
                if (p == Pooling.CLS) continue;
                RetrievalNet cnn = RetrievalNet.smallResNet(p);
                assertEquals(3 * 128, describe(cnn, m, x).length, p + " ResNet width 128");
                assertArrayEquals(new Shape(3, 128).getShape(), cnn.getOutputShapes(new Shape[] {x.getShape()})[0].getShape());
            }
            assertThrows(IllegalArgumentException.class, () -> RetrievalNet.smallResNet(Pooling.CLS));
        }
    }

    @Test
    void theTwoBackbonesAreOfSimilarSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            RetrievalNet vit = RetrievalNet.smallVit(Pooling.CLS), cnn = RetrievalNet.smallResNet(Pooling.MEAN);
            Blocks.initialize(vit, m, new Shape(1, 3, 32, 32));
            Blocks.initialize(cnn, m, new Shape(1, 3, 32, 32));
            long a = Blocks.parameterCount(vit), b = Blocks.parameterCount(cnn);
            System.out.println("small ViT " + a + " parameters, small ResNet " + b);
            assertTrue(a < 2 * b && b < 2 * a, a + " vs " + b);
        }
    }

    @Test
    void thePoolingChoiceChangesTheDescriptorOfTheSameWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            float[] cls = describe(RetrievalNet.smallVit(Pooling.CLS), m, x);
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            float[] mean = describe(RetrievalNet.smallVit(Pooling.MEAN), m, x);
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            float[] meanAgain = describe(RetrievalNet.smallVit(Pooling.MEAN), m, x);
            assertArrayEquals(mean, meanAgain, "same seed, same weights");
            assertFalse(java.util.Arrays.equals(cls, mean));
        }
    }
}
