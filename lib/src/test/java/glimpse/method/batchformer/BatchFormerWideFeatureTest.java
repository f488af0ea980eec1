package glimpse.method.batchformer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.nn.Blocks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BatchFormerWideFeatureTest {

    @Test
    void aWiderLastBlockGivesTheEncoderThatWidthAndThePapersFourHeads() {
        var wide = BatchFormerMethod.baseline().withMode(TwoStreamLoss.Mode.SHARED_CLASSIFIER).withFeatureWidth(256);
        assertEquals("CE (C=256) + BatchFormer", wide.label());
        try (NDManager m = NDManager.newBaseManager()) {
            BatchFormerNet net = (BatchFormerNet) wide.build(10);
            net.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            assertArrayEquals(new long[] {4, 256}, net.backbone().getOutputShapes(new Shape[] {new Shape(4, 1, 28, 28)})[0].getShape());
            BatchFormer encoder = (BatchFormer) net.encoder().orElseThrow();
            assertEquals(4, encoder.layers().get(0).heads(), "C = 256 > 128: 4 heads by the paper's rule");
            // block 4 alone: conv 32→256 (3·3·32·256 + 256), BatchNorm gamma/beta 2·256 (running stats are not parameters here)
            long wideBackbone = Blocks.parameterCount(net.backbone());
            long block4Narrow = 3 * 3 * 32 * 32 + 32 + 2 * 32, block4Wide = 3 * 3 * 32 * 256 + 256 + 2 * 256;
            Block narrow = BatchFormerMethod.baseline().build(10);
            narrow.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            assertEquals(Blocks.parameterCount(((BatchFormerNet) narrow).backbone()) - block4Narrow + block4Wide, wideBackbone,
                    "only the last block is wider");
        }
        // the default keeps every block the backbone's width, so C = 32 and one head
        var plain = BatchFormerMethod.baseline().withMode(TwoStreamLoss.Mode.SHARED_CLASSIFIER);
        assertEquals(32, plain.featureWidth());
        assertEquals("CE + BatchFormer", plain.label());
        assertThrows(IllegalArgumentException.class, () -> plain.withFeatureWidth(0));
    }
}
