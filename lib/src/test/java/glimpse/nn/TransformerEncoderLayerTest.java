package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import glimpse.nn.TransformerEncoderLayer.Config;
import glimpse.nn.TransformerEncoderLayer.NormPlacement;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static glimpse.nn.TransformerReference.gaussian;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The encoder layer against the plain pre-norm reference (the post-norm form is checked against its
 * own reference in BatchFormerTest), finite differences, and what the norm placement does.
 */
class TransformerEncoderLayerTest {
    static final int B = 2, T = 4, C = 8, HEADS = 2, HIDDEN = 16;

    static TransformerEncoderLayer layer(NDManager m, Config config) {
        TransformerEncoderLayer l = new TransformerEncoderLayer(config);
        l.initialize(m, DataType.FLOAT32, new Shape(B, T, C));
        return l;
    }

    /** The ViT block with separate projections so the reference can name them. */
    static Config preNorm() {
        Config vit = Config.preNormGelu(C, HEADS, 2.0);
        return vit.with(b -> b.attention(a -> a.projections(MultiHeadSelfAttention.Projections.SEPARATE)));
    }

    static float[] forward(NDManager m, Block l, float[] x, boolean training) {
        return l.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(B, T, C))), training).head().toFloatArray();
    }

    @Test
    void theReferenceErfIsAccurate() {
        assertEquals(0.1124629160182849, TransformerReference.erf(0.1), 1e-14);   // values of Python's math.erf
        assertEquals(0.8427007929497149, TransformerReference.erf(1), 1e-14);
        assertEquals(0.999593047982555, TransformerReference.erf(2.5), 1e-13);
        assertEquals(0.9999992569016276, TransformerReference.erf(3.5), 1e-13);
        assertEquals(-0.9999999845827421, TransformerReference.erf(-4), 1e-13);
    }

    @Test
    void preNormGeluLayerMatchesThePlainReference() {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerEncoderLayer l = layer(m, preNorm());
            Map<String, float[]> w = TransformerReference.randomizeParameters(l, 1);
            float[] x = gaussian(B * T * C, 2);
            float[] got = forward(m, l, x, false);
            for (int b = 0; b < B; b++) {
                double[][] want = TransformerReference.preNormLayer(sequence(x, b), w, HEADS, HIDDEN, 1e-6);
                for (int i = 0; i < T; i++) for (int c = 0; c < C; c++) assertEquals(want[i][c], got[(b * T + i) * C + c], 2e-5);
            }
        }
    }

    static double[][] sequence(float[] x, int b) { return TransformerReference.sequence(x, b, T, C); }

    @Test
    void inputGradientMatchesFiniteDifferencesOfTheReference() {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerEncoderLayer l = layer(m, preNorm());
            Map<String, float[]> w = TransformerReference.randomizeParameters(l, 3);
            float[] x = gaussian(B * T * C, 4), r = gaussian(T * C, 5);
            NDArray input = m.create(x, new Shape(B, T, C));
            input.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray out = l.forward(new ParameterStore(m, false), new NDList(input), false).head();
                gc.backward(out.get(0).mul(m.create(r, new Shape(T, C))).sum());     // L = Σ out[0] ⊙ R
            }
            float[] analytic = input.getGradient().toFloatArray();
            double[][] seq = sequence(x, 0);
            for (int i = 0; i < T; i++)
                for (int c = 0; c < C; c++) {
                    double keep = seq[i][c], h = 1e-5;
                    seq[i][c] = keep + h;
                    double up = weighted(TransformerReference.preNormLayer(seq, w, HEADS, HIDDEN, 1e-6), r);
                    seq[i][c] = keep - h;
                    double down = weighted(TransformerReference.preNormLayer(seq, w, HEADS, HIDDEN, 1e-6), r);
                    seq[i][c] = keep;
                    assertEquals((up - down) / (2 * h), analytic[i * C + c], 2e-4, "∂L/∂x[0][" + i + "][" + c + "]");
                }
            for (int k = T * C; k < analytic.length; k++) assertEquals(0f, analytic[k], 0f, "sequence 1 does not reach sequence 0's loss");
        }
    }

    static double weighted(double[][] out, float[] r) {
        double s = 0;
        for (int i = 0; i < T; i++) for (int c = 0; c < C; c++) s += out[i][c] * r[i * C + c];
        return s;
    }

    /** Zeroes the branch outputs (attention output projection and MLP output layer) so each residual branch adds exactly 0. */
    static void silenceBranches(TransformerEncoderLayer l) {
        for (Pair<String, Parameter> p : l.getParameters())
            if (p.getKey().startsWith("02attention_04output") || p.getKey().startsWith("05mlpOutput")) p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
    }

    @Test
    void preNormLeavesTheResidualStreamUnnormalisedWhilePostNormNormalisesEveryToken() {
        // With both branches adding 0: pre-norm is x + 0 + 0 = x (the identity), post-norm is
        // LN(LN(x)) with γ = 1, β = 0 (the initial values), i.e. every token of mean 0 and variance ≈ 1.
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = gaussian(B * T * C, 6);
            for (int i = 0; i < x.length; i++) x[i] = 3 * x[i] + 2;               // far from normalised
            TransformerEncoderLayer pre = layer(m, preNorm());
            silenceBranches(pre);
            assertArrayEquals(x, forward(m, pre, x, false), 0f);
            TransformerEncoderLayer post = layer(m, preNorm().with(b -> b.placement(NormPlacement.POST)));
            silenceBranches(post);
            float[] y = forward(m, post, x, false);
            for (int t = 0; t < B * T; t++) {
                double mean = 0, var = 0;
                for (int c = 0; c < C; c++) mean += y[t * C + c] / C;
                for (int c = 0; c < C; c++) var += (y[t * C + c] - mean) * (y[t * C + c] - mean) / C;
                assertEquals(0, mean, 1e-5, "token " + t);
                assertEquals(1, var, 1e-3, "token " + t);
            }
            TransformerReference.randomizeParameters(pre, 7);                       // and with live branches they differ
            TransformerReference.randomizeParameters(post, 7);
            assertFalse(java.util.Arrays.equals(forward(m, pre, x, false), forward(m, post, x, false)));
        }
    }

    @Test
    void withoutPositionsTheLayerIsPermutationEquivariantOverTokens() {
        int[] perm = {2, 0, 3, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerEncoderLayer l = layer(m, Config.preNormGelu(C, HEADS, 2.0));
            TransformerReference.randomizeParameters(l, 8);
            float[] x = gaussian(B * T * C, 9);
            float[] px = new float[x.length];
            for (int b = 0; b < B; b++) for (int i = 0; i < T; i++) System.arraycopy(x, (b * T + perm[i]) * C, px, (b * T + i) * C, C);
            float[] out = forward(m, l, x, false), outP = forward(m, l, px, false);
            for (int b = 0; b < B; b++)
                for (int i = 0; i < T; i++)
                    for (int c = 0; c < C; c++) assertEquals(out[(b * T + perm[i]) * C + c], outP[(b * T + i) * C + c], 1e-5f);
        }
    }

    @Test
    void batchNormOverChannelsNormalisesEachChannelOverAllTokensOfTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = TokenNorm.batchNormOverChannels().create();
            bn.initialize(m, DataType.FLOAT32, new Shape(B, T, C));
            float[] x = gaussian(B * T * C, 10);
            for (int i = 0; i < x.length; i++) x[i] = x[i] * (1 + i % C) + (i % C);   // channel c: scale c+1, shift c
            float[] y = forward(m, bn, x, true);                                        // training: batch statistics
            for (int c = 0; c < C; c++) {
                double mean = 0, var = 0;
                for (int t = 0; t < B * T; t++) mean += y[t * C + c] / (B * T);
                for (int t = 0; t < B * T; t++) var += (y[t * C + c] - mean) * (y[t * C + c] - mean) / (B * T);
                assertEquals(0, mean, 1e-5, "channel " + c);
                assertEquals(1, var, 1e-3, "channel " + c);
            }
            // the layer accepts it as its norm (Visformer-style BatchNorm pre-norm, split scaling, no qkv bias)
            Config visformer = preNorm().with(b -> b.norm(TokenNorm.batchNormOverChannels())
                    .attention(a -> a.qkvBias(false).scaling(MultiHeadSelfAttention.Scaling.SPLIT)));
            TransformerEncoderLayer l = layer(m, visformer);
            assertEquals(new Shape(B, T, C), l.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(B, T, C))), true).head().getShape());
        }
    }

    @Test
    void parameterCountAndNames() {
        try (NDManager m = NDManager.newBaseManager()) {
            // norms 2 × 2C = 32; attention 4 × (C·C + C) = 288; mlpHidden C·16 + 16 = 144; mlpOutput 16·C + C = 136 → 600
            TransformerEncoderLayer l = layer(m, preNorm());
            assertEquals(600, Blocks.parameterCount(l));
            assertEquals("01norm1_gamma", Blocks.parameterNames(l).get(0));
            assertTrue(Blocks.parameterNames(l).contains("04mlpHidden_weight"));
            assertEquals(16, preNorm().mlpHidden());
        }
        assertThrows(IllegalArgumentException.class, () -> preNorm().with(b -> b.dropout(1f)));
        assertThrows(IllegalArgumentException.class, () -> Config.preNormGelu(C, HEADS, 0));
    }
}
