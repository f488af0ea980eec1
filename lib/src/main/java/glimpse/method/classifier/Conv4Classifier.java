package glimpse.method.classifier;

import ai.djl.nn.Block;
import glimpse.classification.ClassificationData;
import glimpse.classification.ClassificationMethod;
import glimpse.classification.ClassificationSpec;
import glimpse.classification.TestSubset;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.train.TrainConfig;

import java.util.List;

/**
 * Plain supervised classification with Conv-4 (64 channels) and a linear layer, trained by
 * cross-entropy: the workbook's sanity baseline (00-tour) and the reference point the paper
 * notebooks start from.
 */
public record Conv4Classifier() implements ClassificationMethod {
    @Override public String label() { return "Conv-4 + linear"; }
    @Override public Block build(int classes) { return Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), classes); }

    /**
     * The tour's run: {@code steps} steps of batch 128 on all training images, Adam {@code lr} with
     * cosine decay, one seed; scored on all test images, or on a random subset of {@code testLimit}
     * (seeded by seed + 1) when positive.
     */
    public static ClassificationSpec spec(String dataset, int steps, float lr, long seed, int testLimit) {
        TrainConfig training = TrainConfig.builder().steps(steps).batchSize(128).adam(lr).cosine().logEvery(Math.max(1, steps / 10)).build();
        TestSubset test = testLimit > 0 ? TestSubset.random(testLimit, seed + 1) : TestSubset.ALL;
        return new ClassificationSpec(ClassificationData.of(dataset).withTest(test), new Conv4Classifier(), training, List.of(seed));
    }
}
