package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.SimClrEpisodes;

import java.util.Random;

/**
 * An episode's images as tensors: supports (n_s, C, H, W), their episode labels, queries
 * (n_q, C, H, W) and theirs, and the set's class id of each episode label. {@link #inputs()} is what an episodic model's forward takes.
 */
public record EpisodeTensors(NDArray support, NDArray supportLabels, NDArray query, NDArray queryLabels, int ways, NDArray classIds) {

    /** Plain pixels in [0, 1] (evaluation and ordinary training episodes). */
    public static EpisodeTensors of(NDManager manager, ImageSet set, Episode e) { return of(manager, set, e, ImageInput.NATIVE); }

    /** Unaugmented images made into {@code input} (e.g. 224 px RGB from an 84 px set). */
    public static EpisodeTensors of(NDManager manager, ImageSet set, Episode e, ImageInput input) {
        return new EpisodeTensors(input.tensor(manager, set, e.support()), manager.create(toLong(e.supportLabels())),
                input.tensor(manager, set, e.query()), manager.create(toLong(e.queryLabels())), e.ways(), manager.create(toLong(e.classes())));
    }

    /** Each image augmented independently: supports by {@code supportAug}, queries by {@code queryAug}. */
    public static EpisodeTensors augmented(NDManager manager, ImageSet set, Episode e, Augment supportAug, Augment queryAug, Random rng) {
        return augmented(manager, set, e, supportAug, queryAug, rng, ImageInput.NATIVE);
    }

    /** As {@link #augmented(NDManager, ImageSet, Episode, Augment, Augment, Random)}, the views made at {@code input}'s size. */
    public static EpisodeTensors augmented(NDManager manager, ImageSet set, Episode e, Augment supportAug, Augment queryAug, Random rng,
                                           ImageInput input) {
        return new EpisodeTensors(input.augmented(manager, set, e.support(), supportAug, rng), manager.create(toLong(e.supportLabels())),
                input.augmented(manager, set, e.query(), queryAug, rng), manager.create(toLong(e.queryLabels())), e.ways(), manager.create(toLong(e.classes())));
    }

    /** A SimCLR episode built from {@code original}, with SimCLR's support and query views. */
    public static EpisodeTensors simclr(NDManager manager, ImageSet set, Episode original, Augment supportAug, Augment queryAug, Random rng) {
        return augmented(manager, set, SimClrEpisodes.from(original), supportAug, queryAug, rng);
    }

    /**
     * (support images, support labels, query images, the episode's class ids in the set): the input
     * of {@code glimpse.fewshot.EpisodicModel} (see {@code glimpse.fewshot.EpisodeInputs}).
     */
    public NDList inputs() { return new NDList(support, supportLabels, query, classIds); }

    /** The same inputs followed by each episode class's vector (ways, d), e.g. its class-text features. */
    public NDList inputs(ClassVectors classVectors) {
        NDList in = inputs();
        in.add(classVectors.rows(support.getManager(), classIds.toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray()));
        return in;
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
