package glimpse.method.crosstransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import glimpse.fewshot.EpisodicModel;
import glimpse.nn.Scalars;

/**
 * CrossTransformers (Doersch, Gupta, Zisserman, NeurIPS 2020, arXiv 2007.11498), the equations
 * of its CrossTransformers section. The backbone keeps its spatial
 * map φ(x) ∈ R^{D×H×W}. Two bias-free 1×1 linear maps: the key head W_k (d_k×D), which is also the
 * query head, and the value head W_v (d_v×D), applied to supports and query alike.
 * <pre>
 * k_jm = W_k φ(x_j)_m   v_jm = W_v φ(x_j)_m      q_p = W_k φ(x_q)_p   w_p = W_v φ(x_q)_p
 * ã_jmp = softmax over all (j, m) of class c of  k_jm · q_p / √d_k
 * t^c_p = Σ_{j∈c, m} ã_jmp v_jm                  logit_c = −(1/HW) Σ_p ‖w_p − t^c_p‖²
 * </pre>
 */
public final class CrossTransformer extends EpisodicModel {
    private final int keyDim, valueDim;
    private final Parameter keyHead, valueHead;

    /** Uniform attention over each class's support positions instead of the learned ã (an evaluation view). */
    private final boolean uniformAttention;
    private final CrossTransformer trained;

    public CrossTransformer(Block backbone, int keyDim, int valueDim) {
        this(backbone, keyDim, valueDim, false, null);
    }

    private CrossTransformer(Block backbone, int keyDim, int valueDim, boolean uniformAttention, CrossTransformer trained) {
        super(backbone);
        this.uniformAttention = uniformAttention;
        this.trained = trained;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.keyHead = addParameter(Parameter.builder().setName("keyHead").setType(Parameter.Type.WEIGHT)
                .optInitializer(new XavierInitializer()).build());
        this.valueHead = addParameter(Parameter.builder().setName("valueHead").setType(Parameter.Type.WEIGHT)
                .optInitializer(new XavierInitializer()).build());
    }

    /**
     * The same trained model scored with uniform attention over each class's support positions —
     * what W_k = 0 gives (every q·k = 0) — without touching its weights: the control that says what
     * the learned alignment adds. Shares this model's backbone and value head; for evaluation only.
     */
    public CrossTransformer uniformAttentionView() {
        return new CrossTransformer(backbone, keyDim, valueDim, true, this);
    }

