package glimpse.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
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

    /** glimpse.train.TrainLoop: timestamps taken when the loop asks for each step's batch. */
    static double[] ours(Plan plan, ImageSet data) {
        long[] marks = new long[plan.total() + 1];
        BatchSource inner = BatchSource.shuffled(data, plan.batch(), 0);
        BatchSource timed = (m, step) -> {
            marks[step] = System.nanoTime();
            return inner.batch(m, step);
        };
        TrainConfig cfg = TrainConfig.defaults().withSteps(plan.total() + 1).withBatchSize(plan.batch())
                .withAdam(1e-3f).withLogEvery(0);
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
    static double[] easyTrain(Plan plan, ImageSet data) {
        long[] marks = new long[plan.total() + 1];
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
                    marks[step] = System.nanoTime();
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

    static double[] rates(Plan plan, long[] marks) {
        double[] r = new double[plan.repeats()];
        for (int k = 0; k < plan.repeats(); k++) {
            int a = plan.warmup() + k * plan.steps(), b = a + plan.steps();
            r[k] = (double) plan.steps() * plan.batch() / ((marks[b] - marks[a]) / 1e9);
        }
        return r;
    }

    /** Keeps a reference so the JIT cannot drop work whose result is unused (used by the JMH class). */
    static float touch(NDArray a) { return a.getFloat(); }
}
