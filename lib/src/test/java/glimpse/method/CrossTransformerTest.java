package glimpse.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.protonet.ProtoNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CrossTransformer against independent computations: a plain-loop implementation of the equations of
 * CrossTransformers (arXiv 2007.11498, its CrossTransformers section),
 * invariants, the ProtoNet special cases, and finite-difference gradients. All in float64 so the
 * tolerances can be tight.
 */
class CrossTransformerTest {
    NDManager m;

    @BeforeEach void open() { m = NDManager.newBaseManager(); }
    @AfterEach void close() { m.close(); }

    /** Random tensor and the same numbers as a Java array (row-major). */
    record T(NDArray nd, double[] a, long[] shape) {}

    T random(Random r, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return new T(m.create(a, new Shape(shape)), a, shape);
    }

    /** The CrossTransformers equations (arXiv 2007.11498), one loop per symbol. Returns logits [q][c]; fills attention sums if asked. */
    static double[][] referenceLogits(double[] s, int[] labels, int ways, int d, int hw, double[] q, int nq, int hwq,
                                      double[] wk, int dk, double[] wv, int dv) {
        int ns = labels.length;
        double[][] logits = new double[nq][ways];
        for (int i = 0; i < nq; i++)
            for (int c = 0; c < ways; c++) {
                double dist = 0;
                for (int p = 0; p < hwq; p++) {
                    double[] qp = new double[dk], wp = new double[dv];
                    for (int a = 0; a < dk; a++) for (int e = 0; e < d; e++) qp[a] += wk[a * d + e] * q[(i * d + e) * hwq + p];
                    for (int a = 0; a < dv; a++) for (int e = 0; e < d; e++) wp[a] += wv[a * d + e] * q[(i * d + e) * hwq + p];
                    // scores over every position m of every support j of class c
                    java.util.List<double[]> vals = new java.util.ArrayList<>();
                    java.util.List<Double> scores = new java.util.ArrayList<>();
                    for (int j = 0; j < ns; j++) {
                        if (labels[j] != c) continue;
                        for (int mm = 0; mm < hw; mm++) {
                            double[] k = new double[dk], v = new double[dv];
                            for (int a = 0; a < dk; a++) for (int e = 0; e < d; e++) k[a] += wk[a * d + e] * s[(j * d + e) * hw + mm];
                            for (int a = 0; a < dv; a++) for (int e = 0; e < d; e++) v[a] += wv[a * d + e] * s[(j * d + e) * hw + mm];
                            double dot = 0;
                            for (int a = 0; a < dk; a++) dot += k[a] * qp[a];
                            scores.add(dot / Math.sqrt(dk));
                            vals.add(v);
                        }
                    }
                    double max = scores.stream().mapToDouble(x -> x).max().orElseThrow(), z = 0;
                    for (double sc : scores) z += Math.exp(sc - max);
                    double[] t = new double[dv];
                    for (int u = 0; u < scores.size(); u++) {
                        double att = Math.exp(scores.get(u) - max) / z;
                        for (int a = 0; a < dv; a++) t[a] += att * vals.get(u)[a];
                    }
                    for (int a = 0; a < dv; a++) dist += (wp[a] - t[a]) * (wp[a] - t[a]);
                }
                logits[i][c] = -dist / hwq;
            }
        return logits;
    }

    @Test
    void logitsMatchAPlainLoopImplementationOfTheEquations() {
        Random r = new Random(11);
        int ways = 3, shots = 2, d = 4, h = 2, w = 3, nq = 4, dk = 3, dv = 5;
        int[] labels = {2, 0, 1, 0, 2, 1};                      // shuffled on purpose
        T s = random(r, ways * shots, d, h, w), q = random(r, nq, d, 2, 2), wk = random(r, dk, d), wv = random(r, dv, d);
        double[][] ref = referenceLogits(s.a, labels, ways, d, h * w, q.a, nq, 4, wk.a, dk, wv.a, dv);
        double[] got = CrossTransformer.forward(s.nd, labels, ways, q.nd, wk.nd, wv.nd).logits().toDoubleArray();
        for (int i = 0; i < nq; i++)
            for (int c = 0; c < ways; c++) assertEquals(ref[i][c], got[i * ways + c], 1e-9, "query " + i + " class " + c);
    }

    @Test
    void attentionSumsToOneOverAllSupportPositionsOfEachClassJointly() {
        Random r = new Random(5);
        int ways = 2, shots = 3, d = 6, hw = 4, nq = 3;
        int[] labels = {0, 0, 0, 1, 1, 1};
        T s = random(r, ways * shots, d, 2, 2), q = random(r, nq, d, 2, 2), wk = random(r, 8, d), wv = random(r, 8, d);
        NDArray att = CrossTransformer.forward(s.nd, labels, ways, q.nd, wk.nd.mul(2), wv.nd).attention();
        assertArrayEquals(new long[] {nq, ways, hw, shots * hw}, att.getShape().getShape());
        double[] sums = att.sum(new int[] {3}).toDoubleArray();
        for (double v : sums) assertEquals(1.0, v, 1e-12);
        // joint, not per image: the mass on the first support image's positions alone is not 1
        double[] firstImage = att.get(":, :, :, 0:" + hw).sum(new int[] {3}).toDoubleArray();
        double maxDeviation = 0;
        for (double v : firstImage) maxDeviation = Math.max(maxDeviation, Math.abs(v - 1));
        assertTrue(maxDeviation > 0.1, "attention is normalised per image, not over the class");
        for (double v : att.toDoubleArray()) assertTrue(v >= 0);
    }

