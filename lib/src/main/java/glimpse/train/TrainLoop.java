package glimpse.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one training loop every Glimpse method uses. Each step: a fresh sub-manager, the batch from a
 * {@link BatchSource}, the loss from a {@link StepLoss} under a {@link GradientCollector}, backward,
 * one optimizer update (see {@link TrainConfig} for Adam/SGD, schedules, clipping, per-group lr),
 * then the sub-manager closes, freeing every array of the step. Progress goes to stdout; with a
 * checkpoint folder the run saves every K steps and resumes where it stopped.
 *
 * <p>Plain classification, as a notebook cell:
 * <pre>{@code
 * var fm = Datasets.load("fashion-mnist");
 * ImageSet train = fm.split("train"), test = fm.split("test");
 * try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
 *     Block net = Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), train.classCount());
 *     TrainResult r = TrainLoop.fit(manager, net, train, TrainConfig.builder().steps(300).cosine().build());
 *     float[][] logits = Predict.outputs(manager, net, test, 512);
 *     System.out.println(r + ", test accuracy " + Predict.accuracy(logits, test));
 * }
 * }</pre>
 *
 * <p>A method with its own loss and batches (episodes, BatchFormer, ...):
 * <pre>{@code
 * BatchSource episodes = (m, step) -> sampler.episode(step).toBatch(m);
 * StepLoss loss = step -> myLoss(step.forward(step.batch().x()), step.batch().y());
 * TrainLoop.fit(manager, net, episodes, cfg, loss);
 * }</pre>
 *
 * <p>Determinism: the engine's random seed is set from (seed) before initialising the model and from
 * (seed, step) before each step, so initialisation, dropout and anything else random in a step is a
 * function of the step index: same seed → same loss curve, and a resumed run continues exactly.
 */
public final class TrainLoop {
    private TrainLoop() {}

    /** Softmax cross-entropy training of a classifier on shuffled batches of {@code data}. */
    public static TrainResult fit(NDManager manager, Block model, ImageSet data, TrainConfig config) {
        return fit(manager, model, BatchSource.shuffled(data, config.batchSize(), config.seed()), config, StepLoss.crossEntropy());
    }

    /**
     * Trains {@code model} for {@code config.steps()} steps. Parameters live in {@code manager}
     * (the model is initialised there from the shapes of the first batch if it is not yet);
     * optimizer state lives in a sub-manager closed when this returns.
     */
    public static TrainResult fit(NDManager manager, Block model, BatchSource source, TrainConfig config, StepLoss loss) {
        return fit(manager, model, source, config, loss, Extras.NONE);
    }

    /**
     * What a run may add to model, batches, config and loss: training state to checkpoint with it
     * (a cross-batch memory, an EMA teacher), and weights to start from (warm start from another
     * run's {@link Weights} file — unlike resume, it restores parameters only, and only when no
     * checkpoint of this run exists).
     */
    public record Extras(java.util.List<TrainingState> states, java.nio.file.Path warmStart) {
        public static final Extras NONE = new Extras(java.util.List.of(), null);
        public Extras { states = java.util.List.copyOf(states); }
        public static Extras states(TrainingState... states) { return new Extras(java.util.List.of(states), null); }
        public Extras warmStartFrom(java.nio.file.Path weights) { return new Extras(states, weights); }
    }

