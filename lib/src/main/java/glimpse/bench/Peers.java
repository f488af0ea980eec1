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
import glimpse.nn.Conv4;
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
    static ImageSet syntheticImages(int n) {
        SplittableRandom rng = new SplittableRandom(0);
        byte[] px = new byte[n * 28 * 28];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(10);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) names.add("class " + c);
        return new ImageSet("synthetic-28x28", 1, 28, 28, px, labels, names, names);
    }

    static Block conv4() { return Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), 10); }

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

    /** glimpse.train.TrainLoop: timestamps taken when the loop asks for each step's batch. */
    static Timing ours(Plan plan, ImageSet data) {
        Marks marks = new Marks(plan.total() + 1);
        BatchSource inner = BatchSource.shuffled(data, plan.batch(), 0);
        BatchSource timed = (m, step) -> {
            marks.mark(step);
            return inner.batch(m, step);
        };
        TrainConfig cfg = TrainConfig.builder().steps(plan.total() + 1).batchSize(plan.batch())
                .adam(1e-3f).logEvery(0).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainLoop.fit(manager, conv4(), timed, cfg, StepLoss.crossEntropy());
        }
        return rates(plan, marks);
    }

    /**
     * DJL's own path: a Trainer with softmax cross-entropy, Adam, an Accuracy evaluator and the basic
     * listeners (as DJL's examples and d2l-java set it up), fed one Batch per step through
     * {@code EasyTrain.trainBatch} + {@code trainer.step()} — what {@code EasyTrain.fit} does per batch.
     */
    static Timing easyTrain(Plan plan, ImageSet data) {
        Marks marks = new Marks(plan.total() + 1);
        BatchSource source = BatchSource.shuffled(data, plan.batch(), 0);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                .addEvaluator(new Accuracy())
                .addTrainingListeners(TrainingListener.Defaults.basic());
        try (Model model = Model.newInstance("conv4")) {
            model.setBlock(conv4());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(plan.batch(), 1, 28, 28));
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
