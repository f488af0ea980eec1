package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, AdamW or SGD over a model's trainable parameters in groups with their own learning-rate
 * multiplier and weight decay ({@link TrainConfig.ParamGroup}), with global-norm clipping. It owns its state (Adam moments, SGD velocity) so a
 * checkpoint can save and restore it.
 *
 * <p><b>Flat groups.</b> Parameters with the same lr multiplier and weight decay form a group whose values live in
 * one contiguous buffer: at construction each parameter's array is re-pointed (NDArray.intern) at a
 * view of that buffer, so the model computes with the same tensors as before. A step then
 * concatenates the group's gradients once and updates the whole group with a single fused engine
 * call ({@code NDArrayEx.adamUpdate / sgdUpdate}), instead of ~9 element-wise operators per
 * parameter: 1 + 9 operator launches per group rather than 9 × (number of parameters). This matters
 * because each launch over a large tensor is an OpenMP parallel region, and on a small shared CPU
 * every region costs a thread hand-off (see {@link glimpse.bench.Bench} for the measurements).
 *
 * <p>Why not DJL's {@code Optimizer}: it applies one learning rate to every parameter, keeps its
 * state private (no exact resume), updates parameter by parameter, and reaches us through the
 * ParameterServer, which duplicates every gradient each step.
 *
 * <p>Update rules (g = gradient × clip scale, w = weight, lr = schedule × multiplier):
 * SGD: u = lr·(g + wd·w); v ← momentum·v + u; w ← w − v (plain w ← w − u when momentum is 0).
 * Adam: g' = g + wd·w; m ← β1 m + (1−β1) g'; v ← β2 v + (1−β2) g'²;
 * w ← w − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)  (the ε-hat form of Kingma &amp; Ba, §2).
 * AdamW: w ← w·(1 − lr·wd), then the Adam rule with g' = g (decoupled decay, arXiv 1711.05101 Alg. 2).
 */
final class Updater implements AutoCloseable {
    static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

    /** Parameters sharing one lr multiplier and weight decay, their values in {@code flat}, optimizer state alongside. */
    private static final class Group {
        final float multiplier, weightDecay;
        final List<String> names = new ArrayList<>();
        final List<NDArray> weights = new ArrayList<>();
        NDArray flat;
        NDArray[] state = new NDArray[0];

        Group(float multiplier, float weightDecay) { this.multiplier = multiplier; this.weightDecay = weightDecay; }
    }

    private final TrainConfig config;
    private final List<Group> groups = new ArrayList<>();
    private final NDManager stateManager;
    private float lastGradNorm = Float.NaN;

