package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam or SGD over a model's trainable parameters with a per-parameter learning-rate multiplier,
 * global-norm clipping and L2 weight decay. It owns its state (Adam moments, SGD velocity) so a
 * checkpoint can save and restore it.
 *
 * <p>Why not DJL's {@code Optimizer}: it applies one learning rate to every parameter, keeps its
 * state private (no exact resume), and reaches us through the ParameterServer, which duplicates
 * every gradient each step. We call the same fused engine kernels it calls
 * ({@code NDArrayEx.adamUpdate / sgdUpdate}: one native call per parameter that updates the weight
 * and the state in place and zeroes the gradient), once per parameter, with our own lr.
 *
 * <p>Update rules (g = gradient × clip scale, w = weight, lr = schedule × multiplier):
 * SGD: u = lr·(g + wd·w); v ← momentum·v + u; w ← w − v (plain w ← w − u when momentum is 0).
 * Adam: g' = g + wd·w; m ← β1 m + (1−β1) g'; v ← β2 v + (1−β2) g'²;
 * w ← w − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)  (the ε-hat form of Kingma &amp; Ba, §2).
 */
final class Updater implements AutoCloseable {
    static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

    private final TrainConfig config;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> weights = new ArrayList<>();
    private final float[] multipliers;
    private final List<NDArray[]> states = new ArrayList<>();
    private final NDManager stateManager;
    private float lastGradNorm = Float.NaN;

    /** Tracks every parameter of {@code params} that takes a gradient; state lives in a sub-manager of {@code manager}. */
    Updater(TrainConfig config, Iterable<Pair<String, Parameter>> params, NDManager manager) {
        this.config = config;
        this.stateManager = manager.newSubManager();
        for (Pair<String, Parameter> p : params) {
            Parameter param = p.getValue();
            if (!param.requiresGradient()) continue;   // e.g. BatchNorm running statistics
            names.add(p.getKey());
            weights.add(param.getArray());
        }
        multipliers = new float[names.size()];
        for (int i = 0; i < names.size(); i++) {
            multipliers[i] = config.lrMultiplierFor(names.get(i));
            NDArray w = weights.get(i);
            NDArray[] s = switch (config.optimizer()) {
                case ADAM -> new NDArray[] {stateManager.zeros(w.getShape()), stateManager.zeros(w.getShape())};
                case SGD -> config.momentum() == 0 ? new NDArray[0] : new NDArray[] {stateManager.zeros(w.getShape())};
            };
            states.add(s);
        }
    }

    List<String> names() { return names; }

    float lastGradNorm() { return lastGradNorm; }

    /**
     * Applies step {@code step} (0-based) with the gradients now held by the parameters, then zeroes
     * them. Gradient handles are attached to {@code stepManager} so they are freed with the step.
     */
    void apply(int step, NDManager stepManager) {
        NDArray[] grads = new NDArray[weights.size()];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = weights.get(i).getGradient();
            grads[i].attach(stepManager);
        }
        float rescale = 1f;
        if (config.clipNorm() > 0) {
            NDArray[] sq = new NDArray[grads.length];
            for (int i = 0; i < grads.length; i++) sq[i] = grads[i].square().sum();
            lastGradNorm = (float) Math.sqrt(NDArrays.stack(new NDList(sq)).sum().getFloat());
            if (lastGradNorm > config.clipNorm()) rescale = config.clipNorm() / (lastGradNorm + 1e-6f);
        }
        float lr = config.learningRateAt(step);
        int t = step + 1;
        float biasCorrection = (float) (Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        for (int i = 0; i < grads.length; i++) {
            NDArray w = weights.get(i);
            float lri = lr * multipliers[i];
            if (lri == 0f) {                     // frozen group: keep the weight, drop the gradient
                grads[i].subi(grads[i]);
                continue;
            }
            NDArray[] s = states.get(i);
            switch (config.optimizer()) {
                case ADAM -> w.getNDArrayInternal().adamUpdate(new NDList(w, grads[i], s[0], s[1]), new NDList(w),
                        lri, lri * biasCorrection, config.weightDecay(), rescale, -1f, BETA1, BETA2, EPS, true, false);
                case SGD -> w.getNDArrayInternal().sgdUpdate(
                        s.length == 0 ? new NDList(w, grads[i]) : new NDList(w, grads[i], s[0]), new NDList(w),
                        lri, config.weightDecay(), rescale, -1f, config.momentum(), true);
            }
        }
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.writeUTF(names.get(i));
            NDArray[] s = states.get(i);
            out.writeInt(s.length);
            for (NDArray a : s) Checkpoint.writeArray(out, a);
        }
    }

    void load(DataInputStream in, String source) throws IOException {
        int n = in.readInt();
        if (n != names.size()) throw new IOException(source + ": optimizer state for " + n + " parameters, the model has " + names.size());
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            if (!name.equals(names.get(i))) throw new IOException(source + ": optimizer state for '" + name + "' where the model has '" + names.get(i) + "'");
            int k = in.readInt();
            NDArray[] s = states.get(i);
            if (k != s.length) throw new IOException(source + ": " + k + " state arrays for '" + name + "', expected " + s.length);
            for (NDArray a : s) Checkpoint.readInto(in, a, source + " state of " + name);
        }
    }

    @Override public void close() { stateManager.close(); }
}
