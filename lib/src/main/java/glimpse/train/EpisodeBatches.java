package glimpse.train;

import ai.djl.ndarray.NDManager;
import glimpse.data.Augment;
import glimpse.data.ClassVectors;
import glimpse.data.EpisodeTensors;
import glimpse.data.ImageInput;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.EpisodeSampler;
import glimpse.data.sampling.EpisodeSource;
import glimpse.data.sampling.Seeds;
import glimpse.data.sampling.SimClrEpisodes;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.Random;

/**
 * Episodic training batches: step s is episode s of the sampler's (seed) stream, so a run is a
 * pure function of the step index (repeatable, resumable). With probability
 * {@code simclr.probability()} the episode is replaced by a SimCLR episode (CrossTransformers §3.2):
 * each support its own class, queries augmented copies of the supports.
 *
 * <p>A batch holds {@code data = (support images, support labels, query images)} — the input of
 * {@code glimpse.fewshot.EpisodicModel} — and {@code labels = (query labels)}; use with
 * {@link #loss()}. {@code withInput(ImageInput)} makes the images into another input (e.g. 224 px RGB
 * from an 84 px set, SimCLR views included).
 */
@RecordBuilder
public record EpisodeBatches(EpisodeSource sampler, long seed, SimClr simclr, ClassVectors classVectors, ImageInput input)
        implements BatchSource, EpisodeBatchesBuilder.With {

    /** SimCLR episodes at {@code probability}, {@code queriesPerClass} queries each (0: as many as the episode had), and the two views. */
    public record SimClr(double probability, int queriesPerClass, Augment support, Augment query) {
        public static final SimClr NONE = new SimClr(0, 0, Augment.none(), Augment.none());
    }

    /** Plain episodes only. */
    public static EpisodeBatches of(ImageSet set, int ways, int shots, int queries, long seed) {
        return of(new EpisodeSampler(set, ways, shots, queries), seed);
    }

    /** Plain episodes of any source (e.g. Meta-Dataset's variable-way, variable-shot {@code VariableEpisodeSampler}). */
    public static EpisodeBatches of(EpisodeSource episodes, long seed) {
        return new EpisodeBatches(episodes, seed, SimClr.NONE, null, ImageInput.NATIVE);
    }

    /** With SimCLR episodes at probability p and SimCLR's augmentations (Chen et al., arXiv 2002.05709, Appendix A). */
    public EpisodeBatches withSimClr(double p, int queriesPerClass) {
        return withSimclr(new SimClr(p, queriesPerClass, Augment.simclrSupport(), Augment.simclrQuery()));
    }

    /** The SimCLR episodes' views. */
    public EpisodeBatches withAugment(Augment support, Augment query) {
        return withSimclr(new SimClr(simclr.probability(), simclr.queriesPerClass(), support, query));
    }

    /** Every episode also carries its classes' vectors (e.g. class-text features), the last input. */
    @Override
    public EpisodeBatches withClassVectors(ClassVectors vectors) {
        return with(b -> b.classVectors(vectors.requireFor(sampler.set())));
    }

    @Override
    public Batch batch(NDManager stepManager, int step) {
        Episode e = sampler.episode(seed, step);
        // augmentation and the SimCLR coin: a stream separate from the episode's own
        Random rng = Seeds.episodeAugmentation(seed, step);
        EpisodeTensors t;
        if (simclr.probability() > 0 && rng.nextDouble() < simclr.probability()) {
            int q = simclr.queriesPerClass() > 0 ? simclr.queriesPerClass() : e.queriesPerClass();
            t = EpisodeTensors.augmented(stepManager, sampler.set(), SimClrEpisodes.from(e, q), simclr.support(), simclr.query(), rng, input);
        } else {
            t = EpisodeTensors.of(stepManager, sampler.set(), e, input);
        }
        int images = Math.toIntExact(t.support().getShape().get(0) + t.query().getShape().get(0));
        return new Batch(classVectors == null ? t.inputs() : t.inputs(classVectors), new ai.djl.ndarray.NDList(t.queryLabels()), images);
    }

    /** Cross-entropy of the episodic model's logits against the query labels. */
    public static StepLoss loss() {
        return step -> StepLoss.crossEntropy(step.forward(step.model(), step.batch().data()).head(), step.batch().y());
    }
}
