package glimpse.fewshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * What an {@link EpisodicModel} sees of one episode, read from its forward's input list
 * {@code (support images, support labels, query images, class ids[, class vectors])}
 * ({@link glimpse.data.EpisodeTensors#inputs}).
 *
 * @param support       support images (n_s, C, H, W)
 * @param supportLabels episode labels 0..ways−1 of the supports
 * @param ways          N
 * @param query         query images (n_q, C, H, W)
 * @param classIds      the image set's class id of each episode label (global ids: the same class has the same id in every episode)
 * @param classVectors  (ways, d) frozen per-class vectors such as class-text features, or null when the episode has none
 */
public record EpisodeInputs(NDArray support, int[] supportLabels, int ways, NDArray query, int[] classIds, NDArray classVectors) {

    public static EpisodeInputs from(NDList inputs) {
        if (inputs.size() < 3 || inputs.size() > 5)
            throw new IllegalArgumentException("an episode input is (support, support labels, query[, class ids[, class vectors]]), got "
                    + inputs.size() + " arrays");
        int[] labels = inputs.get(1).toType(DataType.INT32, false).toIntArray();
        int ways = 0;
        for (int y : labels) ways = Math.max(ways, y + 1);
        int[] ids = inputs.size() > 3 ? inputs.get(3).toType(DataType.INT32, false).toIntArray() : null;
        if (ids != null && ids.length != ways)
            throw new IllegalArgumentException(ids.length + " class ids for a " + ways + "-way episode");
        return new EpisodeInputs(inputs.get(0), labels, ways, inputs.get(2), ids, inputs.size() > 4 ? inputs.get(4) : null);
    }

    /** The class vectors, or a clear error for a method that needs them (e.g. class texts for Semantic Prompt). */
    public NDArray requireClassVectors(String method) {
        if (classVectors == null)
            throw new IllegalStateException(method + " needs class vectors (class-text features) with every episode: build the episodes with "
                    + "EpisodeBatches.withClassVectors(...) and evaluate with the same vectors");
        return classVectors;
    }
}