    public int keyDim() { return keyDim; }
    public int valueDim() { return valueDim; }
    public Parameter keyHead() { return keyHead; }
    public Parameter valueHead() { return valueHead; }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long channels = featureShape(inputShapes[0]).get(1);
        keyHead.setShape(new Shape(keyDim, channels));
        valueHead.setShape(new Shape(valueDim, channels));
    }

    @Override
    public NDArray logits(ParameterStore ps, NDArray supportFeatures, int[] supportLabels, int ways, NDArray queryFeatures, boolean training) {
        CrossTransformer weights = trained == null ? this : trained;
        NDArray wk = ps.getValue(weights.keyHead, supportFeatures.getDevice(), training);
        NDArray wv = ps.getValue(weights.valueHead, supportFeatures.getDevice(), training);
        return forward(supportFeatures, supportLabels, ways, queryFeatures, wk, wv, uniformAttention).logits();
    }

    /**
     * Logits (n_q, N) and attention ã (n_q, N, HW_q, K·HW_s): support positions of class c ordered image by image (K the most
     * supports of any class; a class with fewer has weight 0 after its own K_c·HW_s positions).
     */
    public record Result(NDArray logits, NDArray attention) {}

    /**
     * The CrossTransformer on given feature maps and head weights: supports (n_s, D, H, W) with
     * episode labels, queries (n_q, D, H', W'), W_k (d_k, D), W_v (d_v, D). All classes go through one
     * batched product; when classes have different numbers of supports (Meta-Dataset's variable-shot
     * episodes), each class is padded to the largest K with copies of its first support whose scores
     * are masked out before the softmax, so ã of class c still runs over exactly its own K_c·HW
     * positions (the padded positions get weight 0 and no gradient). The supports' order in the
     * input does not matter.
     */
    public static Result forward(NDArray supportMaps, int[] supportLabels, int ways, NDArray queryMaps, NDArray wk, NDArray wv) {
        return forward(supportMaps, supportLabels, ways, queryMaps, wk, wv, false);
    }

    /** With {@code uniform}, every score is 0 — exactly what W_k = 0 gives — so ã is uniform over each class's positions. */
    public static Result forward(NDArray supportMaps, int[] supportLabels, int ways, NDArray queryMaps, NDArray wk, NDArray wv,
                                 boolean uniform) {
        int[] counts = shotsPerClass(supportLabels, ways);
        int shots = java.util.Arrays.stream(counts).max().orElseThrow();
        boolean padded = java.util.Arrays.stream(counts).anyMatch(c -> c != shots);
        NDManager m = supportMaps.getManager();
        // supports grouped by class, stable within a class; a class with fewer than K repeats its first support (masked below)
        long[] order = new long[ways * shots];
        for (int c = 0; c < ways; c++) {
            int k = 0;
            for (int j = 0; j < supportLabels.length; j++) if (supportLabels[j] == c) order[c * shots + k++] = j;
            for (int pad = k; pad < shots; pad++) order[c * shots + pad] = order[c * shots];
        }
        NDArray grouped = supportMaps.get(m.create(order).toDevice(supportMaps.getDevice(), false));

        NDArray s = positionsLast(grouped);                   // (n_s, HW, D)
        NDArray q = positionsLast(queryMaps);                 // (n_q, HW', D)
        long hw = s.getShape().get(1), d = s.getShape().get(2);
        NDArray wkT = transposedIn(wk, m), wvT = transposedIn(wv, m);
        NDArray keys = s.matMul(wkT).reshape(ways, shots * hw, -1);                // (N, K·HW, d_k)
        NDArray values = s.matMul(wvT).reshape(ways, shots * hw, -1);              // (N, K·HW, d_v)
        NDArray queries = q.matMul(wkT);                                           // (n_q, HW', d_k)
        NDArray queryValues = q.matMul(wvT);                                       // (n_q, HW', d_v)

        NDArray dots = queries.expandDims(1).matMul(keys.transpose(0, 2, 1).expandDims(0));  // (n_q, N, HW', K·HW)
        // not dots.div(Math.sqrt(d_k)): autograd saves the divisor, and DJL's Number overload puts it in a
        // Java buffer that a GC before backward frees (NaN key-head/backbone gradients; see Scalars)
        NDArray scores = uniform ? dots.zerosLike() : dots.div(Scalars.like(dots, Math.sqrt(wk.getShape().get(0))));
        if (padded) scores = scores.add(paddingMask(counts, shots, hw, m).toType(scores.getDataType(), false).toDevice(scores.getDevice(), false));
        NDArray attention = scores.softmax(-1);                                    // jointly over all support positions of the class
        NDArray aligned = attention.matMul(values.expandDims(0));                  // (n_q, N, HW', d_v): t^c_p
        NDArray distance = queryValues.expandDims(1).sub(aligned).square().sum(new int[] {3}).mean(new int[] {2});
        return new Result(distance.neg(), attention);
    }

    /**
     * (1, N, 1, K·HW): 0 at the positions of class c's K_c real supports, a large negative number at
     * its padded ones — added to the scores, the softmax gives those exp(−10⁹) = 0.
     */
    static NDArray paddingMask(int[] counts, int shots, long hw, NDManager m) {
        int ways = counts.length, width = (int) (shots * hw);
        float[] mask = new float[ways * width];
        for (int c = 0; c < ways; c++)
            java.util.Arrays.fill(mask, c * width + (int) (counts[c] * hw), (c + 1) * width, -1e9f);
        return m.create(mask, new Shape(1, ways, 1, width));
    }

    /** Wᵀ owned by the episode's manager: an op on a parameter would otherwise land in the model's manager and outlive the step. */
    static NDArray transposedIn(NDArray w, NDManager m) {
        NDArray t = w.transpose();
        t.attach(m);
        return t;
    }

    /** (n, D, H, W) → (n, HW, D). */
    static NDArray positionsLast(NDArray maps) {
        Shape sh = maps.getShape();
        if (sh.dimension() != 4) throw new IllegalArgumentException("CrossTransformer needs feature maps (n, D, H, W), got " + sh
                + "; use a backbone without final pooling");
        return maps.reshape(sh.get(0), sh.get(1), sh.get(2) * sh.get(3)).transpose(0, 2, 1);
    }

}
