package glimpse.method.classifier;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;
import glimpse.eval.MeanCi;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.nn.Devices;
import glimpse.train.Predict;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;


/**
 * Plain supervised classification with Conv-4 and the shared training loop: the workbook's
 * sanity baseline (00-tour) and the reference point the paper notebooks start from.
 */
public final class ClassifierExperiment {
    private ClassifierExperiment() {}

    /**
     * @param trainLimit use at most this many training images (a seeded random subset), 0 for all
     * @param testLimit  evaluate on at most this many test images (a seeded random subset), 0 for all
     */
    public record Config(String dataset, String trainSplit, String testSplit, int steps, int batchSize,
                         float learningRate, long seed, int trainLimit, int testLimit) {}

    /** Test accuracy with its 95% CI over test images, the loss curve, and training speed. */
    public record Result(double accuracy, double ci95, int testImages, float[] losses, double wallSeconds, double imagesPerSecond) {
        public MeanCi accuracyCi() { return new MeanCi(accuracy, ci95, testImages); }
    }

    public static Result run(Config c) {
        var data = Datasets.load(c.dataset());
        ImageSet train = limit(data.split(c.trainSplit()), c.trainLimit(), c.seed());
        ImageSet test = limit(data.split(c.testSplit()), c.testLimit(), c.seed() + 1);
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            Block net = Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), train.classCount());
            TrainConfig cfg = TrainConfig.builder().steps(c.steps()).batchSize(c.batchSize())
                    .adam(c.learningRate()).cosine().seed(c.seed()).logEvery(Math.max(1, c.steps() / 10)).build();
            TrainResult r = TrainLoop.fit(manager, net, train, cfg);
            int[] predicted = Predict.argmax(Predict.outputs(manager, net, test, 512));
            double[] correct = new double[test.size()];
            for (int i = 0; i < correct.length; i++) correct[i] = predicted[i] == test.label(i) ? 1 : 0;
            MeanCi acc = MeanCi.of(correct);
            return new Result(acc.mean(), acc.ci95(), test.size(), r.losses(), r.wallSeconds(), r.imagesPerSecond());
        }
    }

    /** A seeded random subset of at most {@code n} images (all of them when n is 0 or larger than the set). */
    static ImageSet limit(ImageSet set, int n, long seed) {
        if (n <= 0 || n >= set.size()) return set;
        int[] idx = Draws.distinctByRejection(set.size(), n, Seeds.plain(seed));
        java.util.Arrays.sort(idx);
        return set.subset(set.name() + "[" + n + "]", idx);
    }
}
