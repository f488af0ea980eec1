package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FewShotBackboneTest {

    static long[] outShape(Block b, long... input) {
        return b.getOutputShapes(new Shape[] {new Shape(input)})[0].getShape();
    }

    @Test
    void mapSizesFollowTheNumberOfPoolingsAndPoolingRemovesThem() {
        assertArrayEquals(new long[] {2, 64, 4, 4}, outShape(FewShotBackbone.CONV4_LAST_UNPOOLED.build(false), 2, 1, 32, 32));
        assertArrayEquals(new long[] {2, 64, 3, 3}, outShape(FewShotBackbone.CONV4_LAST_UNPOOLED.build(false), 2, 1, 28, 28));
        assertArrayEquals(new long[] {2, 64, 2, 2}, outShape(FewShotBackbone.CONV4.build(false), 2, 1, 32, 32));
        assertArrayEquals(new long[] {2, 128, 4, 4}, outShape(FewShotBackbone.RESNET_SMALL.build(false), 2, 1, 32, 32));
        assertArrayEquals(new long[] {2, 640, 5, 5}, outShape(FewShotBackbone.RESNET12.build(false), 2, 3, 84, 84));
        assertArrayEquals(new long[] {2, 640}, outShape(FewShotBackbone.RESNET12.build(true), 2, 3, 84, 84));
        // CTX's ResNet-34: 224 px, last stage dilated instead of strided -> 14x14x512
        assertArrayEquals(new long[] {1, 512, 14, 14}, outShape(ResNets.resnet34(true, false), 1, 3, 224, 224));
        assertArrayEquals(new long[] {1, 512, 7, 7}, outShape(ResNets.resnet34(false, false), 1, 3, 224, 224));
    }

    @Test
    void theSmallResNetRunsAndItsPooledOutputIsTheMeanOfItsMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block mapNet = ResNets.small(false);
            mapNet.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            mapNet.initialize(m, DataType.FLOAT32, new Shape(2, 1, 16, 16));
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 16, 16));
            NDArray map = mapNet.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(new long[] {2, 128, 2, 2}, map.getShape().getShape());
            // the pooled variant is the same network plus a global average: compare with a hand mean over positions
            float[] f = map.toFloatArray();
            NDArray pooled = ResNets.globalAveragePool().forward(new ParameterStore(m, false), new NDList(map), false).singletonOrThrow();
            float[] p = pooled.toFloatArray();
            for (int n = 0; n < 2; n++)
                for (int c = 0; c < 128; c++) {
                    int base = (n * 128 + c) * 4;
                    assertEquals((f[base] + f[base + 1] + f[base + 2] + f[base + 3]) / 4, p[n * 128 + c], 1e-5);
                }
        }
    }
}
