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
     * run's {@link Weights} file, or {@link #startingFrom} pretrained weights — unlike resume, they
     * restore parameters only, and only when no checkpoint of this run exists).
     */
    public record Extras(java.util.List<TrainingState> states, java.nio.file.Path warmStart, java.util.function.Consumer<Block> startFrom, AfterStep afterStep) {
        public static final Extras NONE = new Extras(java.util.List.of(), null, null, null);
        public Extras { states = java.util.List.copyOf(states); }
        public static Extras states(TrainingState... states) { return new Extras(java.util.List.of(states), null, null, null); }
        public Extras warmStartFrom(java.nio.file.Path weights) { return new Extras(states, weights, startFrom, afterStep); }
        /**
         * What a fresh run's freshly initialised model starts from, e.g. imported ImageNet weights
         * ({@code glimpse.nn.weights}); like a warm start it runs only when no checkpoint of this run exists.
         */
        public Extras startingFrom(java.util.function.Consumer<Block> load) { return new Extras(states, warmStart, load, afterStep); }
        /** Also calls {@code hook} after every step (e.g. a held-out probe); a hook with state to keep across a resume is also one of {@link #states}. */
        public Extras after(AfterStep hook) { return new Extras(states, warmStart, startFrom, hook); }
    }

    /**
     * Looks at the model after a step, before the step's checkpoint is written: a measurement that must not change the
     * model or the run's draws (the next step reseeds the engine, so it may use them).
     */
    @FunctionalInterface
    public interface AfterStep { void stepDone(int step, Block model); }

    /**
     * {@link #fit(NDManager, Block, BatchSource, TrainConfig, StepLoss)} with training state and/or a
     * warm start. The algorithm; checkpoints ({@link Checkpointing}), the non-finite policy
     * ({@link NonFiniteGuard}) and progress lines ({@link Progress}) are its collaborators.
     */
    public static TrainResult fit(NDManager manager, Block model, BatchSource source, TrainConfig config, StepLoss loss, Extras extras) {
        Engine engine = manager.getEngine();
        engine.setRandomSeed(Seeds.engineSeed(config.seed(), -1));
        if (!model.isInitialized()) initialize(manager, model, source);
        ParameterStore parameters = new ParameterStore(manager, false);
        try (Updater updater = new Updater(config, model.getParameters(), manager)) {
            Checkpointing checkpoints = new Checkpointing(config, model, updater, extras.states());
            RunHistory run = checkpoints.resume();
            if (run.start() == 0 && extras.startFrom() != null) extras.startFrom().accept(model);
            if (run.start() == 0 && extras.warmStart() != null) Weights.load(model, extras.warmStart());
            NonFiniteGuard guard = new NonFiniteGuard(config, model, run);
            Progress progress = new Progress(run.start(), config.steps(), config.watch().logEvery(), System.out);
            int arraysBefore = manager.getManagedArrays().size();
            for (int step = run.start(); step < config.steps(); step++) {
                engine.setRandomSeed(Seeds.engineSeed(config.seed(), step));
                try (NDManager stepManager = manager.newSubManager()) {
                    Batch batch = source.batch(stepManager, step);
                    LossTerms terms = backward(engine, loss, new Step(stepManager, model, batch, step, parameters));
                    float value = run.record(step, terms, batch.images());
                    guard.update(step, value, updater, stepManager, batch);
                    progress.stepDone(step, value, batch.images(), config.learningRateAt(step));
                }
                if (extras.afterStep() != null) extras.afterStep().stepDone(step, model);
                checkpoints.stepDone(step, run);
            }
            warnOfLeaks(manager.getManagedArrays().size() - arraysBefore);
            return run.result();
        }
    }

    /** The step's loss terms, their sum's gradient computed into the parameters. */
    private static LossTerms backward(Engine engine, StepLoss loss, Step step) {
        try (GradientCollector collector = engine.newGradientCollector()) {
            LossTerms terms = loss.terms(step);
            collector.backward(terms.total());
            return terms;
        }
    }

    private static void warnOfLeaks(int leaked) {
        if (leaked > 0)
            System.err.println("warning: " + leaked + " arrays were left in the model's manager by the training steps;"
                    + " create step tensors in step.manager() (ops on a parameter attach to the parameter's manager)");
    }

    /**
     * Initialises {@code model} for inputs of {@code shapes} exactly as {@link #fit} would with a
     * config of {@code seed}: for a run that must hold its parameters before training (to load
     * imported weights into them, or to use them untrained), so its draws match a run that
     * initialises inside {@code fit} and no caller copies the engine seeding.
     */
    public static void initialize(NDManager manager, Block model, long seed, Shape... shapes) {
        manager.getEngine().setRandomSeed(Seeds.engineSeed(seed, -1));
        model.initialize(manager, DataType.FLOAT32, shapes);
    }

    private static void initialize(NDManager manager, Block model, BatchSource source) {
        try (NDManager probe = manager.newSubManager()) {
            NDList data = source.batch(probe, 0).data();
            Shape[] shapes = data.stream().map(NDArray::getShape).toArray(Shape[]::new);
            model.initialize(manager, DataType.FLOAT32, shapes);
        }
    }
}
