package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.SimClrEpisodes;

import java.util.Random;

/**
 * An episode's images as tensors: supports (n_s, C, H, W), their episode labels, queries
 * (n_q, C, H, W) and theirs. {@link #inputs()} is what an episodic model's forward takes.
 */
public record EpisodeTensors(NDArray support, NDArray supportLabels, NDArray query, NDArray queryLabels, int ways) {

    /** Plain pixels in [0, 1] (evaluation and ordinary training episodes). */
    public static EpisodeTensors of(NDManager manager, ImageSet set, Episode e) {
        return new EpisodeTensors(set.toTensor(manager, e.support()), manager.create(toLong(e.supportLabels())),
                set.toTensor(manager, e.query()), manager.create(toLong(e.queryLabels())), e.ways());
    }

    /** Each image augmented independently: supports by {@code supportAug}, queries by {@code queryAug}. */
    public static EpisodeTensors augmented(NDManager manager, ImageSet set, Episode e, Augment supportAug, Augment queryAug, Random rng) {
        return new EpisodeTensors(supportAug.tensor(manager, set, e.support(), rng), manager.create(toLong(e.supportLabels())),
                queryAug.tensor(manager, set, e.query(), rng), manager.create(toLong(e.queryLabels())), e.ways());
    }

    /** A SimCLR episode built from {@code original}, with SimCLR's support and query views. */
    public static EpisodeTensors simclr(NDManager manager, ImageSet set, Episode original, Augment supportAug, Augment queryAug, Random rng) {
        return augmented(manager, set, SimClrEpisodes.from(original), supportAug, queryAug, rng);
    }

    /** (support images, support labels, query images): the input of {@code EpisodicModel}. */
    public NDList inputs() { return new NDList(support, supportLabels, query); }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
