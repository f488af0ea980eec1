package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.data.ImageSet;

import java.util.stream.IntStream;

/**
 * Runs a model in inference mode (BatchNorm uses running statistics, no gradients) over images in
 * batches and returns its outputs as plain arrays, one row per image, for metrics and plots.
 *
 * <pre>{@code
 * float[][] logits = Predict.outputs(manager, net, test, 512);
 * double acc = Predict.accuracy(logits, test);
 * float[][] emb = Predict.outputs(manager, backbone, test, 512);   // embeddings (B, d)
 * }</pre>
 */
public final class Predict {
    private Predict() {}

    /** The model's first output for every image of {@code set}, flattened per image. */
    public static float[][] outputs(NDManager manager, Block model, ImageSet set, int batchSize) {
        return outputs(manager, model, set, IntStream.range(0, set.size()).toArray(), batchSize);
    }

    /** The model's first output for the images at {@code indices}, in that order. */
    public static float[][] outputs(NDManager manager, Block model, ImageSet set, int[] indices, int batchSize) {
        int[] all = indices.clone();
        return outputs(manager, model, all.length, batchSize, (m, idx) -> {
            int[] picked = new int[idx.length];
            for (int k = 0; k < idx.length; k++) picked[k] = all[idx[k]];
            return set.toTensor(m, picked);
        });
    }

    /**
     * The model's first output for {@code count} inputs, made batch by batch by {@code inputs} from
     * positions 0..count−1 (e.g. test images through a normalising view), in that order.
     */
    public static float[][] outputs(NDManager manager, Block model, int count, int batchSize,
                                    java.util.function.BiFunction<NDManager, int[], NDArray> inputs) {
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive");
        if (!model.isInitialized()) throw new IllegalStateException("the model has no parameters yet: train or initialise it first");
        ParameterStore parameters = new ParameterStore(manager, false);
        float[][] rows = new float[count][];
        for (int from = 0; from < count; from += batchSize) {
            int[] idx = IntStream.range(from, Math.min(count, from + batchSize)).toArray();
            try (NDManager m = manager.newSubManager()) {
                NDArray out = model.forward(parameters, new NDList(inputs.apply(m, idx)), false).head();
                int d = Math.toIntExact(out.size() / idx.length);
                float[] flat = out.toFloatArray();
                for (int k = 0; k < idx.length; k++) rows[from + k] = java.util.Arrays.copyOfRange(flat, k * d, (k + 1) * d);
            }
        }
        return rows;
    }

    /**
     * The model's first output for every image of {@code files}, decoded and transformed by
     * {@code transforms} (a test view, e.g. {@link glimpse.data.image.RgbTransforms#centreCrop}) in
     * {@code workers} threads while the model runs on the previous batch: evaluation at paper
     * resolution without holding the set decoded. Rows in the list's order.
     */
    public static float[][] outputs(NDManager manager, Block model, glimpse.data.ImageFileList files,
                                    glimpse.data.image.RgbTransforms transforms, int batchSize, int workers) {
        if (!model.isInitialized()) throw new IllegalStateException("the model has no parameters yet: train or initialise it first");
        ParameterStore parameters = new ParameterStore(manager, false);
        float[][] rows = new float[files.size()][];
        int[] order = IntStream.range(0, files.size()).toArray();
        var config = new glimpse.data.image.ImageLoader.Config(batchSize, workers, Math.max(2, workers), 0);
        try (var loader = new glimpse.data.image.ImageLoader(files.files(), files.labels(), transforms, config, 0, order, null)) {
            int from = 0;
            while (loader.hasNext()) {
                var b = loader.next();
                try (NDManager m = manager.newSubManager()) {
                    NDArray out = model.forward(parameters, new NDList(b.tensor(m)), false).head();
                    int d = Math.toIntExact(out.size() / b.count());
                    float[] flat = out.toFloatArray();
                    for (int k = 0; k < b.count(); k++) rows[from + k] = java.util.Arrays.copyOfRange(flat, k * d, (k + 1) * d);
                }
                from += b.count();
            }
        }
        return rows;
    }

    /** Index of the largest value of each row. */
    public static int[] argmax(float[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int best = 0;
            for (int j = 1; j < rows[i].length; j++) if (rows[i][j] > rows[i][best]) best = j;
            out[i] = best;
        }
        return out;
    }

    /** Fraction of rows whose argmax equals the image's label (rows in the set's order). */
    public static double accuracy(float[][] logits, ImageSet set) {
        return accuracy(logits, set.labels());
    }

    public static double accuracy(float[][] logits, int[] labels) {
        if (logits.length != labels.length) throw new IllegalArgumentException(logits.length + " rows for " + labels.length + " labels");
        if (labels.length == 0) return Double.NaN;
        int[] pred = argmax(logits);
        int hits = 0;
        for (int i = 0; i < labels.length; i++) if (pred[i] == labels[i]) hits++;
        return hits / (double) labels.length;
    }
}
