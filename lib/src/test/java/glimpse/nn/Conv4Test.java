package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Conv4Test {

    private static Shape outputShape(Block block, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(block, m, input);
            NDArray x = m.randomUniform(0, 1, input);
            Shape forward = block.forward(new ParameterStore(m, false), new NDList(x), false).head().getShape();
            // DJL's static shape inference must agree with what the forward pass produces
            assertEquals(forward, block.getOutputShapes(new Shape[] {input})[0]);
            return forward;
        }
    }

    @Test
    void flattenGivesTheProtoNetEmbeddingSizes() {
        // 28 -> 14 -> 7 -> 3 -> 1 and 84 -> 42 -> 21 -> 10 -> 5 (floor halving by each 2x2 max-pool)
        assertEquals(new Shape(3, 64), outputShape(Conv4.build(Conv4.Output.FLATTEN), new Shape(3, 1, 28, 28)));
        assertEquals(new Shape(2, 64 * 5 * 5), outputShape(Conv4.build(Conv4.Output.FLATTEN), new Shape(2, 3, 84, 84)));
    }

    @Test
    void spatialMapKeepsTheGridAndPoolingAveragesIt() {
        assertEquals(new Shape(2, 64, 5, 5), outputShape(Conv4.build(Conv4.Output.SPATIAL_MAP), new Shape(2, 3, 84, 84)));
        assertEquals(new Shape(4, 32, 1, 1), outputShape(Conv4.build(32, Conv4.Output.SPATIAL_MAP), new Shape(4, 1, 28, 28)));
        assertEquals(new Shape(2, 64), outputShape(Conv4.build(Conv4.Output.GLOBAL_AVG_POOL), new Shape(2, 3, 84, 84)));
    }

    @Test
    void globalAveragePoolIsTheMeanOfTheSpatialMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(5);
            Block spatial = Conv4.build(Conv4.Output.SPATIAL_MAP);
            Shape in = new Shape(2, 3, 84, 84);
            Blocks.initialize(spatial, m, in);
            NDArray x = m.randomUniform(0, 1, in);
            float[] map = spatial.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            // the same trained-free backbone with GAP: build GAP by hand over the 5x5 grid
            float[] expected = new float[2 * 64];
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 64; c++) {
                    double s = 0;
                    for (int k = 0; k < 25; k++) s += map[(b * 64 + c) * 25 + k];
                    expected[b * 64 + c] = (float) (s / 25);
                }
            NDArray gap = ai.djl.nn.pooling.Pool.globalAvgPool2d(m.create(map, new Shape(2, 64, 5, 5)));
            assertArrayEquals(expected, gap.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void parameterCountMatchesTheHandCount() {
        Block net = Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Blocks.initialize(net, m, new Shape(1, 1, 28, 28));
            long conv1 = 1 * 64 * 9 + 64, convN = 64 * 64 * 9 + 64, bn = 2 * 64, head = 64 * 10 + 10;
            assertEquals(conv1 + 3 * convN + 4 * bn + head, Blocks.parameterCount(net));
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Conv4.build(0, Conv4.Output.FLATTEN));
        assertThrows(IllegalArgumentException.class, () -> Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), 0));
    }
}
