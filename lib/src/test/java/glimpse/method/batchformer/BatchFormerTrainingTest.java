package glimpse.method.batchformer;

import glimpse.eval.Metric;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.train.BatchSource;
import glimpse.train.Predict;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** BatchFormer inside the shared trainer: used in training, never at inference. */
class BatchFormerTrainingTest {

    /** Wraps a block and counts its forward calls. */
    static final class Counting extends AbstractBlock {
        final Block inner;
        int calls;
        Counting(Block inner) { this.inner = addChildBlock("inner", inner); }
        @Override protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            calls++;
            return inner.forward(ps, in, training);
        }
        @Override public Shape[] getOutputShapes(Shape[] s) { return inner.getOutputShapes(s); }
        @Override protected void initializeChildBlocks(NDManager m, DataType t, Shape... s) { inner.initialize(m, t, s); }
    }

    /** Four classes of 1×16×16 images, each with one bright quadrant plus noise; class c has counts[c] images. */
    static ImageSet quadrants(int[] counts, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = IntStream.of(counts).sum();
        byte[] px = new byte[n * 256];
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++)
            for (int k = 0; k < counts[c]; k++, i++) {
                labels[i] = c;
                for (int y = 0; y < 16; y++)
                    for (int x = 0; x < 16; x++) {
                        boolean bright = (y < 8 ? 0 : 2) + (x < 8 ? 0 : 1) == c;
                        px[i * 256 + y * 16 + x] = (byte) ((bright ? 170 : 60) + rng.nextInt(-50, 51));
                    }
            }
        List<String> names = List.of("top-left", "top-right", "bottom-left", "bottom-right");
        return new ImageSet("quadrants", 1, 16, 16, px, labels, names, names);
    }

    @Test
    void trainingCallsTheEncoderEveryStepAndInferenceNeverDoes() {
        ImageSet data = quadrants(new int[] {24, 16, 12, 8}, 1);
        Counting encoder = new Counting(new BatchFormer(8, BatchFormer.Config.paper()));
        BatchFormerNet net = new BatchFormerNet(Conv4.build(8, Conv4.Output.FLATTEN), Blocks.linearHead(4), encoder);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainConfig cfg = TrainConfig.builder().steps(3).batchSize(16).logEvery(0).seed(2)
                    .group(BatchFormerNet.ENCODER_PREFIX, 0.1f).build();
            float[] encoderBefore = encoderWeights(m, net, data);
            TrainLoop.fit(m, net, BatchSource.shuffled(data, 16, 2), cfg,
                    TwoStreamLoss.of(net, TwoStreamLoss.Mode.SHARED_CLASSIFIER, ClassLoss.CROSS_ENTROPY, data.countsPerClass()));
            assertEquals(3, encoder.calls, "one encoder pass per training step");
            assertFalse(java.util.Arrays.equals(encoderBefore, net.encoder().orElseThrow().getParameters().get(0).getValue().getArray().toFloatArray()),
                    "the encoder is trained");

            float[][] batched = Predict.outputs(m, net, data, 60);
            float[][] alone = Predict.outputs(m, net, data, 1);
            assertEquals(3, encoder.calls, "inference must not call BatchFormer");
            // and so a sample's prediction does not depend on which other samples share its batch
            for (int i = 0; i < data.size(); i++) assertArrayEquals(batched[i], alone[i], 1e-4f);
        }
    }

    private static float[] encoderWeights(NDManager m, BatchFormerNet net, ImageSet data) {
        net.initialize(m, DataType.FLOAT32, new Shape(16, 1, 16, 16));
        return net.encoder().orElseThrow().getParameters().get(0).getValue().getArray().toFloatArray();
    }

    @Test
    void theExperimentReportsEverySeedWithThirdsShotsAndAClassOrderedAttentionMatrix() {
        ImageSet train = quadrants(new int[] {150, 60, 30, 10}, 3), test = quadrants(new int[] {20, 20, 20, 20}, 4);
        var method = new BatchFormerMethod(ClassLoss.CROSS_ENTROPY, TwoStreamLoss.Mode.SHARED_CLASSIFIER, BatchFormer.Config.paper(), 8);
        var cfg = BatchFormerRecipe.cpu(0).with(b -> b.method(method).steps(4).batchSize(16).seeds(2));
        var r = glimpse.classification.ClassificationExperiment.run(cfg, train, test, glimpse.train.RunCheckpoints.NONE);
        assertEquals(2, r.perSeed().size());
        assertEquals(List.of(Metric.HEAD, Metric.MIDDLE, Metric.TAIL, Metric.MANY, Metric.MEDIUM, Metric.FEW), r.groups());
        assertArrayEquals(new int[] {150, 60, 30, 10}, r.trainCounts());
        for (var s : r.perSeed()) {
            // 4 classes split 2/1/1 into thirds: head = classes 0,1 (40 test images), tail = class 3
            assertEquals((s.perClass()[0] + s.perClass()[1]) / 2, s.groups().get(Metric.HEAD), 1e-12);
            assertEquals(s.perClass()[3], s.groups().get(Metric.TAIL), 1e-12);
            assertEquals(s.perClass()[3], s.groups().get(Metric.FEW), 1e-12);
            assertEquals(java.util.Arrays.stream(s.perClass()).average().orElseThrow(), s.overall(), 1e-12);
        }
        assertEquals(2, r.overall().n());
        assertEquals(2 * 7, r.rows().size(), "overall + 6 groups per seed");
        var a = r.inspection(BatchAttention.class);
        assertEquals(16, a.labels().length);
        for (int i = 1; i < a.labels().length; i++) assertTrue(a.labels()[i - 1] <= a.labels()[i], "ordered by class");
        for (double[] row : a.matrix()) assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-5, "attention rows are distributions");
    }
}
