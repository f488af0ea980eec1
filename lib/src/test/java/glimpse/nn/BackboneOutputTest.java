package glimpse.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The shared output vocabulary builds the same CNN backbones as the two older ones. */
class BackboneOutputTest {

    static Shape out(Block b, Shape in) {
        try (NDManager m = NDManager.newBaseManager()) {
            b.initialize(m, DataType.FLOAT32, in);
            return b.getOutputShapes(new Shape[] {in})[0];
        }
    }

    @Test
    void cnnBackbonesBuildTheSameShapesByEitherName() {
        Shape in = new Shape(2, 1, 32, 32);
        assertEquals(new Shape(2, 64, 2, 2), out(FewShotBackbone.CONV4.build(BackboneOutput.MAP), in));
        assertEquals(new Shape(2, 64), out(FewShotBackbone.CONV4.build(BackboneOutput.POOLED), in));
        assertEquals(new Shape(2, 64 * 2 * 2), out(FewShotBackbone.CONV4.build(BackboneOutput.FLATTENED), in));
        assertEquals(new Shape(2, 64 * 2 * 2), out(Conv4.build(Conv4.Output.FLATTEN), in));
        assertEquals(new Shape(2, 16, 2, 2), out(Conv4.build(16, BackboneOutput.MAP), in));
        assertEquals(out(FewShotBackbone.RESNET_SMALL.build(false), in), out(FewShotBackbone.RESNET_SMALL.build(BackboneOutput.MAP), in));
        assertEquals(new Shape(2, 128), out(FewShotBackbone.RESNET_SMALL.build(BackboneOutput.POOLED), in));
        assertEquals(new Shape(2, 64), out(FewShotBackbone.CONV4_LAST_UNPOOLED.build(BackboneOutput.POOLED), in));
    }

    @Test
    void transformerOutputsAreRefusedByCnns() {
        assertThrows(IllegalArgumentException.class, () -> FewShotBackbone.CONV4.build(BackboneOutput.TOKENS));
        assertThrows(IllegalArgumentException.class, () -> FewShotBackbone.RESNET12.build(BackboneOutput.CLS));
        assertThrows(IllegalArgumentException.class, () -> FewShotBackbone.RESNET_SMALL.build(BackboneOutput.FLATTENED));
        assertEquals(Conv4.Output.SPATIAL_MAP, BackboneOutput.MAP.conv4Output());
        assertTrue(BackboneOutput.POOLED.pooled());
    }
}
