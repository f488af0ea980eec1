package glimpse.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import glimpse.fewshot.EpisodicModel;
import glimpse.method.batchformer.BatchEncoderLayer;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.protonet.ProtoNet;
import glimpse.nn.ResNets;
import glimpse.nn.Scalars;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 9 item 4: a garbage collection between a step's forward and its backward must not change
 * the gradients. It did: DJL's {@code NDArray op(Number)} overloads hand autograd a scalar in a Java
 * buffer that the GC frees (see {@link Scalars}), so CrossTransformer's key head and backbone got
 * NaN gradients on the steps where a GC happened to run inside that window. Each check computes
 * the same gradients with and without a forced GC (and Cleaner run) in that window and compares
 * the bits; before the fix the CrossTransformer and ProtoNet checks failed on every trial.
 */
class GcDuringStepTest {
    /** Builds a graph: creates its leaves (requires gradient) in {@code m}, adds them to {@code leaves}, returns a scalar loss. */
    interface Graph { NDArray loss(NDManager m, List<NDArray> leaves); }

    /** Gradients of every leaf, bit patterns, with or without a GC between forward and backward. */
    static List<int[]> gradients(Graph g, boolean gcBetween) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> leaves = new ArrayList<>();
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = g.loss(m, leaves);
                if (gcBetween) StepReplay.collectGarbage();
                c.backward(loss);
            }
            List<int[]> out = new ArrayList<>();
            for (NDArray leaf : leaves) {
                float[] f = leaf.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
                int[] bits = new int[f.length];
                for (int i = 0; i < f.length; i++) bits[i] = Float.floatToRawIntBits(f[i]);
                out.add(bits);
            }
            return out;
        }
    }

    static void assertGcDoesNotChangeGradients(String what, Graph g) throws InterruptedException {
        List<int[]> ref = gradients(g, false);
        for (int trial = 0; trial < 3; trial++) {
            List<int[]> again = gradients(g, true);
            for (int i = 0; i < ref.size(); i++)
                assertArrayEquals(ref.get(i), again.get(i), what + ": gradient of leaf " + i + " changed by a GC before backward (trial " + trial + ")");
        }
    }

    static NDArray leaf(NDManager m, List<NDArray> leaves, long seed, long... shape) {
        Random rng = new Random(seed);
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian();
        NDArray a = m.create(v, new Shape(shape));
        a.setRequiresGradient(true);
        leaves.add(a);
        return a;
    }

    @Test
    void crossTransformerGradientsDoNotDependOnGcTiming() throws InterruptedException {
        int[] labels = {0, 1, 2, 0, 1, 2};
        assertGcDoesNotChangeGradients("CrossTransformer", (m, leaves) -> {
            NDArray fs = leaf(m, leaves, 1, 6, 8, 3, 3), fq = leaf(m, leaves, 2, 4, 8, 3, 3);
            NDArray wk = leaf(m, leaves, 3, 4, 8), wv = leaf(m, leaves, 4, 5, 8);
            return CrossTransformer.forward(fs, labels, 3, fq, wk, wv).logits().logSoftmax(1).sum();
        });
    }

    @Test
    void protoNetGradientsDoNotDependOnGcTiming() throws InterruptedException {
        int[] labels = {0, 1, 2, 0, 1, 2};
        assertGcDoesNotChangeGradients("ProtoNet", (m, leaves) ->
                ProtoNet.logits(leaf(m, leaves, 5, 6, 10), labels, 3, leaf(m, leaves, 6, 4, 10)).logSoftmax(1).sum());
    }

    @Test
    void batchEncoderLayerGradientsDoNotDependOnGcTiming() throws InterruptedException {
        assertGcDoesNotChangeGradients("BatchEncoderLayer", (m, leaves) -> {
            Engine.getInstance().setRandomSeed(11);
            BatchEncoderLayer layer = new BatchEncoderLayer(8, 2, 16, 0f);
            layer.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            layer.initialize(m, DataType.FLOAT32, new Shape(5, 8));
            for (Pair<String, Parameter> p : layer.getParameters()) leaves.add(p.getValue().getArray());
            NDArray x = leaf(m, leaves, 7, 5, 8);
            return layer.forward(new ParameterStore(m, false), new NDList(x), true).head().square().sum();
        });
    }

    @Test
    void visionTransformerGradientsDoNotDependOnGcTimingWithEitherAttentionScaling() throws InterruptedException {
        for (var scaling : glimpse.nn.MultiHeadSelfAttention.Scaling.values()) {
            assertGcDoesNotChangeGradients("VisionTransformer (" + scaling + ")", (m, leaves) -> {
                Engine.getInstance().setRandomSeed(13);
                var layer = glimpse.nn.TransformerEncoderLayer.Config.preNormGelu(16, 2, 2.0);
                layer = layer.with(b -> b.attention(a -> a.scaling(scaling)));
                var vit = glimpse.nn.VisionTransformer.builder().image(8, 4).encoder(2, layer).classToken(true)
                        .output(glimpse.nn.BackboneOutput.CLS).build();
                vit.initialize(m, DataType.FLOAT32, new Shape(3, 1, 8, 8));
                for (Pair<String, Parameter> p : vit.getParameters()) leaves.add(p.getValue().getArray());
                NDArray x = leaf(m, leaves, 8, 3, 1, 8, 8);
                return vit.forward(new ParameterStore(m, false), new NDList(x), true).head().square().sum();
            });
        }
    }

    /** The scalar helper gives the Number overloads' results bit for bit (float32 and float64). */
    @Test
    void scalarsLikeMatchesTheNumberOverloads() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray x = m.randomNormal(new Shape(7, 9)).toType(t, false);
                double r = Math.sqrt(128);
                assertEquals(x.div(r), x.div(Scalars.like(x, r)));
                assertEquals(x.mul(2), x.mul(Scalars.like(x, 2)));
                assertEquals(x.maximum(0), x.maximum(Scalars.like(x, 0)));
                assertEquals(t, Scalars.like(x, r).getDataType());
                assertEquals(0, Scalars.like(x, r).getShape().dimension());
            }
        }
    }

    static float[] allWeights(EpisodicModel model) {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) for (float v : p.getValue().getArray().toFloatArray()) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    /**
     * The whole loop: a few CTX and ProtoNet training steps with a GC inside every step (after the
     * loss, before backward) give the same losses and weights, bit for bit, as without, and skip nothing.
     */
    @Test
    void episodicTrainingIsTheSameWithAGcInsideEveryStep() {
        for (boolean ctx : new boolean[] {true, false}) {
            TrainResult[] runs = new TrainResult[2];
            float[][] weights = new float[2][];
            for (int k = 0; k < 2; k++) {
                boolean gc = k == 1;
                try (NDManager m = NDManager.newBaseManager()) {
                    var backbone = ResNets.resnet12(new int[] {4, 8}, !ctx);
                    EpisodicModel model = ctx ? new CrossTransformer(backbone, 8, 8) : new ProtoNet(backbone);
                    model.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
                    StepLoss loss = EpisodeBatches.loss();
                    StepLoss withGc = step -> {
                        NDArray value = loss.compute(step);
                        if (gc) {
                            try { StepReplay.collectGarbage(); } catch (InterruptedException e) { throw new IllegalStateException(e); }
                        }
                        return value;
                    };
                    runs[k] = TrainLoop.fit(m, model, EpisodeBatches.of(TinyData.halves(40, 3), 2, 2, 3, 1),
                            TrainConfig.builder().steps(4).adam(3e-3f).logEvery(0).build(), withGc);
                    weights[k] = allWeights(model);
                }
            }
            String what = ctx ? "CTX" : "ProtoNet";
            assertEquals(0, runs[1].skippedSteps(), what + ": steps skipped with a GC inside every step");
            assertArrayEquals(runs[0].losses(), runs[1].losses(), what + " losses");
            assertArrayEquals(weights[0], weights[1], what + " weights after training");
        }
    }
}
