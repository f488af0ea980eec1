package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import glimpse.nn.MultiHeadSelfAttention.Config;
import glimpse.nn.MultiHeadSelfAttention.Projections;
import glimpse.nn.MultiHeadSelfAttention.Scaling;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static glimpse.nn.TransformerReference.gaussian;
import static org.junit.jupiter.api.Assertions.*;

/** Multi-head self-attention against the plain reference, its fused form and its invariants. */
class MultiHeadSelfAttentionTest {
    static final int B = 2, T = 5, C = 8, HEADS = 2;

    static MultiHeadSelfAttention block(NDManager m, Config config) {
        MultiHeadSelfAttention a = new MultiHeadSelfAttention(config);
        a.initialize(m, DataType.FLOAT32, new Shape(B, T, C));
        return a;
    }

    static float[] forward(NDManager m, MultiHeadSelfAttention a, float[] x) {
        return a.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(B, T, C))), false).head().toFloatArray();
    }

    @Test
    void twoHeadsMatchThePlainReferenceOnEverySequenceOfTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadSelfAttention a = block(m, Config.of(C, HEADS));
            Map<String, float[]> w = TransformerReference.randomizeParameters(a, 1);
            float[] x = gaussian(B * T * C, 2);
            float[] got = forward(m, a, x);
            for (int b = 0; b < B; b++) {
                double[][] want = TransformerReference.selfAttention(sequence(x, b), w, "", HEADS, null);
                for (int i = 0; i < T; i++) for (int c = 0; c < C; c++) assertEquals(want[i][c], got[(b * T + i) * C + c], 1e-5);
            }
        }
    }

    static double[][] sequence(float[] x, int b) { return TransformerReference.sequence(x, b, T, C); }

    @Test
    void theFusedProjectionWithStackedWeightsIsTheSameFunction() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadSelfAttention separate = block(m, Config.of(C, HEADS));
            Map<String, float[]> w = TransformerReference.randomizeParameters(separate, 3);
            MultiHeadSelfAttention fused = block(m, Config.of(C, HEADS).with(b -> b.projections(Projections.FUSED)));
            assertEquals(java.util.List.of("01qkv_weight", "01qkv_bias", "02output_weight", "02output_bias"), Blocks.parameterNames(fused));
            // W_qkv = [W_q; W_k; W_v] row-stacked (3C, C), b_qkv = [b_q; b_k; b_v]
            fused.getParameters().get("01qkv_weight").getArray().set(concat(w.get("01query_weight"), w.get("02key_weight"), w.get("03value_weight")));
            fused.getParameters().get("01qkv_bias").getArray().set(concat(w.get("01query_bias"), w.get("02key_bias"), w.get("03value_bias")));
            fused.getParameters().get("02output_weight").getArray().set(w.get("04output_weight"));
            fused.getParameters().get("02output_bias").getArray().set(w.get("04output_bias"));
            float[] x = gaussian(B * T * C, 4);
            assertArrayEquals(forward(m, separate, x), forward(m, fused, x), 1e-5f);
        }
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) { System.arraycopy(p, 0, all, at, p.length); at += p.length; }
        return all;
    }

    @Test
    void permutingTheTokensPermutesTheOutput() {
        int[] perm = {3, 0, 4, 1, 2};
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadSelfAttention a = block(m, Config.of(C, HEADS).with(b -> b.scaling(Scaling.SPLIT).projections(Projections.FUSED)));
            TransformerReference.randomizeParameters(a, 5);
            float[] x = gaussian(B * T * C, 6), px = permuteTokens(x, perm);
            float[] out = forward(m, a, x), outP = forward(m, a, px);
            assertArrayEquals(permuteTokens(out, perm), outP, 1e-5f);
        }
    }

    static float[] permuteTokens(float[] x, int[] perm) {
        float[] y = new float[x.length];
        for (int b = 0; b < B; b++)
            for (int i = 0; i < T; i++) System.arraycopy(x, (b * T + perm[i]) * C, y, (b * T + i) * C, C);
        return y;
    }

    @Test
    void aKeyMaskedFromEveryQueryCannotInfluenceTheOtherTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadSelfAttention a = block(m, Config.of(C, HEADS));
            TransformerReference.randomizeParameters(a, 7);
            float[] maskValues = new float[T];
            maskValues[2] = Float.NEGATIVE_INFINITY;
            NDArray mask = m.create(maskValues, new Shape(1, 1, 1, T));
            float[] x = gaussian(B * T * C, 8), changed = x.clone();
            for (int c = 0; c < C; c++) changed[2 * C + c] += 3f;              // token 2 of sequence 0
            ParameterStore ps = new ParameterStore(m, false);
            float[] out = a.forward(ps, new NDList(m.create(x, new Shape(B, T, C)), mask), false).head().toFloatArray();
            float[] out2 = a.forward(ps, new NDList(m.create(changed, new Shape(B, T, C)), mask), false).head().toFloatArray();
            for (int i = 0; i < B * T; i++) {
                if (i == 2) continue;                                          // token 2's own query changed
                for (int c = 0; c < C; c++) assertEquals(out[i * C + c], out2[i * C + c], 1e-6f, "token " + i);
            }
            NDArray weights = a.weights(ps, m.create(x, new Shape(B, T, C)), mask);
            assertEquals(new Shape(B, HEADS, T, T), weights.getShape());
            float[] wv = weights.toFloatArray();
            for (int row = 0; row < B * HEADS * T; row++) assertEquals(0f, wv[row * T + 2], 0f);
        }
    }

    @Test
    void splitScalingIsTheSameFunctionUpToRounding() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadSelfAttention onScores = block(m, Config.of(C, HEADS));
            MultiHeadSelfAttention split = block(m, Config.of(C, HEADS).with(b -> b.scaling(Scaling.SPLIT)));
            Map<String, float[]> w = TransformerReference.randomizeParameters(onScores, 9);
            for (var e : w.entrySet()) split.getParameters().get(e.getKey()).getArray().set(e.getValue());
            float[] x = gaussian(B * T * C, 10);
            assertArrayEquals(forward(m, onScores, x), forward(m, split, x), 1e-5f);
        }
    }

    @Test
    void parameterCountsAreThoseOfTheProjections() {
        try (NDManager m = NDManager.newBaseManager()) {
            // separate: 4 × (C·C + C) = 4 × 72 = 288; fused: (3C·C + 3C) + (C·C + C) = 216 + 72 = 288;
            // no qkv bias (Visformer): 288 − 3C = 264
            assertEquals(288, Blocks.parameterCount(block(m, Config.of(C, HEADS))));
            assertEquals(288, Blocks.parameterCount(block(m, Config.of(C, HEADS).with(b -> b.projections(Projections.FUSED)))));
            assertEquals(264, Blocks.parameterCount(block(m, Config.of(C, HEADS).with(b -> b.projections(Projections.FUSED).qkvBias(false)))));
            assertEquals(264, Blocks.parameterCount(block(m, Config.of(C, HEADS).with(b -> b.qkvBias(false)))));
        }
        assertThrows(IllegalArgumentException.class, () -> Config.of(10, 4));
        assertThrows(IllegalArgumentException.class, () -> Config.of(8, 2).with(b -> b.attentionDropout(1f)));
    }
}
