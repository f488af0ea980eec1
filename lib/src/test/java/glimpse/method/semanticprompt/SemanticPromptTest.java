package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import glimpse.fewshot.EpisodeInputs;
import glimpse.nn.MultiHeadSelfAttention;
import glimpse.nn.TransformerEncoderLayer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Visformer, the SP module, the SP network and its loss against hand values and plain-Java computations. */
class SemanticPromptTest {

    static long trainable(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters())
            if (p.getValue().requiresGradient()) n += p.getValue().getArray().size();
        return n;
    }

    @Test
    void visformerTinyHasThePapersParameterCountAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block classifier = Visformer.withHead(Visformer.tiny224(), 64);
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertEquals(9_961_008, trainable(classifier));               // the count of the official visformer_tiny(num_classes=64)
            NDArray logits = classifier.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 3, 224, 224))), false).head();
            assertEquals(new Shape(1, 64), logits.getShape());

            Block tiny84 = Visformer.withHead(Visformer.tiny84(), 64);
            tiny84.initialize(m, DataType.FLOAT32, new Shape(2, 3, 84, 84));
            // two 3×3 stem convs instead of the 7×7, position embeddings for 21², 10², 5² instead of 28², 14², 7²
            assertEquals(9_961_008 - (2352 + 32) + (432 + 32 + 2304 + 32) - 96 * (784 - 441) - 192 * (196 - 100) - 384 * (49 - 25), trainable(tiny84));
            assertEquals(25, Visformer.tiny84().lastStageTokens());
            NDArray f = ((ai.djl.nn.SequentialBlock) tiny84).getChildren().get(0).getValue()
                    .forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 84, 84))), false).head();
            assertEquals(new Shape(2, 384), f.getShape());
        }
    }

    @Test
    void cpuVariantTakes32PxGlyphsAndHasTwoLastStageBlocks() {
        try (NDManager m = NDManager.newBaseManager()) {
            Visformer v = new Visformer(Visformer.cpu32());
            v.initialize(m, DataType.FLOAT32, new Shape(3, 1, 32, 32));
            assertTrue(v.lastStage().size() >= 2);
            assertEquals(new Shape(3, 128), v.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(3, 1, 32, 32))), true).head().getShape());
            assertEquals(16, Visformer.cpu32().lastStageTokens());
            Visformer lite = new Visformer(Visformer.cpu32Lite());                  // the notebook's: same grids, conv7×7/2 stem
            lite.initialize(m, DataType.FLOAT32, new Shape(3, 1, 32, 32));
            assertTrue(lite.lastStage().size() >= 2);
            assertEquals(new Shape(3, 96), lite.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(3, 1, 32, 32))), true).head().getShape());
            assertEquals(16, Visformer.cpu32Lite().lastStageTokens());
        }
    }

    @Test
    void attentionWithoutAPromptIsPlainSoftmaxAttention() {
        int c = 8, heads = 2, t = 5, d = c / heads;
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerEncoderLayer.Config cfg = Visformer.layer(c, heads, 4);
            MultiHeadSelfAttention attention = new MultiHeadSelfAttention(cfg.attention());
            attention.initialize(m, DataType.FLOAT32, new Shape(1, t, c));
            NDArray x = m.randomNormal(new Shape(1, t, c));
            float[] a = attention.weights(new ParameterStore(m, false), x, null).toFloatArray();          // (1, H, T, T)
            float[] w = named(attention, "qkv_weight").getArray().toFloatArray();       // (3C, C), rows [Wq; Wk; Wv]
            float[] xs = x.toFloatArray();
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY, z = 0;
                    for (int j = 0; j < t; j++) {
                        for (int k = 0; k < d; k++) s[j] += dot(w, h * d + k, xs, i, c) * dot(w, c + h * d + k, xs, j, c);
                        s[j] /= Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    for (int j = 0; j < t; j++) z += Math.exp(s[j] - max);
                    for (int j = 0; j < t; j++) assertEquals(Math.exp(s[j] - max) / z, a[(h * t + i) * t + j], 1e-5, "head " + h + " row " + i);
                }
        }
    }

    /** The parameter whose structured name ends with {@code suffix} (DJL prefixes a child's index, e.g. "01qkv_weight"). */
    static Parameter named(Block b, String suffix) {
        for (Pair<String, Parameter> p : b.getParameters()) if (p.getKey().endsWith(suffix)) return p.getValue();
        throw new AssertionError("no parameter *" + suffix + " in " + b.getParameters().keys());
    }

    private static double dot(float[] w, int row, float[] x, int token, int c) {
        double s = 0;
        for (int k = 0; k < c; k++) s += w[row * c + k] * x[token * c + k];
        return s;
    }

    @Test
    void betaIsMeanZeroOverChannelsAndAZeroLastSeLayerMakesChannelInteractionTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            SemanticPrompt sp = new SemanticPrompt(SemanticPrompt.Config.full(6, 8).withInteractions(false, true));
            sp.initialize(m, DataType.FLOAT32, new Shape(3, 4, 8), new Shape(3, 6));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(3, 4, 8)), g = m.randomNormal(new Shape(3, 6));
            NDArray beta = sp.beta(ps, x, g, false);
            float[] b = beta.toFloatArray();
            double spread = 0;
            for (int i = 0; i < 3; i++) {
                double sum = 0;
                for (int j = 0; j < 8; j++) { sum += b[i * 8 + j]; spread += Math.abs(b[i * 8 + j]); }
                assertEquals(0, sum, 1e-6, "β of image " + i);
            }
            assertTrue(spread > 1e-4, "β is not trivially zero");
            NDArray prompted = sp.forward(ps, new NDList(x, g), false).head();
            assertFalse(prompted.allClose(x, 0, 1e-7, false));                         // β moves the patches...
            for (Pair<String, Parameter> p : sp.getParameters())
                if (p.getKey().contains("se2_")) p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
            // ...and with W₂ = 0, b₂ = 0: β = σ(0) = ½ on every channel, minus its mean = 0
            assertArrayEquals(x.toFloatArray(), sp.forward(ps, new NDList(x, g), false).head().toFloatArray(), 0f);
        }
    }

    @Test
    void poolingOnHandMadeTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tokens = m.create(new float[] {1, 10, 3, 30, 8, 80}, new Shape(1, 3, 2));     // patches (1,10), (3,30); prompt (8,80)
            assertArrayEquals(new float[] {4, 40}, SpNet.pool(tokens, 1, SpNet.Pooling.ALL).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {2, 20}, SpNet.pool(tokens, 1, SpNet.Pooling.PATCH).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {8, 80}, SpNet.pool(tokens, 1, SpNet.Pooling.HEAD).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void cosinePrototypeLossOnAHandCase() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray prototypes = m.eye(5).mul(m.create(3f));                      // scaled one-hot prototypes: cosine ignores the scale
            NDArray query = m.create(new float[] {2, 0, 0, 0, 0}, new Shape(1, 5));
            NDArray logits = CosinePrototypeLoss.logits(query, prototypes, 0.2f);
            assertArrayEquals(new float[] {5, 0, 0, 0, 0}, logits.toFloatArray(), 1e-6f);
            float loss = CosinePrototypeLoss.loss(logits, new int[] {0}).getFloat();
            assertEquals(-Math.log(Math.exp(5) / (Math.exp(5) + 4)), loss, 1e-6);
            assertEquals(0.026595, loss, 1e-6);
        }
    }

    @Test
    void queriesIgnoreClassTextSupportsDoNotAndPromptOffSharesTheBackbone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Visformer v = new Visformer(Visformer.cpu32());
            SpNet net = new SpNet(v, SpNet.Config.defaults(Visformer.cpu32(), 6));
            assertEquals(0, net.config().beforeBlock());                          // second-to-last of 2 last-stage blocks
            NDArray support = m.randomNormal(new Shape(2, 1, 32, 32)), query = m.randomNormal(new Shape(3, 1, 32, 32));
            NDArray labels = m.create(new int[] {0, 1}), ids = m.create(new int[] {4, 7});
            NDArray textA = m.randomNormal(new Shape(2, 6)), textB = m.randomNormal(new Shape(2, 6));
            net.initialize(m, DataType.FLOAT32, support.getShape(), labels.getShape(), query.getShape(), ids.getShape(), textA.getShape());
            ParameterStore ps = new ParameterStore(m, false);
            EpisodeInputs a = EpisodeInputs.from(new NDList(support, labels, query, ids, textA));
            EpisodeInputs b = EpisodeInputs.from(new NDList(support, labels, query, ids, textB));
            NDArray supportA = net.encodeSupport(ps, a, false), supportB = net.encodeSupport(ps, b, false);
            assertFalse(supportA.allClose(supportB, 1e-6, 1e-6, false), "the class text steers the supports");
            NDArray q = net.encodeQuery(ps, query, false);
            assertArrayEquals(q.toFloatArray(), v.forward(ps, new NDList(query), false).head().toFloatArray(), 0f);
            assertArrayEquals(q.toFloatArray(), net.promptOff().encodeQuery(ps, query, false).toFloatArray(), 0f);
            NDArray logitsA = net.forward(ps, new NDList(support, labels, query, ids, textA), false).head();
            NDArray recomputed = net.logits(ps, supportA, new int[] {0, 1}, 2, q, false);
            assertArrayEquals(recomputed.toFloatArray(), logitsA.toFloatArray(), 1e-6f);
            assertEquals(new Shape(3, 2), logitsA.getShape());
            assertThrows(IllegalStateException.class, () -> net.forward(ps, new NDList(support, labels, query, ids), false));
        }
    }

    @Test
    void oneTrainingStepSendsFiniteGradientsToTheTextProjections() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpNet net = new SpNet(new Visformer(Visformer.cpu32()), SpNet.Config.defaults(Visformer.cpu32(), 6));
            NDArray support = m.randomNormal(new Shape(2, 1, 32, 32)), query = m.randomNormal(new Shape(4, 1, 32, 32));
            NDArray labels = m.create(new int[] {0, 1}), ids = m.create(new int[] {0, 1}), text = m.randomNormal(new Shape(2, 6));
            net.initialize(m, DataType.FLOAT32, support.getShape(), labels.getShape(), query.getShape(), ids.getShape(), text.getShape());
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(m, false), new NDList(support, labels, query, ids, text), true).head();
                gc.backward(CosinePrototypeLoss.loss(logits, new int[] {0, 1, 0, 1}));
            }
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getValue().requiresGradient()) continue;
                NDArray grad = p.getValue().getArray().getGradient();
                assertFalse(grad.isNaN().any().getBoolean() || grad.isInfinite().any().getBoolean(), p.getKey());
                if (p.getKey().contains("Projection")) assertTrue(grad.abs().sum().getFloat() > 0, p.getKey() + " gets no gradient");
            }
        }
    }

    @Test
    void logisticRegressionSeparatesASeparableToySetAndPrototypesWork() {
        Random r = new Random(3);
        int ways = 3, perClass = 10;
        float[][] centres = {{5, 0, 0}, {0, 5, 0}, {0, 0, 5}};
        float[][] x = new float[ways * perClass][3];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % ways;
            for (int j = 0; j < 3; j++) x[i][j] = centres[y[i]][j] + (float) r.nextGaussian() * 0.5f;
        }
        float[][] queries = {{4, 1, 0}, {0.5f, 6, 0.2f}, {0, 1, 3}};
        assertArrayEquals(y, SupportClassifiers.logisticRegression(x, y, ways, x, 1.0));     // every training point on its side
        assertArrayEquals(new int[] {0, 1, 2}, SupportClassifiers.logisticRegression(x, y, ways, queries, 1.0));
        assertArrayEquals(new int[] {0, 1, 2}, SupportClassifiers.nearestPrototype(x, y, ways, queries));
    }
}
