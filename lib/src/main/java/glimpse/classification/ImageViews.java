package glimpse.classification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.ImageSet;
import glimpse.data.image.Pixels;
import glimpse.data.image.RgbTransforms;
import glimpse.data.sampling.Seeds;

import java.util.SplittableRandom;

/**
 * The classification pipeline's augmentation hook: how an in-memory image set (CIFAR's, say) reaches
 * the network in training ({@code train}, random) and at test ({@code test}, deterministic), both
 * through {@link RgbTransforms} (torchvision semantics, ImageNet normalisation), so training and test
 * images are normalised alike.
 *
 * <p>A training batch draws its random choices from one generator seeded by (run seed, step), image
 * after image in batch order: a step's views are a pure function of the step, so a resumed run sees
 * the same images as an uninterrupted one.
 */
public record ImageViews(RgbTransforms train, RgbTransforms test) {
    public ImageViews {
        if (train == null || test == null) throw new IllegalArgumentException("both a training and a test view");
        if (train.size() != test.size()) throw new IllegalArgumentException("training and test views differ in size: " + train.size() + " vs " + test.size());
    }

    /**
     * The standard CIFAR recipe (He et al. 2016, arXiv 1512.03385 §4.2, as the CIFAR-LT code of Cao et
     * al., arXiv 1906.07413, uses it): pad 4 with zeros, random {@code size}-px crop, horizontal flip
     * with p = 0.5; test: the image as it is. Both normalised.
     */
    public static ImageViews cifar(int size) {
        RgbTransforms train = RgbTransforms.padRandomCrop(size, 4);
        return new ImageViews(train, train.with(b -> b.padding(0).flipProbability(0)));
    }

    /** Augmented training images at {@code indices} for {@code step} of the run seeded {@code seed}, (n, 3, size, size). */
    public NDArray trainBatch(NDManager manager, ImageSet set, int[] indices, long seed, int step) {
        return batch(manager, set, indices, train, new SplittableRandom(Seeds.mix(seed, step)));
    }

    /** Test images at {@code indices} through the test view, (n, 3, size, size). */
    public NDArray testBatch(NDManager manager, ImageSet set, int[] indices) {
        return batch(manager, set, indices, test, new SplittableRandom(0));
    }

    private static NDArray batch(NDManager manager, ImageSet set, int[] indices, RgbTransforms view, SplittableRandom rng) {
        int floats = view.imageFloats();
        float[] out = new float[indices.length * floats];
        for (int k = 0; k < indices.length; k++) view.apply(Pixels.ofImageSet(set, indices[k]), rng, out, k * floats);
        return manager.create(out, new Shape(indices.length, 3, view.size(), view.size()));
    }
}
