package glimpse.method.retrieval;

/**
 * A finished pre-training: the descriptor's weights (a {@link glimpse.train.Weights} file, without
 * the classification head) and what the run did.
 *
 * @param trainAccuracy top-1 of the head on (up to {@link PretrainExperiment#PROBE_IMAGES} of) the training images, a sanity check that it learned
 */
public record PretrainResult(String weightsFile, float finalLoss, double trainAccuracy, double wallSeconds, double imagesPerSecond) {}
