package glimpse.pretrain;

import glimpse.data.Datasets;
import glimpse.data.ImageResize;
import glimpse.data.ImageSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images a backbone is pre-trained on: a split of a dataset (e.g. the Glyphs "base" classes,
 * Fashion-MNIST's "train" split), optionally restricted to some of its classes (relabelled in the
 * order given; empty = all), images shrunk by an integer factor (64 px glyphs ÷ 2 = 32 px). The
 * same value for every notebook that pre-trains on these images, so they share one pre-training.
 *
 * <p>{@link #heldOut()} sets aside, per class, {@value #HELD_OUT_PERCENT} % of its images (rounded down; a
 * class of 2–9 images gives one with probability n·{@value #HELD_OUT_PERCENT} %, so a set of two-image classes
 * keeps both images of most classes) by a draw that depends on nothing but the class and its image
 * count — never on a training seed — so the top-1 reported on them is measured on images the
 * pre-training never saw.
 */
public record BaseData(String dataset, String split, int[] classes, int downsample) {
    /** Share of each class's images held out of pre-training to measure its top-1. */
    public static final int HELD_OUT_PERCENT = 10;

    public BaseData {
        if (downsample < 1) throw new IllegalArgumentException("downsample must be >= 1, not " + downsample);
        classes = classes.clone();
    }

    /** All classes of {@code split}. */
    public static BaseData of(String dataset, String split, int downsample) { return new BaseData(dataset, split, new int[0], downsample); }

    /** The images, made once per JVM (every recipe and seed of a notebook asks for the same ones; a pure function of this value). */
    public ImageSet images() {
        return LOADED.computeIfAbsent(key(), k -> {
            ImageSet s = Datasets.load(dataset).split(split);
            if (classes.length > 0) s = s.restrictToClasses(s.name() + "-" + classesLabel(s.classCount()), classes);
            return ImageResize.downsample(s, downsample);
        });
    }

    /** The images pre-training trains on and those it is tested on: disjoint, together all of {@link #images()}. */
    public record Split(ImageSet train, ImageSet heldOut) {}

    /** The deterministic per-class held-out split of {@link #images()} (see the class comment). */
    public Split heldOut() { return heldOut(images()); }

    /** The same split of any image set: per class, a seeded draw that depends only on the class and its image count. */
    public static Split heldOut(ImageSet all) {
        boolean[] held = heldOutMask(all.labels(), all.classCount());
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < held.length; i++) (held[i] ? test : train).add(i);
        return new Split(all.subset(all.name() + " (pre-training)", train.stream().mapToInt(Integer::intValue).toArray()),
                all.subset(all.name() + " (held out)", test.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Which images are held out: per class, a seeded draw of n·{@value #HELD_OUT_PERCENT}/100 of its n ≥ 2 images (see the class comment for n &lt; 10). */
    static boolean[] heldOutMask(int[] labels, int classCount) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classCount; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        boolean[] held = new boolean[labels.length];
        for (int c = 0; c < classCount; c++) {
            List<Integer> images = byClass.get(c);
            if (images.size() < 2) continue;
            Random draw = new Random(0x484F4C44L * 31 + c);   // "HOLD": the class alone decides
            java.util.Collections.shuffle(images, draw);
            int k = images.size() * HELD_OUT_PERCENT / 100;
            // A class of fewer than 100/HELD_OUT_PERCENT images gives one image with probability n·percent/100, so that
            // about that share of the images is still held out while most such classes keep all theirs: holding one of
            // every two-image class out (emoji: one drawing style per class) would pre-train on one style only.
            if (k == 0 && draw.nextDouble() < images.size() * HELD_OUT_PERCENT / 100.0) k = 1;
            for (int j = 0; j < k; j++) held[images.get(j)] = true;
        }
        return held;
    }

    /** The kept classes for people: the list where it is short ("[0, 1, 2, 3, 4]"), else how many of the split's ("783 of 804 classes"). */
    String classesLabel(int ofSplit) {
        return classes.length <= 10 ? Arrays.toString(classes) : classes.length + " of " + ofSplit + " classes";
    }

    /** Side of the images after downsampling. */
    public int imageSize() { return images().height(); }

    private String key() { return dataset + "/" + split + Arrays.toString(classes) + "/" + downsample; }

    private static final Map<String, ImageSet> LOADED = new ConcurrentHashMap<>();

    @Override public boolean equals(Object o) {
        return o instanceof BaseData b && dataset.equals(b.dataset) && split.equals(b.split) && Arrays.equals(classes, b.classes) && downsample == b.downsample;
    }

    @Override public int hashCode() { return key().hashCode(); }

    @Override public String toString() { return "BaseData[" + key() + "]"; }
}
