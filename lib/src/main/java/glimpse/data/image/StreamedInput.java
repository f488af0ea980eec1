package glimpse.data.image;

/**
 * How a pipeline reads images it does not hold decoded: each split's files through {@link ImageLoader}
 * with these transforms (torchvision semantics), in parallel worker threads. The number of workers is
 * the machine's ({@link #workers()}), not part of the recipe: it changes speed, never pixels.
 *
 * @param train the training view (random crop, flip, …), seeded per (seed, epoch, image)
 * @param test  the test view (deterministic: resize + centre crop)
 */
public record StreamedInput(RgbTransforms train, RgbTransforms test) {
    public StreamedInput {
        if (train.size() != test.size())
            throw new IllegalArgumentException("training and test views must have one size, not " + train.size() + " and " + test.size());
    }

    /** The side of the images the model receives. */
    public int size() { return train.size(); }

    /** Decoding threads: GLIMPSE_LOADER_WORKERS (or -Dglimpse.loader.workers), else the cores less one for the model, at least 1. */
    public static int workers() {
        String set = glimpse.Glimpse.setting("glimpse.loader.workers", "GLIMPSE_LOADER_WORKERS", null);
        if (set != null) {
            try {
                int n = Integer.parseInt(set.strip());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("GLIMPSE_LOADER_WORKERS must be a positive number of threads, not '" + set + "'");
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
