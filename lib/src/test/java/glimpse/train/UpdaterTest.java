package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One optimisation step of a two-layer linear net y = (x W1ᵀ + b1) W2ᵀ + b2 with loss L = Σ y,
 * checked against the update computed by hand in plain Java loops. With that loss the gradients are
 * dL/dW2[j][k] = Σ_b h[b][k], dL/db2[j] = B, dL/dW1[k][i] = (Σ_j W2[j][k]) (Σ_b x[b][i]),
 * dL/db1[k] = B Σ_j W2[j][k].
 */
class UpdaterTest {
    static final int B = 3, IN = 4, HID = 3, OUT = 2;
    static final float[] X = {0.5f, -1f, 2f, 0.25f, 1f, 0.5f, -0.5f, 1.5f, -2f, 0.75f, 1f, -1f};

    /** Parameter name → values after one step of {@code cfg}, and the names → values before. */
    private static Map<String, float[]>[] oneStep(TrainConfig cfg) {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(HID).build()).add(Linear.builder().setUnits(OUT).build());
            BatchSource src = (mgr, step) -> Batch.of(mgr.create(X, new Shape(B, IN)), mgr.zeros(new Shape(B), DataType.INT64));
            Map<String, float[]> before = new LinkedHashMap<>(), after = new LinkedHashMap<>();
            // initialise through a zero-step run, then read the starting values
            TrainLoop.fit(m, net, src, cfg.with(b -> b.steps(0)), step -> step.forward(step.batch().x()).sum());
            for (Pair<String, Parameter> p : net.getParameters()) before.put(p.getKey(), p.getValue().getArray().toFloatArray());
            TrainLoop.fit(m, net, src, cfg.with(b -> b.steps(1)), step -> step.forward(step.batch().x()).sum());
            for (Pair<String, Parameter> p : net.getParameters()) after.put(p.getKey(), p.getValue().getArray().toFloatArray());
            @SuppressWarnings("unchecked") Map<String, float[]>[] out = new Map[] {before, after};
            return out;
        }
    }

    /** The hand-derived gradients, keyed like DJL names the parameters of this SequentialBlock. */
    private static Map<String, float[]> handGradients(Map<String, float[]> p) {
        float[] w1 = p.get("01Linear_weight"), b1 = p.get("01Linear_bias"), w2 = p.get("02Linear_weight");
        float[] h = new float[B * HID];
        for (int b = 0; b < B; b++)
            for (int k = 0; k < HID; k++) {
                double s = b1[k];
                for (int i = 0; i < IN; i++) s += X[b * IN + i] * w1[k * IN + i];
                h[b * HID + k] = (float) s;
            }
        float[] gw2 = new float[OUT * HID], gb2 = new float[OUT], gw1 = new float[HID * IN], gb1 = new float[HID];
        for (int j = 0; j < OUT; j++) {
            gb2[j] = B;
            for (int k = 0; k < HID; k++) for (int b = 0; b < B; b++) gw2[j * HID + k] += h[b * HID + k];
        }
        for (int k = 0; k < HID; k++) {
            double colSum = 0;
            for (int j = 0; j < OUT; j++) colSum += w2[j * HID + k];
            gb1[k] = (float) (B * colSum);
            for (int i = 0; i < IN; i++) {
                double xs = 0;
                for (int b = 0; b < B; b++) xs += X[b * IN + i];
                gw1[k * IN + i] = (float) (colSum * xs);
            }
        }
        return Map.of("01Linear_weight", gw1, "01Linear_bias", gb1, "02Linear_weight", gw2, "02Linear_bias", gb2);
    }

    @Test
    void sgdStepScalesTheFirstLayersUpdateByItsMultiplier() {
        float lr = 0.05f, wd = 0.01f;
        TrainConfig cfg = TrainConfig.builder().sgd(lr, 0f).weightDecay(wd).logEvery(0).group("01Linear", 0.1f).build();
        var run = oneStep(cfg);
        Map<String, float[]> g = handGradients(run[0]);
        for (String name : g.keySet()) {
            float mult = name.startsWith("01") ? 0.1f : 1f;
            float[] w0 = run[0].get(name), w1 = run[1].get(name), grad = g.get(name);
            for (int i = 0; i < w0.length; i++) {
                float expected = w0[i] - lr * mult * (grad[i] + wd * w0[i]);
                assertEquals(expected, w1[i], 1e-5f, name + "[" + i + "]");
            }
            // and the multiplier is visible: the update of the first layer is a tenth of a full-lr one
            float[] full = new float[w0.length];
            for (int i = 0; i < w0.length; i++) full[i] = lr * (grad[i] + wd * w0[i]);
            for (int i = 0; i < w0.length; i++) assertEquals(mult * full[i], w0[i] - w1[i], 1e-5f);
        }
    }

    @Test
    void globalNormClippingRescalesEveryGradientByTheSameFactor() {
        float lr = 0.1f, clip = 0.5f;
        var run = oneStep(TrainConfig.builder().sgd(lr, 0f).clipNorm(clip).logEvery(0).build());
        Map<String, float[]> g = handGradients(run[0]);
        double sq = 0;
        for (float[] a : g.values()) for (float v : a) sq += v * v;
        double scale = clip / Math.sqrt(sq);
        assertTrue(scale < 1, "the test needs a gradient larger than the clip norm");
        for (String name : g.keySet())
            for (int i = 0; i < g.get(name).length; i++)
                assertEquals(run[0].get(name)[i] - lr * scale * g.get(name)[i], run[1].get(name)[i], 1e-5f, name);
    }

    @Test
    void normalisedGradientDescentDividesEveryGradientByTheGlobalNorm() {
        // Meta-Dataset's normalized_gradient_descent (CrossTransformers' configs): g / sqrt(max(Σ g², 1e-5)), whatever the norm's size
        float lr = 0.1f;
        var run = oneStep(TrainConfig.builder().sgd(lr, 0f).normalizeGradient(true).logEvery(0).build());
        Map<String, float[]> g = handGradients(run[0]);
        double sq = 0;
        for (float[] a : g.values()) for (float v : a) sq += v * v;
        double scale = 1 / Math.sqrt(Math.max(sq, 1e-5));
        assertNotEquals(1.0, scale, 0.05, "the test needs a gradient whose norm is not 1");
        double stepSq = 0;
        for (String name : g.keySet())
            for (int i = 0; i < g.get(name).length; i++) {
                float moved = run[0].get(name)[i] - run[1].get(name)[i];
                assertEquals(lr * scale * g.get(name)[i], moved, 1e-5f, name);
                stepSq += moved * moved;
            }
        assertEquals(lr, Math.sqrt(stepSq), 1e-4, "an SGD step of normalised gradient has length lr");
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().clipNorm(1f).normalizeGradient(true).build());
    }

    @Test
    void adamFirstStepMatchesTheHandComputedUpdateWithMultiplier() {
        float lr = 0.01f;
        var run = oneStep(TrainConfig.builder().adam(lr).logEvery(0).group("02Linear", 0.25f).build());
        Map<String, float[]> g = handGradients(run[0]);
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (String name : g.keySet()) {
            double mult = name.startsWith("02") ? 0.25 : 1;
            for (int i = 0; i < g.get(name).length; i++) {
                double gi = g.get(name)[i];
                double m = (1 - b1) * gi, v = (1 - b2) * gi * gi;
                double step = lr * mult * Math.sqrt(1 - b2) / (1 - b1) * m / (Math.sqrt(v) + eps);
                assertEquals(run[0].get(name)[i] - step, run[1].get(name)[i], 1e-6, name + "[" + i + "]");
            }
        }
    }

    @Test
    void adamWDecaysDecoupledAndEachGroupKeepsItsOwnWeightDecay() {
        float lr = 0.01f, wd = 0.1f;
        // AdamW, weight decay 0.1 everywhere except the second layer (0): w ← w·(1 − lr·wd) − lr·Adam(g), g without wd·w
        var run = oneStep(TrainConfig.builder().adamW(lr).weightDecay(wd).logEvery(0).groupWeightDecay("02Linear", 0f).build());
        Map<String, float[]> g = handGradients(run[0]);
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (String name : g.keySet()) {
            double wdi = name.startsWith("02") ? 0 : wd;
            for (int i = 0; i < g.get(name).length; i++) {
                double gi = g.get(name)[i], w0 = run[0].get(name)[i];
                double adam = lr * Math.sqrt(1 - b2) / (1 - b1) * ((1 - b1) * gi) / (Math.sqrt((1 - b2) * gi * gi) + eps);
                assertEquals(w0 * (1 - lr * wdi) - adam, run[1].get(name)[i], 1e-6, name + "[" + i + "]");
            }
        }
        // the same config with Adam (L2): the decay goes through the moments instead, so the first step differs
        var l2 = oneStep(TrainConfig.builder().adam(lr).weightDecay(wd).logEvery(0).groupWeightDecay("02Linear", 0f).build());
        assertFalse(java.util.Arrays.equals(run[1].get("01Linear_weight"), l2[1].get("01Linear_weight")), "AdamW and Adam+L2 differ");
        assertArrayEquals(run[1].get("02Linear_weight"), l2[1].get("02Linear_weight"), "without decay they agree");
    }

    @Test
    void groupsCombineLrMultiplierAndWeightDecayByTheLongestMatchingKey() {
        TrainConfig c = TrainConfig.builder().weightDecay(0.05f).group("encoder", 0.1f).groupWeightDecay("encoder", 0f)
                .groupWeightDecay("cls", 0f).group("02head", 2f).build();
        assertEquals(0.1f, c.lrMultiplierFor("03encoder_01query_weight"), 0f);
        assertEquals(0f, c.weightDecayFor("03encoder_01query_weight"), 0f);
        assertEquals(1f, c.lrMultiplierFor("01cls_token"), 0f);
        assertEquals(0f, c.weightDecayFor("01cls_token"), 0f);
        assertEquals(2f, c.lrMultiplierFor("02head_weight"), 0f);
        assertEquals(0.05f, c.weightDecayFor("02head_weight"), 0f, "a group that sets only the lr keeps the config's decay");
        assertEquals(0.05f, c.weightDecayFor("01backbone_weight"), 0f);
        assertEquals(c, c.with(b -> b), "with() of no change is the same value");
        assertEquals(3, c.groups().size());
    }

    @Test
    void aZeroMultiplierFreezesTheGroup() {
        var run = oneStep(TrainConfig.builder().adam(0.01f).logEvery(0).group("01Linear", 0f).build());
        assertArrayEquals(run[0].get("01Linear_weight"), run[1].get("01Linear_weight"));
        assertFalse(java.util.Arrays.equals(run[0].get("02Linear_weight"), run[1].get("02Linear_weight")));
    }

    @Test
    void schedulesFollowTheirFormulas() {
        TrainConfig c = TrainConfig.builder().steps(100).adam(1f).build();
        // cosine as torch's CosineAnnealingLR with T_max = steps: 0.5 (1 + cos(pi t / T))
        assertEquals(1f, c.with(b -> b.cosine()).learningRateAt(0), 1e-6f);
        assertEquals(0.5f, c.with(b -> b.cosine()).learningRateAt(50), 1e-6f);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.99)), c.with(b -> b.cosine()).learningRateAt(99), 1e-6);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 8 / 96)), c.with(b -> b.warmup(4).cosine()).learningRateAt(12), 1e-6);
        assertEquals(0.01f, c.with(b -> b.stepDecay(30, 0.1f)).learningRateAt(65), 1e-7f);
        // milestones (torch's MultiStepLR over steps): ×0.01 from step 60 on, ×0.0001 from step 80 on, counted from step 0
        TrainConfig ms = c.with(b -> b.milestones(0.01f, 60, 80));
        assertEquals(1f, ms.learningRateAt(59), 0f);
        assertEquals(0.01f, ms.learningRateAt(60), 1e-9f);
        assertEquals(0.01f, ms.learningRateAt(79), 1e-9f);
        assertEquals(1e-4f, ms.learningRateAt(80), 1e-10f);
        assertEquals(0.4f, c.with(b -> b.warmup(5).milestones(0.01f, 60, 80)).learningRateAt(1), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> c.with(b -> b.milestones(0.1f, 80, 60)));
        assertEquals(0.25f, c.with(b -> b.warmup(4)).learningRateAt(0), 1e-6f);
        assertEquals(1f, c.with(b -> b.warmup(4)).learningRateAt(3), 1e-6f);
        assertEquals(0.5f, c.with(b -> b.group("a", 0.5f).group("ab", 2f)).lrMultiplierFor("ax"), 0f);
        assertEquals(2f, c.with(b -> b.group("a", 0.5f).group("ab", 2f)).lrMultiplierFor("abc"), 0f);
        TrainConfig enc = c.with(b -> b.group("encoder", 0.1f));
        assertEquals(0.1f, enc.lrMultiplierFor("01encoder_02Conv2d_weight"), 0f);
        assertEquals(0.1f, enc.lrMultiplierFor("02body_01encoder_bias"), 0f);
        assertEquals(1f, enc.lrMultiplierFor("01encoderHead_weight"), 0f);
        assertEquals(1f, enc.lrMultiplierFor("03head_weight"), 0f);
    }
}