    /** {@link #fit(NDManager, Block, BatchSource, TrainConfig, StepLoss)} with training state and/or a warm start. */
    public static TrainResult fit(NDManager manager, Block model, BatchSource source, TrainConfig requested, StepLoss loss, Extras extras) {
        // inside a cached experiment every run is resumable: the runner's scope hands out its checkpoint folder
        java.nio.file.Path auto = requested.checkpointDir() == null ? RunCheckpoints.nextFitDir() : null;
        final TrainConfig config = auto == null ? requested : requested.toBuilder().checkpoints(auto.toString(), requested.checkpointEvery()).build();
        final double saveSeconds = auto == null ? 0 : RunCheckpoints.saveSeconds();   // 0: the config's step cadence only
        Engine engine = manager.getEngine();
        engine.setRandomSeed(Seeds.engineSeed(config.seed(), -1));
        if (!model.isInitialized()) initialize(manager, model, source);
        ParameterStore parameters = new ParameterStore(manager, false);
        float[] losses = new float[config.steps()];
        int start = 0;
        List<Integer> skipped = new ArrayList<>();
        java.util.Map<String, float[]> termCurves = new java.util.LinkedHashMap<>();
        double previousWall = 0;
        long previousImages = 0;
        try (Updater updater = new Updater(config, model.getParameters(), manager)) {
            if (config.checkpointDir() != null) {
                Checkpoint.State s = Checkpoint.load(config, model, updater, extras.states());
                if (s != null) {
                    s.termCurves().forEach((name, curve) -> termCurves.put(name, Arrays.copyOf(curve, config.steps())));
                    start = Math.min(s.completedSteps(), config.steps());
                    System.arraycopy(s.losses(), 0, losses, 0, Math.min(start, s.losses().length));
                    for (int k : s.skippedSteps()) skipped.add(k);
                    previousWall = s.wallSeconds();
                    previousImages = s.images();
                    if (config.logEvery() > 0 || start < config.steps())
                        System.out.println("resuming from " + Checkpoint.file(config) + " at step " + start + " of " + config.steps());
                }
            }
            if (start == 0 && extras.warmStart() != null) Weights.load(model, extras.warmStart());
            int arraysBefore = manager.getManagedArrays().size();
            Progress progress = new Progress(start, config.steps(), config.logEvery(), System.out);
            long images = 0;
            long t0 = System.nanoTime(), lastSave = t0;
            for (int step = start; step < config.steps(); step++) {
                engine.setRandomSeed(Seeds.engineSeed(config.seed(), step));
                int stepImages;
                try (NDManager stepManager = manager.newSubManager()) {
                    Batch batch = source.batch(stepManager, step);
                    stepImages = batch.images();
                    NDArray value;
                    LossTerms terms;
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        terms = loss.terms(new Step(stepManager, model, batch, step, parameters));
                        value = terms.total();
                        collector.backward(value);
                    }
                    losses[step] = value.getFloat();
                    if (terms.terms().size() > 1)      // one curve per term; a single term is the loss curve itself
                        for (var t : terms.terms().entrySet())
                            termCurves.computeIfAbsent(t.getKey(), k -> nanCurve(config.steps()))[step] = t.getValue().getFloat();
                    boolean applied = Float.isFinite(losses[step]) && updater.apply(step, stepManager);
                    if (!applied) {
                        if (!Float.isFinite(losses[step])) updater.discard(stepManager);
                        skipped.add(step);
                        if (skipped.size() > maxSkippedSteps(config.steps()))
                            throw new ArithmeticException("non-finite loss or gradient in " + skipped.size() + " steps (the last at step " + step
                                    + ", lr " + config.learningRateAt(step) + "; skipped steps " + skipped + "); " + nonFiniteReport(model, batch)
                                    + ". Lower the learning rate or enable clipping (TrainConfig.Builder.clipNorm)");
                        System.out.println("warning: step " + step + " skipped (non-finite " + (Float.isFinite(losses[step]) ? "gradient" : "loss")
                                + "); weights and optimizer state unchanged");
                    }
                }
                images += stepImages;
                progress.stepDone(step, losses[step], stepImages, config.learningRateAt(step));
                boolean last = step + 1 == config.steps();
                long now = System.nanoTime();
                boolean due = (config.checkpointEvery() > 0 && (step + 1) % config.checkpointEvery() == 0)
                        || (saveSeconds > 0 && (now - lastSave) / 1e9 >= saveSeconds);
                if (config.checkpointDir() != null && (last || due)) {
                    double wall = previousWall + (now - t0) / 1e9;
                    Checkpoint.save(config, new Checkpoint.State(step + 1, Arrays.copyOf(losses, step + 1), wall, previousImages + images,
                            skipped.stream().mapToInt(Integer::intValue).toArray(), termCurves), model, updater, extras.states());
                    lastSave = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int leaked = manager.getManagedArrays().size() - arraysBefore;
            if (leaked > 0)
                System.err.println("warning: " + leaked + " arrays were left in the model's manager by the training steps;"
                        + " create step tensors in step.manager() (ops on a parameter attach to the parameter's manager)");
            double wall = previousWall + seconds;
            return new TrainResult(config.steps(), TrainResult.tailMean(losses, config.steps()), losses,
                    wall, wall > 0 ? (previousImages + images) / wall : 0, start, skipped.size(), termCurves);
        }
    }

    private static float[] nanCurve(int steps) {
        float[] c = new float[steps];
        Arrays.fill(c, Float.NaN);    // a term absent from a step (e.g. only on SimCLR episodes) has no value there
        return c;
    }

    /** A run may skip a few steps with a non-finite loss or gradient (2 % of its steps, at least 5) before it fails. */
    static int maxSkippedSteps(int steps) { return Math.max(5, steps / 50); }

    /** Where a non-finite loss came from: non-finite inputs, or which parameters already hold NaN/Inf (a bad earlier update). */
    static String nonFiniteReport(Block model, Batch batch) {
        List<String> bad = new ArrayList<>();
        for (var p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (!Updater.finite(a)) bad.add(p.getKey());
        }
        boolean inputsFinite = batch.data().stream().allMatch(Updater::finite);
        return (inputsFinite ? "inputs finite" : "NON-FINITE INPUTS")
                + (bad.isEmpty() ? ", every parameter finite" : ", non-finite parameters: " + bad);
    }

    private static void initialize(NDManager manager, Block model, BatchSource source) {
        try (NDManager probe = manager.newSubManager()) {
            NDList data = source.batch(probe, 0).data();
            Shape[] shapes = data.stream().map(NDArray::getShape).toArray(Shape[]::new);
            model.initialize(manager, DataType.FLOAT32, shapes);
        }
    }
}
