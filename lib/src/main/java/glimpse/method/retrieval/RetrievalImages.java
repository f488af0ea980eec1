package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.data.ImageFileList;
import glimpse.data.ImageSet;
import glimpse.data.Manifests;
import glimpse.data.RetrievalSplit;
import glimpse.data.image.ImageLoader;
import glimpse.data.image.RgbTransforms;
import glimpse.data.sampling.BatchOrder;
import glimpse.train.BatchSource;
import glimpse.train.Predict;
import glimpse.train.StreamedBatches;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The images one retrieval experiment trains on and is scored on, wherever they live: an in-memory
 * {@link RetrievalSplit} (the workbook's CPU sets) or a paper benchmark's files streamed through
 * {@link ImageLoader} at paper resolution. {@link RetrievalExperiment} sees only this.
 */
public interface RetrievalImages {
    String name();

    /** The input of one image, (1, C, H, W). */
    Shape inputShape();

    /** The training images' labels (what {@link glimpse.data.sampling.MPerClassBatches} draws from). */
    int[] trainLabels();

    /** Step t's training images are those {@code order} picks, augmented; close it after training if it is {@link AutoCloseable}. */
    BatchSource trainBatches(BatchOrder order, int batchSize, long seed);

    /** False for In-Shop: queries are scored against a separate gallery. */
    boolean selfGallery();

    int[] queryLabels();

    /** Null when the query set is its own gallery. */
    int[] galleryLabels();

    /** The model's output for every query (test view). */
    float[][] embedQueries(NDManager manager, Block model);

    /** The model's output for every gallery image; the queries' when the set is its own gallery. */
    float[][] embedGallery(NDManager manager, Block model);

    /** The model's output for the training images at {@code indices} (the PCA fit). */
    float[][] embedTrain(NDManager manager, Block model, int[] indices);

    int trainSize();

    /** Images per forward pass when embedding. */
    int EMBED_BATCH = 64;

    static RetrievalImages of(RetrievalSplit split) { return new InMemory(split); }

    /**
     * Benchmark {@code manifest} from its files: training views {@code Resize(256/224·size)} +
     * {@code RandomCrop(size)} + flip (arXiv 2102.05644 §4: resize 256, random 224 crop, flip), test views
     * {@code Resize} + {@code CenterCrop(size)}, ImageNet normalisation; at most {@code queries} queries,
     * evenly spaced. Training classes with a single image are left out (no positive pair to draw).
     */
    static RetrievalImages streamed(String manifest, int size, int queries) {
        var m = Manifests.of(manifest);
        boolean separate = m.splits().containsKey("gallery");
        ImageFileList train = ImageFileList.of(m, "train");
        ImageFileList query = ImageFileList.of(m, separate ? "query" : "test");
        ImageFileList gallery = separate ? ImageFileList.of(m, "gallery") : null;
        return new FromFiles(manifest + ", " + size + " px", withPairs(train), query, gallery, evenlySpaced(query.size(), queries), size);
    }

    /** {@code k} positions evenly spaced over 0..n−1 (all of them when k ≥ n). */
    static int[] evenlySpaced(int n, int k) {
        int m = Math.min(n, k);
        return IntStream.range(0, m).map(i -> (int) ((long) i * n / m)).toArray();
    }

    /** The files of classes with at least two images. */
    private static ImageFileList withPairs(ImageFileList list) {
        int[] count = new int[list.classNames().size()];
        for (int y : list.labels()) count[y]++;
        List<Integer> keep = IntStream.range(0, list.size()).filter(i -> count[list.labels()[i]] >= 2).boxed().toList();
        if (keep.size() == list.size()) return list;
        System.out.println(list.name() + ": " + (list.size() - keep.size()) + " images of single-image classes left out of training (no positive pair)");
        return new ImageFileList(list.name(), keep.stream().map(list.files()::get).toList(), keep.stream().mapToInt(i -> list.labels()[i]).toArray(), list.classNames());
    }

    record InMemory(RetrievalSplit split) implements RetrievalImages {
        @Override public String name() { return split.name(); }
        @Override public Shape inputShape() { ImageSet t = split.train(); return new Shape(1, t.channels(), t.height(), t.width()); }
        @Override public int[] trainLabels() { return split.train().labels(); }
        @Override public int trainSize() { return split.train().size(); }
        @Override public BatchSource trainBatches(BatchOrder order, int batchSize, long seed) { return BatchSource.of(split.train(), order); }
        @Override public boolean selfGallery() { return split.selfGallery(); }
        @Override public int[] queryLabels() { return split.query().labels(); }
        @Override public int[] galleryLabels() { return split.selfGallery() ? null : split.gallery().labels(); }
        @Override public float[][] embedQueries(NDManager manager, Block model) { return Predict.outputs(manager, model, split.query(), 256); }
        @Override public float[][] embedGallery(NDManager manager, Block model) {
            return split.selfGallery() ? embedQueries(manager, model) : Predict.outputs(manager, model, split.gallery(), 256);
        }
        @Override public float[][] embedTrain(NDManager manager, Block model, int[] indices) { return Predict.outputs(manager, model, split.train(), indices, 256); }
    }

    /** @param queries positions in {@code query} scored as queries (and, for a self-gallery set, as the gallery) */
    record FromFiles(String name, ImageFileList train, ImageFileList query, ImageFileList gallery, int[] queries, int size) implements RetrievalImages {
        /** Steps per {@link StreamedBatches} chunk: long enough to keep the workers ahead, short enough that repeats within one are rare. */
        static final int CHUNK_STEPS = 16;

        static int workers() { return Math.max(1, Runtime.getRuntime().availableProcessors() - 1); }

        @Override public Shape inputShape() { return new Shape(1, 3, size, size); }
        @Override public int[] trainLabels() { return train.labels(); }
        @Override public int trainSize() { return train.size(); }
        @Override public BatchSource trainBatches(BatchOrder order, int batchSize, long seed) {
            return new StreamedBatches(train, RgbTransforms.resizeRandomCrop((int) Math.round(size * 256.0 / 224), size), order, batchSize, seed, workers(), CHUNK_STEPS);
        }
        @Override public boolean selfGallery() { return gallery == null; }
        @Override public int[] queryLabels() { return java.util.Arrays.stream(queries).map(i -> query.labels()[i]).toArray(); }
        @Override public int[] galleryLabels() { return gallery == null ? null : gallery.labels(); }
        @Override public float[][] embedQueries(NDManager manager, Block model) { return embed(manager, model, query, queries); }
        @Override public float[][] embedGallery(NDManager manager, Block model) {
            return gallery == null ? embedQueries(manager, model) : embed(manager, model, gallery, IntStream.range(0, gallery.size()).toArray());
        }
        @Override public float[][] embedTrain(NDManager manager, Block model, int[] indices) { return embed(manager, model, train, indices); }

        /** The model's output (eval mode) for {@code files[indices]}, centre views decoded in parallel, in order; a progress line every tenth. */
        private float[][] embed(NDManager manager, Block model, ImageFileList files, int[] indices) {
            ParameterStore parameters = new ParameterStore(manager, false);
            List<float[]> rows = new ArrayList<>(indices.length);
            int[] said = {0};
            try (ImageLoader loader = new ImageLoader(files.files(), files.labels(), RgbTransforms.centreCrop(size),
                    ImageLoader.Config.of(EMBED_BATCH, workers(), 0), 0, indices, p -> {
                        if (p.imagesTotal() >= 2000 && p.imagesDone() * 10L / p.imagesTotal() > said[0]) {
                            said[0] = (int) (p.imagesDone() * 10L / p.imagesTotal());
                            System.out.printf(java.util.Locale.ROOT, "  embedding %s: %d / %d images (%.0f img/s)%n", files.name(), p.imagesDone(), p.imagesTotal(), p.imagesPerSecond());
                        }
                    })) {
                while (loader.hasNext()) {
                    ImageLoader.Batch b = loader.next();
                    try (NDManager m = manager.newSubManager()) {
                        NDArray out = model.forward(parameters, new NDList(b.tensor(m)), false).head();
                        int d = Math.toIntExact(out.size() / b.count());
                        float[] flat = out.toFloatArray();
                        for (int k = 0; k < b.count(); k++) rows.add(java.util.Arrays.copyOfRange(flat, k * d, (k + 1) * d));
                    }
                }
            }
            return rows.toArray(float[][]::new);
        }
    }
}
