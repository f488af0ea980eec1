package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The batch encoder against plain-Java computations and its defining invariants. */
class BatchFormerTest {

    /** Seeded parameter values by name (LayerNorm γ around 1): the shared plain-Java reference's. */
    static Map<String, float[]> randomizeParameters(Block block, long seed) {
        return glimpse.nn.TransformerReference.randomizeParameters(block, seed);
    }

    static float[][] randomMatrix(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] m = new float[rows][cols];
        for (float[] r : m) for (int j = 0; j < cols; j++) r[j] = (float) rng.nextGaussian();
        return m;
    }

    static float[][] toMatrix(NDArray a) {
        int rows = (int) a.getShape().get(0), cols = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] m = new float[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(flat, i * cols, m[i], 0, cols);
        return m;
    }

    // ---- plain-Java reference of one post-LN encoder layer -------------------------------------

    /** y = x Wᵀ + b with W stored (out, in) row-major, as DJL's Linear stores it. */
    static double[][] linear(double[][] x, float[] w, float[] b, int out) { return glimpse.nn.TransformerReference.linear(x, w, b, out); }

    static double[][] layerNorm(double[][] x, float[] gamma, float[] beta) {
        return glimpse.nn.TransformerReference.layerNorm(x, gamma, beta, BatchEncoderLayer.LN_EPSILON);
    }

    /** Softmax(QKᵀ/√d) per head: probs[h][i][j]. */
    static double[][][] attention(double[][] q, double[][] k, int heads) {
        int n = q.length, d = q[0].length / heads;
        double[][][] p = new double[heads][n][n];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int t = 0; t < d; t++) s += q[i][h * d + t] * k[j][h * d + t];
                    p[h][i][j] = s / Math.sqrt(d);
                    max = Math.max(max, p[h][i][j]);
                }
                double z = 0;
                for (int j = 0; j < n; j++) { p[h][i][j] = Math.exp(p[h][i][j] - max); z += p[h][i][j]; }
                for (int j = 0; j < n; j++) p[h][i][j] /= z;
            }
        return p;
    }

    static double[][] referenceLayer(float[][] xf, Map<String, float[]> w, int heads, int ffn) {
        int n = xf.length, c = xf[0].length, d = c / heads;
        double[][] x = new double[n][c];
        for (int i = 0; i < n; i++) for (int k = 0; k < c; k++) x[i][k] = xf[i][k];
        double[][] q = linear(x, w.get("01transformer_02attention_01query_weight"), w.get("01transformer_02attention_01query_bias"), c);
        double[][] k = linear(x, w.get("01transformer_02attention_02key_weight"), w.get("01transformer_02attention_02key_bias"), c);
        double[][] v = linear(x, w.get("01transformer_02attention_03value_weight"), w.get("01transformer_02attention_03value_bias"), c);
        double[][][] p = attention(q, k, heads);
        double[][] mixed = new double[n][c];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < n; i++)
                for (int t = 0; t < d; t++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += p[h][i][j] * v[j][h * d + t];
                    mixed[i][h * d + t] = s;
                }
        double[][] attn = linear(mixed, w.get("01transformer_02attention_04output_weight"), w.get("01transformer_02attention_04output_bias"), c);
        double[][] r1 = new double[n][c];
        for (int i = 0; i < n; i++) for (int t = 0; t < c; t++) r1[i][t] = x[i][t] + attn[i][t];
        double[][] x1 = layerNorm(r1, w.get("01transformer_01norm1_gamma"), w.get("01transformer_01norm1_beta"));
        double[][] hidden = linear(x1, w.get("01transformer_04mlpHidden_weight"), w.get("01transformer_04mlpHidden_bias"), ffn);
        for (double[] row : hidden) for (int t = 0; t < ffn; t++) row[t] = Math.max(0, row[t]);
        double[][] ff = linear(hidden, w.get("01transformer_05mlpOutput_weight"), w.get("01transformer_05mlpOutput_bias"), c);
        double[][] r2 = new double[n][c];
        for (int i = 0; i < n; i++) for (int t = 0; t < c; t++) r2[i][t] = x1[i][t] + ff[i][t];
        return layerNorm(r2, w.get("01transformer_03norm2_gamma"), w.get("01transformer_03norm2_beta"));
    }

    @Test
    void oneLayerMatchesAHandComputedPostNormEncoderOnATinyBatch() {
        int n = 3, c = 4, heads = 2;
        try (NDManager m = NDManager.newBaseManager()) {
            BatchEncoderLayer layer = new BatchEncoderLayer(c, heads, c, 0.5f);
            layer.initialize(m, DataType.FLOAT32, new Shape(n, c));
            Map<String, float[]> w = randomizeParameters(layer, 3);
            assertEquals(16, w.size(), "q, k, v, o, ffn1, ffn2 weights+biases and two LayerNorms: " + w.keySet());
            float[][] x = randomMatrix(n, c, 4);
            NDArray out = layer.forward(new ParameterStore(m, false), new NDList(m.create(x)), false).head();
            float[][] got = toMatrix(out);
            double[][] want = referenceLayer(x, w, heads, c);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < c; k++) assertEquals(want[i][k], got[i][k], 1e-5, "out[" + i + "][" + k + "]");

            // the attention picture: head-averaged probabilities, rows summing to 1
            double[][][] p = attention(linear(toDouble(x), w.get("01transformer_02attention_01query_weight"), w.get("01transformer_02attention_01query_bias"), c),
                    linear(toDouble(x), w.get("01transformer_02attention_02key_weight"), w.get("01transformer_02attention_02key_bias"), c), heads);
            float[][] a = toMatrix(layer.attention(new ParameterStore(m, false), m.create(x)).mean(new int[] {0}));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) assertEquals((p[0][i][j] + p[1][i][j]) / 2, a[i][j], 1e-6);
        }
    }

    static double[][] toDouble(float[][] x) {
        double[][] d = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) for (int k = 0; k < x[0].length; k++) d[i][k] = x[i][k];
        return d;
    }

    @Test
    void theEncoderIsPermutationEquivariantOverTheBatch() {
        int n = 7, c = 8;
        int[] perm = {3, 6, 0, 5, 1, 4, 2};
        try (NDManager m = NDManager.newBaseManager()) {
            BatchFormer bf = new BatchFormer(c, new BatchFormer.Config(2, 2, 0.5));
            bf.initialize(m, DataType.FLOAT32, new Shape(n, c));
            randomizeParameters(bf, 9);
            float[][] x = randomMatrix(n, c, 10);
            float[][] px = new float[n][];
            for (int i = 0; i < n; i++) px[i] = x[perm[i]];
            ParameterStore ps = new ParameterStore(m, false);
            float[][] out = toMatrix(bf.forward(ps, new NDList(m.create(x)), false).head());
            float[][] outP = toMatrix(bf.forward(ps, new NDList(m.create(px)), false).head());
            boolean mixes = false;
            for (int i = 0; i < n; i++) {
                assertArrayEquals(out[perm[i]], outP[i], 1e-5f, "row " + i + " of encoder(Px) must be row " + perm[i] + " of encoder(x)");
                for (int k = 0; k < c; k++) mixes |= Math.abs(out[perm[i]][k] - out[i][k]) > 1e-3;
            }
            assertTrue(mixes, "the permutation must actually move rows around for the check to mean anything");
        }
    }

    /** Classifier on 8-d features (the backbone is a Linear the gradient tests bypass). */
    static BatchFormerNet featureNet(NDManager m, int n, int c, int classes, boolean withEncoder) {
        BatchFormerNet net = new BatchFormerNet(Linear.builder().setUnits(c).build(), Linear.builder().setUnits(classes).build(),
                withEncoder ? new BatchFormer(c, new BatchFormer.Config(1, 2, 0.0)) : null);
        net.initialize(m, DataType.FLOAT32, new Shape(n, c));
        return net;
    }

    /** d(loss of sample i) / d(feature of every sample): one row per sample. */
    static float[][] gradientOfSampleLoss(NDManager m, BatchFormerNet net, TwoStreamLoss.Mode mode, float[][] f, int[] y, int i) {
        int n = f.length;
        NDArray features = m.create(f);
        features.setRequiresGradient(true);
        NDArray labels = m.create(java.util.Arrays.stream(y).asLongStream().toArray());
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray rows = TwoStreamLoss.perRow(new ParameterStore(m, false), net, features, labels, mode, ClassLoss.CROSS_ENTROPY,
                    TwoStreamLoss.logCounts(m, new int[] {1, 1, 1}), true);
            // sample i's loss: its row in every stream (rows i and N+i for the shared classifier)
            NDArray li = rows.get(i);
            if (rows.getShape().get(0) == 2L * n) li = li.add(rows.get(n + i));
            gc.backward(li);
        }
        return toMatrix(features.getGradient());
    }

    @Test
    void withBatchFormerASamplesLossReachesEveryOtherSamplesFeatureAndWithoutItNone() {
        int n = 5, c = 8, i = 2;
        int[] y = {0, 1, 2, 0, 1};
        float[][] f = randomMatrix(n, c, 21);
        try (NDManager m = NDManager.newBaseManager()) {
            for (TwoStreamLoss.Mode mode : new TwoStreamLoss.Mode[] {TwoStreamLoss.Mode.SHARED_CLASSIFIER, TwoStreamLoss.Mode.NO_SHARED_CLASSIFIER}) {
                float[][] g = gradientOfSampleLoss(m, featureNet(m, n, c, 3, true), mode, f, y, i);
                for (int j = 0; j < n; j++) assertTrue(norm(g[j]) > 1e-6, mode + ": ∂L_" + i + "/∂f_" + j + " = " + norm(g[j]));
            }
            float[][] g = gradientOfSampleLoss(m, featureNet(m, n, c, 3, false), TwoStreamLoss.Mode.NONE, f, y, i);
            for (int j = 0; j < n; j++) {
                if (j == i) assertTrue(norm(g[j]) > 1e-6, "a sample's loss depends on its own feature");
                else for (float v : g[j]) assertEquals(0f, v, 0f, "without BatchFormer ∂L_" + i + "/∂f_" + j + " must be exactly 0");
            }
        }
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }

    @Test
    void balancedSoftmaxIsCrossEntropyOfLogitsShiftedByLogCounts() {
        float[][] z = {{1.0f, -0.5f, 0.25f}, {0.1f, 0.2f, -1.0f}};
        int[] counts = {500, 50, 5};
        int[] y = {2, 0};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(z), labels = m.create(new long[] {2, 0}), lc = m.create(ClassLoss.logCounts(counts));
            float[] bs = ClassLoss.BALANCED_SOFTMAX.perSample(logits, labels, lc).toFloatArray();
            float[] ce = ClassLoss.CROSS_ENTROPY.perSample(logits, labels, lc).toFloatArray();
            for (int r = 0; r < 2; r++) {
                double num = counts[y[r]] * Math.exp(z[r][y[r]]), den = 0, plainDen = 0;
                for (int k = 0; k < 3; k++) { den += counts[k] * Math.exp(z[r][k]); plainDen += Math.exp(z[r][k]); }
                assertEquals(-Math.log(num / den), bs[r], 1e-5);
                assertEquals(-Math.log(Math.exp(z[r][y[r]]) / plainDen), ce[r], 1e-5);
            }
        }
    }

    @Test
    void theEncoderLrPrefixNamesExactlyTheEncodersParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchFormerNet net = featureNet(m, 4, 8, 3, true);
            long matched = net.getParameters().stream().filter(p -> p.getKey().startsWith(BatchFormerNet.ENCODER_PREFIX)).count();
            assertEquals(net.encoder().orElseThrow().getParameters().size(), matched);
            assertTrue(matched > 0);
        }
    }

    @Test
    void theEncoderTrainsAtTheLrMultiplierWhetherKeyedByPrefixOrByBlockName() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchFormerNet net = featureNet(m, 4, 8, 3, true);
            java.util.Set<String> encoderNames = new java.util.HashSet<>();
            for (Pair<String, Parameter> p : net.encoder().orElseThrow().getParameters()) encoderNames.add(BatchFormerNet.ENCODER_PREFIX + "_" + p.getKey());
            for (String key : new String[] {BatchFormerNet.ENCODER_PREFIX, "encoder"}) {
                glimpse.train.TrainConfig config = glimpse.train.TrainConfig.builder().group(key, 0.1f).build();
                int slowed = 0;
                for (Pair<String, Parameter> p : net.getParameters()) {
                    boolean inEncoder = encoderNames.contains(p.getKey());
                    assertEquals(inEncoder ? 0.1f : 1f, config.lrMultiplierFor(p.getKey()), 0f, key + " on " + p.getKey());
                    if (inEncoder) slowed++;
                }
                assertEquals(encoderNames.size(), slowed, "every encoder parameter (attention, norms, MLP) is slowed by key " + key);
            }
            assertEquals(16, encoderNames.size(), "one layer: q, k, v, output, mlpHidden, mlpOutput weights+biases, two LayerNorms: " + encoderNames);
        }
    }

    @Test
    void paperHeadRuleIsOneHeadUpTo128ChannelsElseFour() {
        assertEquals(1, BatchFormer.Config.paper().headsFor(64));
        assertEquals(1, BatchFormer.Config.paper().headsFor(128));
        assertEquals(4, BatchFormer.Config.paper().headsFor(512));
        assertEquals(2, BatchFormer.Config.paper().withHeads(2).headsFor(512));
        assertThrows(IllegalArgumentException.class, () -> new BatchEncoderLayer(10, 4, 10, 0.1f));
    }

    @Test
    void theGradientViewIsDiagonalWithoutTheModuleAndFullWithIt() {
        int n = 4, c = 8;
        float[][] f = randomMatrix(n, c, 5);
        int[] y = {0, 1, 2, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] plain = GradientView.gradientNorms(featureNet(m, n, c, 3, false), TwoStreamLoss.Mode.NONE, f, y, new int[] {5, 5, 5});
            double[][] mixed = GradientView.gradientNorms(featureNet(m, n, c, 3, true), TwoStreamLoss.Mode.SHARED_CLASSIFIER, f, y, new int[] {5, 5, 5});
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    if (i == j) assertTrue(plain[i][j] > 0);
                    else assertEquals(0.0, plain[i][j], 0.0);
                    assertTrue(mixed[i][j] > 0, "with BatchFormer G[" + i + "][" + j + "] > 0");
                }
        }
    }
}
