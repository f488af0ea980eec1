package glimpse.classification;

import glimpse.data.Dataset;
import glimpse.data.Datasets;
import glimpse.data.ImageFileList;
import glimpse.data.ImageSet;
import glimpse.data.Manifest;
import glimpse.data.Manifests;
import glimpse.data.image.StreamedInput;
import glimpse.data.sampling.LongTail;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The training and test images of a classification experiment.
 *
 * @param longTail the exponential long-tail profile applied to the training split, or null for the split as it is
 * @param test     which test images score it
 * @param views    how images reach the network: null for their pixels as they are (floats in [0, 1]);
 *                 else an augmented training view and its deterministic test view ({@link ImageViews})
 * @param input    null: the splits decoded in memory at the manifest's size ({@link #load}); else both splits
 *                 streamed from their files at paper resolution (CUB at 512 px would be ~9 GB decoded)
 */
@RecordBuilder
public record ClassificationData(String dataset, String trainSplit, String testSplit, LongTail longTail, TestSubset test, ImageViews views,
                                 StreamedInput input)
        implements ClassificationDataBuilder.With {

    /** The dataset's "train" and "test" splits as they are, pixels as they are. */
    public static ClassificationData of(String dataset) { return new ClassificationData(dataset, "train", "test", null, TestSubset.ALL, null, null); }

    /** The dataset's "train" and "test" splits streamed from their files through {@code input}'s views. */
    public static ClassificationData streamed(String dataset, StreamedInput input) { return of(dataset).withInput(input); }

    public boolean streams() { return input != null; }

    /** A streamed experiment's file lists (the test subset applied). */
    public record Files(ImageFileList train, ImageFileList test) {}

    public Files files() {
        if (input == null) throw new IllegalStateException(dataset + " is loaded in memory (no streamed input); use load()");
        if (longTail != null) throw new IllegalStateException("a long-tail profile over streamed files is not implemented; load " + dataset + " in memory");
        Manifest m = Manifests.of(dataset);
        return new Files(ImageFileList.of(m, trainSplit), test.apply(ImageFileList.of(m, testSplit)));
    }


    public record Sets(ImageSet train, ImageSet test) {}

    public Sets load() {
        if (input != null) throw new IllegalStateException(dataset + " is streamed from its files (input " + input + "); use files()");
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
