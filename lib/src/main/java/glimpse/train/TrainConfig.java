package glimpse.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a training run, as one value (so it can key a result cache).
 * Start from {@link #defaults()} and change what you need with the {@code with…} methods:
 *
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.defaults()
 *         .withSteps(500).withBatchSize(128)
 *         .withAdam(1e-3f).withWeightDecay(5e-4f)
 *         .withCosine().withWarmup(20)
 *         .withClipNorm(5f)
 *         .withLrMultiplier("encoder", 0.1f)      // BatchFormer: encoder at 0.1× lr
 *         .withSeed(7).withLogEvery(50)
 *         .withCheckpoints("build/ckpt/run1", 100);
 * }</pre>
 *
 * @param steps           optimisation steps (one batch each)
 * @param batchSize       images per batch for the default {@link BatchSource#shuffled} source
 * @param optimizer       ADAM (L2 weight decay added to the gradient, as torch.optim.Adam) or SGD (momentum)
 * @param learningRate    base learning rate; the schedule scales it
 * @param momentum        SGD momentum (ignored by Adam, which uses β1 = 0.9, β2 = 0.999, ε = 1e-8)
 * @param weightDecay     L2 coefficient added to every trainable parameter's gradient
 * @param schedule        learning-rate schedule after warm-up
 * @param warmupSteps     linear warm-up from lr/warmup to lr over these steps (0 = none)
 * @param decayEvery      STEP schedule: multiply by {@code decayFactor} every this many steps
 * @param decayFactor     STEP schedule factor (e.g. 0.1)
 * @param clipNorm        clip the global L2 norm of all gradients to this (0 = no clipping)
 * @param lrMultipliers   parameter-name prefix → learning-rate multiplier (longest prefix wins; names
 *                        as in {@code block.getParameters()}, e.g. "01SequentialBlock_…"; default 1)
 * @param seed            seeds parameter initialisation and batch order
 * @param logEvery        print a progress line every this many steps (0 = silent)
 * @param checkpointDir   folder for save/resume (null = no checkpoints); an existing checkpoint there
 *                        is resumed
 * @param checkpointEvery save every this many steps (and always at the end); 0 = only at the end
 */
public record TrainConfig(int steps, int batchSize, Optimizer optimizer, float learningRate, float momentum,
                          float weightDecay, LrSchedule schedule, int warmupSteps, int decayEvery, float decayFactor,
                          float clipNorm, Map<String, Float> lrMultipliers, long seed, int logEvery,
                          String checkpointDir, int checkpointEvery) {

    public enum Optimizer { ADAM, SGD }

    public TrainConfig {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, not " + steps);
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive, not " + learningRate);
        if (weightDecay < 0) throw new IllegalArgumentException("weightDecay must be >= 0, not " + weightDecay);
        if (clipNorm < 0) throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), not " + clipNorm);
        if (warmupSteps < 0 || logEvery < 0 || checkpointEvery < 0) throw new IllegalArgumentException("warmupSteps, logEvery and checkpointEvery must be >= 0");
        if (schedule == LrSchedule.STEP && decayEvery <= 0) throw new IllegalArgumentException("the STEP schedule needs decayEvery > 0");
        lrMultipliers = Map.copyOf(lrMultipliers);
        for (var e : lrMultipliers.entrySet()) {
            if (!(e.getValue() >= 0)) throw new IllegalArgumentException("lr multiplier for '" + e.getKey() + "' must be >= 0, not " + e.getValue());
        }
    }

    /** 100 steps of Adam (lr 1e-3), batch 128, constant lr, no decay or clipping, seed 0, a line every 50 steps. */
    public static TrainConfig defaults() {
        return new TrainConfig(100, 128, Optimizer.ADAM, 1e-3f, 0.9f, 0f, LrSchedule.CONSTANT, 0, 0, 0.1f,
                0f, Map.of(), 0L, 50, null, 0);
    }

    public TrainConfig withSteps(int v) { return new TrainConfig(v, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withBatchSize(int v) { return new TrainConfig(steps, v, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withAdam(float lr) { return new TrainConfig(steps, batchSize, Optimizer.ADAM, lr, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withSgd(float lr, float mom) { return new TrainConfig(steps, batchSize, Optimizer.SGD, lr, mom, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withWeightDecay(float v) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, v, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withConstantLr() { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, LrSchedule.CONSTANT, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    /** Cosine decay from the base lr to 0 over the steps after warm-up. */
    public TrainConfig withCosine() { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, LrSchedule.COSINE, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    /** lr × factor^⌊step / every⌋. */
    public TrainConfig withStepDecay(int every, float factor) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, LrSchedule.STEP, warmupSteps, every, factor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withWarmup(int v) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, v, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withClipNorm(float v) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, v, lrMultipliers, seed, logEvery, checkpointDir, checkpointEvery); }
    /** Parameters whose name starts with {@code namePrefix} train at {@code multiplier} × the scheduled lr. */
    public TrainConfig withLrMultiplier(String namePrefix, float multiplier) {
        Map<String, Float> m = new LinkedHashMap<>(lrMultipliers);
        m.put(namePrefix, multiplier);
        return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, m, seed, logEvery, checkpointDir, checkpointEvery);
    }
    public TrainConfig withSeed(long v) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, v, logEvery, checkpointDir, checkpointEvery); }
    public TrainConfig withLogEvery(int v) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, v, checkpointDir, checkpointEvery); }
    /** Save to {@code dir} every {@code every} steps and at the end; a run finding a checkpoint there resumes it. */
    public TrainConfig withCheckpoints(String dir, int every) { return new TrainConfig(steps, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, warmupSteps, decayEvery, decayFactor, clipNorm, lrMultipliers, seed, logEvery, dir, every); }

    /** The learning rate at {@code step} (0-based) for a parameter with multiplier 1. */
    public float learningRateAt(int step) {
        return learningRate * schedule.factor(this, step);
    }

    /** The multiplier for a parameter name: the value of the longest matching prefix, else 1. */
    public float lrMultiplierFor(String parameterName) {
        String best = null;
        for (String prefix : lrMultipliers.keySet()) {
            if (parameterName.startsWith(prefix) && (best == null || prefix.length() > best.length())) best = prefix;
        }
        return best == null ? 1f : lrMultipliers.get(best);
    }
}
