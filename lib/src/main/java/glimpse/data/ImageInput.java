package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.image.Pixels;
import glimpse.data.image.RgbTransforms;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How the images of an in-memory {@link ImageSet} become a model's input tensors.
 * <ul>
 *   <li>{@link #NATIVE}: the stored pixels at the stored size, scaled to [0, 1]; SimCLR views by
 *       {@link Augment} at that size (every CPU section).</li>
 *   <li>{@link #rgb rgb(size)}: resized to size × size by {@link RgbTransforms} (torchvision's
 *       {@code Resize(size)} + {@code CenterCrop(size)}, antialiased bilinear: a square image is
 *       resized whole), three channels, ImageNet mean/std normalisation; SimCLR views by
 *       {@link RgbTransforms#simclr} at that size (random resized crop of the stored image straight to
 *       size × size). CrossTransformers feeds 224 px images (arXiv 2007.11498, implementation details)
 *       while miniImageNet and tieredImageNet are stored at 84 px: keeping 224 px copies in memory
 *       would take 150 KB an image (5.8 GB for miniImageNet's base split, more than one Java array
 *       holds), so each episode's images are resized when its tensors are made.</li>
 * </ul>
 * Parallel over the images of a batch; each image's random view comes from its own seed, drawn in
 * image order from the caller's generator, so the result does not depend on thread scheduling.
 *
 * @param size output side in pixels, 0 for {@link #NATIVE}
 */
public record ImageInput(int size) {
    public static final ImageInput NATIVE = new ImageInput(0);

    public ImageInput {
        if (size < 0) throw new IllegalArgumentException("image input size must be >= 0 (0 = the stored size), not " + size);
    }

    /** size × size RGB, ImageNet-normalised (the papers' 224 px input). */
    public static ImageInput rgb(int size) {
        if (size <= 0) throw new IllegalArgumentException("rgb input size must be positive, not " + size);
        return new ImageInput(size);
    }

    public boolean resized() { return size > 0; }

    /** Channels, height and width of one input image made from {@code set}. */
    public Shape imageShape(ImageSet set) {
        return resized() ? new Shape(3, size, size) : new Shape(set.channels(), set.height(), set.width());
    }

    /** The images at {@code indices} as a float (n, C, H, W) tensor, unaugmented. */
    public NDArray tensor(NDManager manager, ImageSet set, int[] indices) {
        if (!resized()) return set.toTensor(manager, indices);
        return transformed(manager, set, indices, RgbTransforms.centreCrop(size, size), null);
    }

    /** The images at {@code indices}, each augmented independently by {@code augment}'s recipe, as a float (n, C, H, W) tensor. */
    public NDArray augmented(NDManager manager, ImageSet set, int[] indices, Augment augment, Random rng) {
        if (!resized()) return augment.tensor(manager, set, indices, rng);
        return transformed(manager, set, indices, RgbTransforms.simclr(augment, size), rng);
    }

    private NDArray transformed(NDManager manager, ImageSet set, int[] indices, RgbTransforms transforms, Random rng) {
        int floats = transforms.imageFloats();
        long[] seeds = new long[indices.length];
        for (int k = 0; k < seeds.length; k++) seeds[k] = rng == null ? 0 : rng.nextLong();
        float[] out = new float[indices.length * floats];
        IntStream.range(0, indices.length).parallel().forEach(k ->
                transforms.apply(Pixels.ofImageSet(set, indices[k]), new SplittableRandom(seeds[k]), out, k * floats));
        return manager.create(out, new Shape(indices.length, 3, size, size));
    }

    @Override public String toString() { return resized() ? size + " px RGB (ImageNet-normalised)" : "stored size"; }
}