    /** Tracks every parameter of {@code params} that takes a gradient; buffers live in a sub-manager of {@code manager}. */
    Updater(TrainConfig config, Iterable<Pair<String, Parameter>> params, NDManager manager) {
        this.config = config;
        this.stateManager = manager.newSubManager();
        Map<List<Float>, Group> byRule = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : params) {
            Parameter param = p.getValue();
            if (!param.requiresGradient()) continue;   // e.g. BatchNorm running statistics
            float lrm = config.lrMultiplierFor(p.getKey()), wd = config.weightDecayFor(p.getKey());
            Group g = byRule.computeIfAbsent(List.of(lrm, wd), k -> new Group(lrm, wd));
            g.names.add(p.getKey());
            g.weights.add(param.getArray());
        }
        for (Group g : byRule.values()) {
            groups.add(g);
            if (g.multiplier == 0f) continue;        // frozen: weights stay as they are, gradients are dropped
            flatten(g);
            long n = g.flat.size();
            g.state = switch (config.optimizer()) {
                case ADAM, ADAMW -> new NDArray[] {stateManager.zeros(g.flat.getShape()), stateManager.zeros(g.flat.getShape())};
                case SGD -> config.momentum() == 0 ? new NDArray[0] : new NDArray[] {stateManager.zeros(g.flat.getShape())};
            };
            assert n == g.flat.size();
        }
    }

    /** Copies the group's weights into one buffer and re-points each weight at its slice of it. */
    private void flatten(Group g) {
        NDList pieces = new NDList();
        long[] cuts = new long[g.weights.size() - 1];
        long offset = 0;
        for (int i = 0; i < g.weights.size(); i++) {
            NDArray w = g.weights.get(i);
            pieces.add(w.reshape(-1));
            offset += w.size();
            if (i < cuts.length) cuts[i] = offset;
        }
        // one weight: concat may hand back the piece itself, which closing the pieces would release
        g.flat = pieces.size() == 1 ? pieces.head().duplicate() : NDArrays.concat(pieces);
        g.flat.attach(stateManager);
        pieces.close();
        boolean single = g.weights.size() == 1;      // split into one piece may return g.flat itself, which views.close() would release
        NDList views = single ? new NDList() : g.flat.split(cuts);
        for (int i = 0; i < g.weights.size(); i++) {
            NDArray w = g.weights.get(i);
            NDArray view = (single ? g.flat : views.get(i)).reshape(w.getShape());
            view.attach(stateManager);
            w.intern(view);                  // w now reads and writes its slice of g.flat
            w.setRequiresGradient(true);
        }
        views.close();
    }

    List<String> names() {
        List<String> all = new ArrayList<>();
        for (Group g : groups) all.addAll(g.names);
        return all;
    }

    float lastGradNorm() { return lastGradNorm; }

    /**
     * Applies step {@code step} (0-based) with the gradients now held by the parameters, then zeroes
     * them. Gradient handles and temporaries are attached to {@code stepManager}, freed with the step.
     *
     * @return false when a gradient held NaN or ±Inf: the step is skipped (weights and optimizer
     *         state untouched, as a mixed-precision loss scaler does), so one bad step cannot turn
     *         every weight into NaN through the Adam moments. The sporadic NaN once seen here in CTX
     *         training (attention path only, finite loss, not repeatable for a seed) was a scalar
     *         operand freed by a GC between forward and backward, fixed at its source (see
     *         {@link glimpse.nn.Scalars}); the guard stays for genuine overflow
     */
    boolean apply(int step, NDManager stepManager) {
        NDArray[] flatGrads = new NDArray[groups.size()];
        List<NDArray> allGrads = new ArrayList<>();
        for (int k = 0; k < groups.size(); k++) {
            Group g = groups.get(k);
            NDList pieces = new NDList();
            for (NDArray w : g.weights) {
                NDArray grad = w.getGradient();
                grad.attach(stepManager);
                allGrads.add(grad);
                if (g.multiplier != 0f) pieces.add(grad.reshape(-1));
            }
            if (g.multiplier != 0f) {
                flatGrads[k] = pieces.size() == 1 ? pieces.head() : NDArrays.concat(pieces);
                flatGrads[k].attach(stepManager);
            }
        }
        boolean finite = true;
        for (NDArray fg : flatGrads) if (fg != null && !finite(fg)) finite = false;
        if (!finite) {
            for (NDArray grad : allGrads) zero(grad);
            return false;
        }
        float rescale = 1f;
        if (config.clipNorm() > 0 || config.normalizeGradient()) {
            double sq = 0;
            for (NDArray fg : flatGrads) if (fg != null) sq += fg.square().sum().getFloat();
            lastGradNorm = (float) Math.sqrt(sq);
            if (config.normalizeGradient()) rescale = (float) (1 / Math.sqrt(Math.max(sq, 1e-5)));
            else if (lastGradNorm > config.clipNorm()) rescale = config.clipNorm() / (lastGradNorm + 1e-6f);
        }
        float lr = config.learningRateAt(step);
        int t = step + 1;
        float biasCorrection = (float) (Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        for (int k = 0; k < groups.size(); k++) {
            Group g = groups.get(k);
            if (g.multiplier == 0f) continue;
            float lrk = lr * g.multiplier;
            NDArray w = g.flat, grad = flatGrads[k];
            switch (config.optimizer()) {
                case ADAM -> w.getNDArrayInternal().adamUpdate(new NDList(w, grad, g.state[0], g.state[1]), new NDList(w),
                        lrk, lrk * biasCorrection, g.weightDecay, rescale, -1f, BETA1, BETA2, EPS, true, false);
                case ADAMW -> {
                    // decoupled decay first, as torch.optim.AdamW: w ← w·(1 − lr·wd), then Adam without L2
                    if (g.weightDecay > 0) w.muli(1f - lrk * g.weightDecay);
                    w.getNDArrayInternal().adamUpdate(new NDList(w, grad, g.state[0], g.state[1]), new NDList(w),
                            lrk, lrk * biasCorrection, 0f, rescale, -1f, BETA1, BETA2, EPS, true, false);
                }
                case SGD -> w.getNDArrayInternal().sgdUpdate(
                        g.state.length == 0 ? new NDList(w, grad) : new NDList(w, grad, g.state[0]), new NDList(w),
                        lrk, g.weightDecay, rescale, -1f, config.momentum(), true);
            }
        }
        // the engine accumulates into .grad: clear it for the next step (in place, the handles alias it)
        for (NDArray grad : allGrads) zero(grad);
        return true;
    }

    /** Clears the gradients of a step that is not applied (its loss was not finite). */
    void discard(NDManager stepManager) {
        for (Group g : groups)
            for (NDArray w : g.weights) {
                NDArray grad = w.getGradient();
                grad.attach(stepManager);
                zero(grad);
            }
    }

    /** Sets every element to 0 in place; unlike g − g it also clears NaN and ±Inf. */
    private static void zero(NDArray grad) {
        grad.set(new NDIndex("..."), 0f);
    }

    /** No NaN or ±Inf in {@code a} (integer arrays always pass). */
    static boolean finite(NDArray a) {
        if (!a.getDataType().isFloating()) return true;
        try (NDManager m = a.getManager().newSubManager()) {
            NDArray nan = a.isNaN();
            nan.attach(m);
            NDArray inf = a.isInfinite();
            inf.attach(m);
            NDArray bad = nan.logicalOr(inf);
            bad.attach(m);
            NDArray any = bad.any();
            any.attach(m);
            return !any.getBoolean();
        }
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(groups.size());
        for (Group g : groups) {
            out.writeUTF(String.join(",", g.names));
            out.writeInt(g.state.length);
            for (NDArray a : g.state) Checkpoint.writeArray(out, a);
        }
    }

    void load(DataInputStream in, String source) throws IOException {
        int n = in.readInt();
        if (n != groups.size()) throw new IOException(source + ": optimizer state for " + n + " parameter groups, this run has " + groups.size());
        for (Group g : groups) {
            String names = in.readUTF();
            if (!names.equals(String.join(",", g.names)))
                throw new IOException(source + ": optimizer state for parameters [" + names + "] where this run has [" + String.join(",", g.names) + "]");
            int k = in.readInt();
            if (k != g.state.length) throw new IOException(source + ": " + k + " state arrays for a group, expected " + g.state.length);
            for (NDArray a : g.state) Checkpoint.readInto(in, a, source + " optimizer state");
        }
    }

    @Override public void close() { stateManager.close(); }
}
