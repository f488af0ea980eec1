package glimpse.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import glimpse.data.Augment;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Seeds;
import glimpse.data.sampling.ShuffledBatches;
import glimpse.train.Batch;
import glimpse.train.BatchSource;

import java.util.Random;

/**
 * Pre-training's batches (Semantic Prompt's stage 1, arXiv 2303.14123 §4.1, official {@code train_vit.py}): each step takes the
 * next {@code batchSize} images of a shuffled epoch and shows each of them {@code repeats} times,
 * every copy augmented on its own ("repeated augmentation": 64 images × 2 = batches of 128).
 * {@link #none()} is the plain shuffled batch of the CPU recipe.
 *
 * <p>The augmentation is this project's {@link Augment} on the stored images (random resized crop of
 * 8–100 % of the area, aspect 3/4–4/3, back to the stored size; the backbone then resizes to its
 * own size, e.g. the paper's Visformer resizes to 224 px). RandAugment(2, 10), which the paper adds, is
 * not implemented here.
 *
 * @param repeats augmented copies of each image in a batch (1 with {@link Augment#none()}: the image itself)
 */
public record RepeatedAugmentation(int repeats, Augment augment) {
    public RepeatedAugmentation {
        if (repeats < 1) throw new IllegalArgumentException("at least one copy of each image per batch, not " + repeats);
    }

    /** Plain shuffled batches: each image once, unchanged. */
    public static RepeatedAugmentation none() { return new RepeatedAugmentation(1, Augment.none()); }

    /** The paper's: two copies of each image, each a random resized crop (torchvision's default scale 0.08–1), no flip. */
    public static RepeatedAugmentation paper() {
        return new RepeatedAugmentation(2, Augment.none().withCropArea(0.08, 1));
    }

    /**
     * The batch of each step: {@code batchSize} images of {@code set}, drawn as {@link BatchSource#shuffled} draws
     * them, each {@link #repeats} times; the augmentation is a function of (seed, step), so a resumed run continues exactly.
     */
    public BatchSource source(ImageSet set, int batchSize, long seed) {
        if (repeats == 1 && augment.equals(Augment.none())) return BatchSource.shuffled(set, batchSize, seed);
        ShuffledBatches order = new ShuffledBatches(set, batchSize, seed);
        return (m, step) -> {
            int[] idx = order.indices(step);
            int[] all = new int[idx.length * repeats];
            for (int r = 0; r < repeats; r++) System.arraycopy(idx, 0, all, r * idx.length, idx.length);
            Random rng = Seeds.episodeAugmentation(seed, step);
            NDList copies = new NDList();
            for (int r = 0; r < repeats; r++) copies.add(augment.tensor(m, set, idx, rng));
            NDArray images = repeats == 1 ? copies.head() : NDArrays.concat(copies);
            return Batch.of(images, set.labelsTensor(m, all));
        };
    }
}
