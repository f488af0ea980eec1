package glimpse.method.batchformer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import glimpse.data.ImageSet;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import glimpse.testing.IndexLabelledImages;
import org.junit.jupiter.api.Test;

/**
 * Golden choice of the attention picture's batch, recorded before the random streams were gathered
 * into one utility. Every image is its own class, so the picture's labels are the chosen indices.
 */
class AttentionBatchGoldenTest {
    @Test
    void attentionPictureBatchIsUnchanged() {
        Golden g = new Golden("seeds 1 2 3", "4b8d37e765d622b0");
        int n = 48;
        ImageSet train = IndexLabelledImages.of(n, 16);
        var method = new BatchFormerMethod(ClassLoss.CROSS_ENTROPY, TwoStreamLoss.Mode.SHARED_CLASSIFIER, BatchFormer.Config.paper(), 8);
        try (NDManager m = NDManager.newBaseManager()) {
            BatchFormerNet net = (BatchFormerNet) method.build(n);
            net.initialize(m, DataType.FLOAT32, new Shape(16, 1, 16, 16));
            Digest d = Digest.start();
            for (long seed : new long[] {1, 2, 3}) d.ints(BatchAttention.of(m, net, train, 16, seed).labels());
            g.check("seeds 1 2 3", d.hex());
        }
        g.verify();
    }
}
