package glimpse.classification;

import glimpse.data.Dataset;
import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.data.sampling.LongTail;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The training and test images of a classification experiment.
 *
 * @param longTail the exponential long-tail profile applied to the training split, or null for the split as it is
 * @param test     which test images score it
 * @param views    how images reach the network: null for their pixels as they are (floats in [0, 1]);
 *                 else an augmented training view and its deterministic test view ({@link ImageViews})
 */
@RecordBuilder
public record ClassificationData(String dataset, String trainSplit, String testSplit, LongTail longTail, TestSubset test, ImageViews views)
        implements ClassificationDataBuilder.With {

    /** The dataset's "train" and "test" splits as they are, pixels as they are. */
    public static ClassificationData of(String dataset) { return new ClassificationData(dataset, "train", "test", null, TestSubset.ALL, null); }


    public record Sets(ImageSet train, ImageSet test) {}

    public Sets load() {
        Dataset d = Datasets.load(dataset);
        ImageSet train = d.split(trainSplit);
        return new Sets(longTail == null ? train : longTail.apply(train), test.apply(d.split(testSplit)));
    }

    /** The setting column of a results table, e.g. "ρ=100", "ρ=100, reversed" or "as released". */
    public String setting() {
        if (longTail == null) return "as released";
        double r = longTail.imbalance();
        return "ρ=" + (r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r))
                + (longTail.order() == null ? "" : ", " + longTail.order().name());
    }

    /** The dataset column, e.g. "fashion-mnist-LT". */
    public String name() { return dataset + (longTail == null ? "" : "-LT"); }
}