    @Test
    void logitsDoNotDependOnTheOrderOfTheSupports() {
        Random r = new Random(8);
        int ways = 3, shots = 2, d = 5, nq = 4;
        int[] labels = {0, 0, 1, 1, 2, 2};
        T s = random(r, 6, d, 3, 3), q = random(r, nq, d, 3, 3), wk = random(r, 4, d), wv = random(r, 4, d);
        double[] base = CrossTransformer.forward(s.nd, labels, ways, q.nd, wk.nd, wv.nd).logits().toDoubleArray();
        int[] perm = {5, 2, 0, 3, 1, 4};
        int[] permLabels = new int[6];
        for (int i = 0; i < 6; i++) permLabels[i] = labels[perm[i]];
        NDArray permuted = s.nd.get(m.create(new long[] {5, 2, 0, 3, 1, 4}));
        double[] got = CrossTransformer.forward(permuted, permLabels, ways, q.nd, wk.nd, wv.nd).logits().toDoubleArray();
        assertArrayEquals(base, got, 1e-10);
        // renaming the classes permutes the logit columns the same way
        int[] renamed = new int[6];
        int[] rename = {2, 0, 1};
        for (int i = 0; i < 6; i++) renamed[i] = rename[labels[i]];
        double[] ren = CrossTransformer.forward(s.nd, renamed, ways, q.nd, wk.nd, wv.nd).logits().toDoubleArray();
        for (int i = 0; i < nq; i++)
            for (int c = 0; c < ways; c++) assertEquals(base[i * ways + c], ren[i * ways + rename[c]], 1e-10);
    }

    /** With 1×1 maps and W_v = I, the CTX distance is ‖φ(q) − Σ_j ã_j φ(s_j)‖²: ProtoNet when ã is uniform. */
    double[] ctxOneByOne(T s, int[] labels, int ways, T q, NDArray wk, int d) {
        NDArray identity = m.eye(d).toType(DataType.FLOAT64, false);
        return CrossTransformer.forward(s.nd, labels, ways, q.nd, wk, identity).logits().toDoubleArray();
    }

    double[] protonet(T s, int[] labels, int ways, T q) {
        return ProtoNet.logits(s.nd.reshape(s.shape[0], -1), labels, ways, q.nd.reshape(q.shape[0], -1)).toDoubleArray();
    }

    @Test
    void withOneByOneMapsAndIdentityValuesAZeroKeyHeadGivesProtoNet() {
        Random r = new Random(21);
        int ways = 4, shots = 3, d = 6, nq = 5;
        int[] labels = new int[ways * shots];
        for (int i = 0; i < labels.length; i++) labels[i] = i % ways;
        T s = random(r, labels.length, d, 1, 1), q = random(r, nq, d, 1, 1);
        double[] ctx = ctxOneByOne(s, labels, ways, q, m.zeros(new Shape(3, d), DataType.FLOAT64), d);
        assertArrayEquals(protonet(s, labels, ways, q), ctx, 1e-9);
    }

    @Test
    void withOneByOneMapsAndIdentityValuesAnyOneShotEpisodeGivesProtoNet() {
        Random r = new Random(22);
        int ways = 5, d = 4, nq = 6;
        int[] labels = {3, 1, 4, 0, 2};
        T s = random(r, ways, d, 1, 1), q = random(r, nq, d, 1, 1), wk = random(r, 7, d);
        assertArrayEquals(protonet(s, labels, ways, q), ctxOneByOne(s, labels, ways, q, wk.nd.mul(3), d), 1e-9);
    }

    @Test
    void butInGeneralAttentionWeightsTheSupportsAndDiffersFromProtoNet() {
        Random r = new Random(23);
        int ways = 3, shots = 4, d = 4, nq = 5;
        int[] labels = new int[ways * shots];
        for (int i = 0; i < labels.length; i++) labels[i] = i / shots;
        T s = random(r, labels.length, d, 1, 1), q = random(r, nq, d, 1, 1), wk = random(r, 4, d);
        double[] ctx = ctxOneByOne(s, labels, ways, q, wk.nd.mul(2), d), proto = protonet(s, labels, ways, q);
        double maxDiff = 0;
        for (int i = 0; i < ctx.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ctx[i] - proto[i]));
        assertTrue(maxDiff > 0.1, "a non-zero key head with several shots should weight supports unevenly; max |diff| " + maxDiff);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() { assertGradientsMatchFiniteDifferences(31, new int[] {0, 1, 0, 1}); }

