package glimpse.classification;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import glimpse.data.ImageSet;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;

/**
 * A classification method as a plug-in of the classification pipeline
 * ({@link ClassificationExperiment}): a record of its hyperparameters that builds the network and
 * says what a training step minimises. Prediction is the network's output in inference mode.
 */
public interface ClassificationMethod {
    /** The method's name in tables, e.g. "CE + BatchFormer". */
    String label();

    /** A fresh, uninitialised network with {@code classes} outputs. */
    Block build(int classes);

    /** What a step minimises; {@code trainCounts} are the training images per class (for class-balanced losses). */
    default StepLoss loss(Block net, int[] trainCounts) { return StepLoss.crossEntropy(); }

    /**
     * What a step minimises in the run {@code training} configures (its seed is the run's training
     * seed, for methods that draw something per step, e.g. TASN's detail map); by default the
     * seed-free {@link #loss(Block, int[])}.
     */
    default StepLoss loss(Block net, int[] trainCounts, TrainConfig training) { return loss(net, trainCounts); }

    /** Something to look at after the first seed's training, stored as JSON with the result; null for nothing. */
    default JsonElement inspect(Block net, NDManager manager, ImageSet train, TrainConfig training) { return null; }
}
