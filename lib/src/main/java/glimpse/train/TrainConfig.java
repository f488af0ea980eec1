package glimpse.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A training run as one value: what decides its result (every component but {@link #watch()}; it
 * keys checkpoints and, inside a paper's spec, the result cache) and how it is watched
 * ({@link Watch}: progress lines and checkpoint cadence, never part of a key). Build one with
 * {@link #builder()}, derive one with {@link #with}:
 *
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.builder()
 *         .steps(500).batchSize(128)
 *         .adamW(1e-3f).weightDecay(5e-2f)
 *         .cosine().warmup(20)
 *         .clipNorm(5f)
 *         .group("encoder", 0.1f)              // BatchFormer: encoder at 0.1× lr
 *         .groupWeightDecay("cls_token", 0f)   // no decay on the CLS token
 *         .seed(7).logEvery(50)
 *         .build();
 * TrainConfig longer = cfg.with(b -> b.steps(2000));
 * }</pre>
 *
 * @param steps           optimisation steps (one batch each)
 * @param batchSize       images per batch for the default {@link BatchSource#shuffled} source
 * @param optimizer       ADAM (L2 weight decay added to the gradient, as torch.optim.Adam), ADAMW
 *                        (decoupled decay w ← w·(1 − lr·wd) before the Adam step, as torch.optim.AdamW,
 *                        Loshchilov &amp; Hutter arXiv 1711.05101 Alg. 2) or SGD (momentum, L2)
 * @param learningRate    base learning rate; the schedule scales it
 * @param momentum        SGD momentum (ignored by Adam, which uses β1 = 0.9, β2 = 0.999, ε = 1e-8)
 * @param weightDecay     weight-decay coefficient of every trainable parameter no group overrides
 * @param schedule        learning-rate schedule after warm-up
 * @param warmupSteps     linear warm-up from lr/warmup to lr over these steps (0 = none)
 * @param decayEvery      STEP schedule: multiply by {@code decayFactor} every this many steps
 * @param decayFactor     STEP and MILESTONES schedules' factor (e.g. 0.1)
 * @param milestones      MILESTONES schedule: multiply by {@code decayFactor} at each of these 0-based steps
 *                        (counted from the start, warm-up included), e.g. epochs 160 and 180 of 200 in steps
 * @param clipNorm        clip the global L2 norm of all gradients to this (0 = no clipping)
 * @param normalizeGradient divide every gradient by the global L2 norm of all of them, every step, before
 *                        the optimiser (normalised gradient descent, as Meta-Dataset's trainer does for
 *                        CrossTransformers: g / sqrt(max(Σ g², 1e-5))); the optimiser's L2 weight decay is added after
 * @param groups          parameter groups: a name key with its own lr multiplier and weight decay
 *                        (see {@link #groupFor}; names as in {@code Blocks.parameterNames(model)})
 * @param seed            seeds parameter initialisation and batch order
 * @param watch           progress lines and checkpoints: how the run is watched, not part of any key
 */
public record TrainConfig(int steps, int batchSize, Optimizer optimizer, float learningRate, float momentum,
                          float weightDecay, LrSchedule schedule, int warmupSteps, int decayEvery, float decayFactor,
                          List<Integer> milestones, float clipNorm, boolean normalizeGradient, List<ParamGroup> groups, long seed, Watch watch) {

    public enum Optimizer { ADAM, ADAMW, SGD }

    /**
     * Parameters whose name matches {@code key} train at {@code lrMultiplier} × the scheduled lr
     * (0 freezes them) with weight decay {@code weightDecay} (NaN: the config's).
     */
    public record ParamGroup(String key, float lrMultiplier, float weightDecay) {
        public ParamGroup {
            if (!(lrMultiplier >= 0)) throw new IllegalArgumentException("lr multiplier for '" + key + "' must be >= 0, not " + lrMultiplier);
            if (weightDecay < 0) throw new IllegalArgumentException("weight decay for '" + key + "' must be >= 0, not " + weightDecay);
        }
    }

    public TrainConfig {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, not " + steps);
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive, not " + learningRate);
        if (weightDecay < 0) throw new IllegalArgumentException("weightDecay must be >= 0, not " + weightDecay);
        if (clipNorm < 0) throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), not " + clipNorm);
        if (normalizeGradient && clipNorm > 0) throw new IllegalArgumentException("normalise the gradient or clip it, not both");
        if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, not " + warmupSteps);
        if (schedule == LrSchedule.STEP && decayEvery <= 0) throw new IllegalArgumentException("the STEP schedule needs decayEvery > 0");
        milestones = List.copyOf(milestones);
        if (schedule == LrSchedule.MILESTONES && milestones.isEmpty()) throw new IllegalArgumentException("the MILESTONES schedule needs at least one milestone");
        for (int i = 0; i < milestones.size(); i++)
            if (milestones.get(i) < 0 || i > 0 && milestones.get(i) <= milestones.get(i - 1))
                throw new IllegalArgumentException("milestones must be increasing steps >= 0, not " + milestones);
        groups = List.copyOf(groups);
    }

    /** 100 steps of Adam (lr 1e-3), batch 128, constant lr, no decay or clipping, seed 0, a line every 50 steps. */
    public static Builder builder() { return new Builder(); }

    /** A builder holding this config's values. */
    public Builder toBuilder() { return new Builder(this); }

    /** This config with the changes {@code change} makes to its builder. */
    public TrainConfig with(UnaryOperator<Builder> change) { return change.apply(toBuilder()).build(); }

    /** A one-line summary for people, e.g. "500 steps × 128, ADAMW lr 1.0e-03 cosine, seed 7" (keys come from SpecJson, never from this). */
    @Override public String toString() {
        return steps + " steps × " + batchSize + ", " + optimizer + " lr " + String.format(java.util.Locale.ROOT, "%.1e", learningRate)
                + (schedule == LrSchedule.CONSTANT ? "" : " " + schedule.name().toLowerCase(java.util.Locale.ROOT))
                + (groups.isEmpty() ? "" : ", " + groups.size() + " groups") + ", seed " + seed;
    }

    /** The learning rate at {@code step} (0-based) for a parameter with multiplier 1. */
    public float learningRateAt(int step) {
        return learningRate * schedule.factor(this, step);
    }

    /**
     * The group of a parameter name: the one with the longest key that matches, else null (lr
     * multiplier 1, the config's weight decay). A key matches a name that starts with it
     * ("01encoder" matches "01encoder_02Conv2d_weight") or that has a path segment equal to it once
     * DJL's two-digit child ordinal is dropped ("encoder" matches "01encoder_02Conv2d_weight" and
     * "02body_01encoder_bias", not "01encoderHead_weight").
     */
    public ParamGroup groupFor(String parameterName) {
        ParamGroup best = null;
        for (ParamGroup g : groups) {
            if (matches(parameterName, g.key()) && (best == null || g.key().length() > best.key().length())) best = g;
        }
        return best;
    }

    /** The lr multiplier of a parameter name (1 outside every group). */
    public float lrMultiplierFor(String parameterName) {
        ParamGroup g = groupFor(parameterName);
        return g == null ? 1f : g.lrMultiplier();
    }

    /** The weight decay of a parameter name (the config's outside every group or where the group keeps it). */
    public float weightDecayFor(String parameterName) {
        ParamGroup g = groupFor(parameterName);
        return g == null || Float.isNaN(g.weightDecay()) ? weightDecay : g.weightDecay();
    }

    private static boolean matches(String parameterName, String key) {
        if (parameterName.startsWith(key)) return true;
        for (String segment : parameterName.split("_")) {
            if (segment.replaceFirst("^\\d{2}", "").equals(key)) return true;
        }
        return false;
    }

    /** Mutable twin of {@link TrainConfig}; every setter returns the builder. */
    public static final class Builder {
        private int steps = 100, batchSize = 128, warmupSteps, decayEvery;
        private Optimizer optimizer = Optimizer.ADAM;
        private float learningRate = 1e-3f, momentum = 0.9f, weightDecay, decayFactor = 0.1f, clipNorm;
        private boolean normalizeGradient;
        private LrSchedule schedule = LrSchedule.CONSTANT;
        private final List<ParamGroup> groups = new ArrayList<>();
        private List<Integer> milestones = List.of();
        private long seed;
        private Watch watch = Watch.DEFAULT;

        private Builder() {}

        private Builder(TrainConfig c) {
            steps = c.steps; batchSize = c.batchSize; optimizer = c.optimizer; learningRate = c.learningRate; momentum = c.momentum;
            weightDecay = c.weightDecay; schedule = c.schedule; warmupSteps = c.warmupSteps; decayEvery = c.decayEvery;
            decayFactor = c.decayFactor; milestones = c.milestones; clipNorm = c.clipNorm; normalizeGradient = c.normalizeGradient; groups.addAll(c.groups);
            seed = c.seed; watch = c.watch;
        }

        public Builder steps(int v) { steps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder adam(float lr) { optimizer = Optimizer.ADAM; learningRate = lr; return this; }
        /** Adam with decoupled weight decay (set it with {@link #weightDecay}). */
        public Builder adamW(float lr) { optimizer = Optimizer.ADAMW; learningRate = lr; return this; }
        public Builder sgd(float lr, float mom) { optimizer = Optimizer.SGD; learningRate = lr; momentum = mom; return this; }
        public Builder learningRate(float lr) { learningRate = lr; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder constantLr() { schedule = LrSchedule.CONSTANT; return this; }
        /** Cosine decay from the base lr to 0 over the steps after warm-up. */
        public Builder cosine() { schedule = LrSchedule.COSINE; return this; }
        /** lr × factor^⌊step / every⌋. */
        public Builder stepDecay(int every, float factor) { schedule = LrSchedule.STEP; decayEvery = every; decayFactor = factor; return this; }
        /**
         * lr × factor^(milestones passed): multiplied by {@code factor} at each of {@code steps} (0-based, counted from
         * the first step, warm-up included; torch's {@code MultiStepLR} over steps).
         */
        public Builder milestones(float factor, int... steps) {
            schedule = LrSchedule.MILESTONES; decayFactor = factor; milestones = java.util.Arrays.stream(steps).boxed().toList(); return this;
        }
        public Builder warmup(int v) { warmupSteps = v; return this; }
        public Builder clipNorm(float v) { clipNorm = v; return this; }
        /** Normalised gradient descent: every step's gradient divided by its global L2 norm ({@link TrainConfig#normalizeGradient}). */
        public Builder normalizeGradient(boolean v) { normalizeGradient = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** A progress line every {@code v} steps (0 = silent). */
        public Builder logEvery(int v) { watch = watch.logging(v); return this; }
        /** Save to {@code dir} every {@code every} steps and at the end; a run finding a checkpoint there resumes it. */
        public Builder checkpoints(String dir, int every) { watch = watch.saving(dir, every, 0); return this; }
        public Builder watch(Watch v) { watch = v; return this; }

        /** Parameters matching {@code key} train at {@code lrMultiplier} × the lr (0 freezes them); their weight decay is kept. */
        public Builder group(String key, float lrMultiplier) { return put(key, lrMultiplier, null); }

        /** Parameters matching {@code key} decay with {@code weightDecay} (e.g. 0 for norms, biases, tokens); their lr is kept. */
        public Builder groupWeightDecay(String key, float weightDecay) { return put(key, null, weightDecay); }

        private Builder put(String key, Float lr, Float wd) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                if (g.key().equals(key)) {
                    groups.set(i, new ParamGroup(key, lr == null ? g.lrMultiplier() : lr, wd == null ? g.weightDecay() : wd));
                    return this;
                }
            }
            groups.add(new ParamGroup(key, lr == null ? 1f : lr, wd == null ? Float.NaN : wd));
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery,
                    decayFactor, milestones, clipNorm, normalizeGradient, groups, seed, watch);
        }
    }
}