    /**
     * Autograd's gradients of the loss (2 ways, 4 supports labelled {@code labels}, 2 queries) with respect to
     * supports, queries, W_k and W_v, against central finite differences of the loss, element by element.
     */
    void assertGradientsMatchFiniteDifferences(long seed, int[] labels) {
        Random r = new Random(seed);
        int ways = 2, d = 3, nq = 2, dk = 2, dv = 3;
        T s = random(r, 4, d, 2, 1), q = random(r, nq, d, 1, 2), wk = random(r, dk, d), wv = random(r, dv, d);
        long[] targets = {1, 0};
        for (T x : new T[] {s, q, wk, wv}) x.nd.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss(s.nd, labels, ways, q.nd, wk.nd, wv.nd, targets));
        }
        T[] all = new T[] {s, q, wk, wv};
        for (int t = 0; t < all.length; t++) {
            double[] analytic = all[t].nd.getGradient().toDoubleArray();
            double eps = 1e-6;
            for (int i = 0; i < all[t].a.length; i++) {
                double[] plus = all[t].a.clone(), minus = all[t].a.clone();
                plus[i] += eps; minus[i] -= eps;
                double numeric = (lossWith(all, t, plus, labels, ways, targets) - lossWith(all, t, minus, labels, ways, targets)) / (2 * eps);
                assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric), "tensor " + t + " element " + i);
            }
        }
    }

    double lossWith(T[] all, int which, double[] values, int[] labels, int ways, long[] targets) {
        NDArray[] x = new NDArray[4];
        for (int t = 0; t < 4; t++) x[t] = t == which ? m.create(values, new Shape(all[t].shape)) : m.create(all[t].a, new Shape(all[t].shape));
        return loss(x[0], labels, ways, x[1], x[2], x[3], targets).getDouble();
    }

    /** Cross-entropy of the episode's logits. */
    NDArray loss(NDArray s, int[] labels, int ways, NDArray q, NDArray wk, NDArray wv, long[] targets) {
        NDArray logits = CrossTransformer.forward(s, labels, ways, q, wk, wv).logits();
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.get(new ai.djl.ndarray.index.NDIndex().addAllDim().addPickDim(m.create(targets)));
        return picked.mean().neg();
    }

    /**
     * Meta-Dataset's variable-shot episodes: classes with 1, 3 and 2 supports (shuffled) against the
     * plain loop, which takes each class's own supports whatever their number; the attention of a class
     * sums to one over its own positions and is 0 on the padding.
     */
    @Test
    void variableShotsMatchThePlainLoopAndIgnoreThePadding() {
        Random r = new Random(23);
        int ways = 3, d = 4, nq = 3, dk = 3, dv = 2, hw = 4;
        int[] labels = {1, 2, 0, 1, 2, 1};
        T s = random(r, labels.length, d, 2, 2), q = random(r, nq, d, 2, 2), wk = random(r, dk, d), wv = random(r, dv, d);
        double[][] ref = referenceLogits(s.a, labels, ways, d, hw, q.a, nq, hw, wk.a, dk, wv.a, dv);
        CrossTransformer.Result res = CrossTransformer.forward(s.nd, labels, ways, q.nd, wk.nd, wv.nd);
        double[] got = res.logits().toDoubleArray();
        for (int i = 0; i < nq; i++)
            for (int c = 0; c < ways; c++) assertEquals(ref[i][c], got[i * ways + c], 1e-9, "query " + i + " class " + c);
        // attention (n_q, N, HW', K·HW) with K = 3: class c's first K_c·HW positions carry all of the weight
        double[] a = res.attention().toDoubleArray();
        int[] counts = {1, 3, 2};
        int width = 3 * hw;
        for (int i = 0; i < nq; i++)
            for (int c = 0; c < ways; c++)
                for (int p = 0; p < hw; p++) {
                    int at = ((i * ways + c) * hw + p) * width;
                    double real = 0, pad = 0;
                    for (int u = 0; u < width; u++) if (u < counts[c] * hw) real += a[at + u]; else pad += a[at + u];
                    assertEquals(1, real, 1e-12, "class " + c);
                    assertEquals(0, pad, 0, "padding of class " + c);
                }
        // the uniform view: each class's own supports weighted equally — its value map's mean over its K_c·HW positions
        double[] uniform = CrossTransformer.forward(s.nd, labels, ways, q.nd, wk.nd, wv.nd, true).attention().toDoubleArray();
        for (int c = 0; c < ways; c++) assertEquals(1.0 / (counts[c] * hw), uniform[c * hw * width], 1e-12, "uniform over class " + c + "'s positions");
    }

    @Test
    void variableShotGradientsMatchCentralFiniteDifferences() { assertGradientsMatchFiniteDifferences(37, new int[] {0, 1, 1, 1}); }   // 1 and 3 supports

    @Test
    void pooledFeaturesAreAClearError() {
        Random r = new Random(1);
        T s = random(r, 3, 2, 1, 1), q = random(r, 1, 2, 1, 1), wk = random(r, 2, 2);
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> CrossTransformer.forward(s.nd.reshape(3, 2), new int[] {0, 1, 2}, 3, q.nd, wk.nd, wk.nd));
        assertTrue(e2.getMessage().contains("without final pooling"));
    }
}
