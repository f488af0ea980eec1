package glimpse.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import glimpse.data.ImageSet;
import glimpse.nn.Blocks;
import glimpse.data.sampling.Seeds;
import glimpse.train.BatchSource;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The Java peers of the bench, each timed the same way: warm-up steps, then repeats × steps measured. */
final class Peers {
    private Peers() {}

    record Plan(int batch, int warmup, int steps, int repeats) {
        int total() { return warmup + steps * repeats; }
    }

    /** Synthetic 28×28 grayscale images (seeded uniform pixels, 10 classes): speed does not depend on the pixels. */
    static ImageSet syntheticImages(int n) { return syntheticImages(n, 1, 28, 10); }

    /** n synthetic images channels × size × size, seeded uniform pixels and labels in [0, classes). */
    static ImageSet syntheticImages(int n, int channels, int size, int classes) {
        SplittableRandom rng = Seeds.random(0, n, channels, size, classes);
        byte[] px = new byte[n * channels * size * size];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(classes);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("class " + c);
        return new ImageSet("synthetic-" + size + "x" + size + "x" + channels, channels, size, size, px, labels, names, names);
    }

    static Block conv4() { return TrainStepModel.conv4().net().get(); }

    /** Wall-clock and process-CPU timestamps (ns) at the start of each step, and the last step's end. */
    record Marks(long[] wall, long[] cpu) {
        Marks(int n) { this(new long[n], new long[n]); }
        void mark(int step) { wall[step] = System.nanoTime(); cpu[step] = processCpuNanos(); }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Per timed repeat: images/s (wall) and process CPU milliseconds per image. */
    record Timing(double[] imagesPerSecond, double[] cpuMsPerImage) {}

    /** The Conv-4 entry in our loop (as before the registry). */
    static Timing ours(Plan plan, ImageSet data) { return ours(TrainStepModel.conv4(), plan, data, null); }

    /**
     * glimpse.train.TrainLoop on {@code model}: timestamps taken when the loop asks for each step's
     * batch. {@code parameterCount}, when given, receives the model's trainable scalar count.
     */
    static Timing ours(TrainStepModel model, Plan plan, ImageSet data, long[] parameterCount) {
        Block net = model.net().get();
        Timing t = timedFit(plan, net, BatchSource.shuffled(data, plan.batch(), 0), model.config(plan.total() + 1, plan.batch()),
                StepLoss.crossEntropy());
        if (parameterCount != null) parameterCount[0] = Blocks.parameterCount(net);
        return t;
    }

    /** Any model, source and loss in the shared loop, timed per step (config.steps() must be plan.total() + 1). */
    static Timing timedFit(Plan plan, Block net, BatchSource source, TrainConfig cfg, StepLoss loss) {
        Marks marks = new Marks(plan.total() + 1);
        BatchSource timed = (m, step) -> {
            marks.mark(step);
            return source.batch(m, step);
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainLoop.fit(manager, net, timed, cfg, loss);
        }
        return rates(plan, marks);
    }

    /**
     * DJL's own path: a Trainer with softmax cross-entropy, Adam, an Accuracy evaluator and the basic
     * listeners (as DJL's examples and d2l-java set it up), fed one Batch per step through
     * {@code EasyTrain.trainBatch} + {@code trainer.step()} — what {@code EasyTrain.fit} does per batch.
     */
    static Timing easyTrain(Plan plan, ImageSet data) { return easyTrain(TrainStepModel.conv4(), plan, data, null); }

    /** EasyTrain on an Adam model (its lr; DJL's Adam defaults otherwise); {@code parameterCount} as in {@link #ours}. */
    static Timing easyTrain(TrainStepModel net, Plan plan, ImageSet data, long[] parameterCount) {
        Marks marks = new Marks(plan.total() + 1);
        BatchSource source = BatchSource.shuffled(data, plan.batch(), 0);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(net.learningRate())).build())
                .addEvaluator(new Accuracy())
                .addTrainingListeners(TrainingListener.Defaults.basic());
        try (Model model = Model.newInstance(net.name())) {
            Block block = net.net().get();
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(plan.batch(), net.channels(), net.imageSize(), net.imageSize()));
                if (parameterCount != null) parameterCount[0] = Blocks.parameterCount(block);
                for (int step = 0; step <= plan.total(); step++) {
                    marks.mark(step);
                    if (step == plan.total()) break;
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        var b = source.batch(m, step);
                        Batch batch = new Batch(m, b.data(), b.labels(), plan.batch(), Batchifier.STACK, Batchifier.STACK, step, plan.total());
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                }
            }
        }
        return rates(plan, marks);
    }

    static Timing rates(Plan plan, Marks marks) {
        double[] r = new double[plan.repeats()], cpu = new double[plan.repeats()];
        for (int k = 0; k < plan.repeats(); k++) {
            int a = plan.warmup() + k * plan.steps(), b = a + plan.steps();
            double images = (double) plan.steps() * plan.batch();
            r[k] = images / ((marks.wall()[b] - marks.wall()[a]) / 1e9);
            cpu[k] = (marks.cpu()[b] - marks.cpu()[a]) / 1e6 / images;
        }
        return new Timing(r, cpu);
    }

}
