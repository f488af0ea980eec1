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

    /**
     * What a step of the run {@code training} configures minimises (by default softmax
     * cross-entropy): {@code trainCounts} are the training images per class (class-balanced
     * losses), {@code training.seed()} the run's seed (methods that draw something per step, e.g.
     * TASN's detail map). The one loss contract of a classification method.
     */
    default StepLoss loss(Block net, int[] trainCounts, TrainConfig training) { return StepLoss.crossEntropy(); }

    /**
     * This method's training loss for a network that guesses uniformly over {@code classes} classes, the scale its loss
     * curve is judged on ({@link glimpse.eval.Convergence#againstChance}): ln C for one cross-entropy, w·ln C for a sum
     * of cross-entropies over the same classes with weights adding up to w; NaN (the default) where the method does not
     * say, which judges the curve against its own previous quarter.
     */
    default double chanceLoss(int classes) { return Double.NaN; }

    /**
     * Where a fresh run's initialised network starts (before the first step; not on resume): e.g.
     * imported ImageNet weights. Nothing by default (the initialiser's random weights).
     */
    default void startFrom(Block net) {}

    /** Something to look at after the first seed's training, stored as JSON with the result; null for nothing. */
    default JsonElement inspect(Block net, NDManager manager, ImageSet train, TrainConfig training) { return null; }
}
