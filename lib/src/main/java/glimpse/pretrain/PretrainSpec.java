package glimpse.pretrain;

import glimpse.nn.Architecture;
import glimpse.train.TrainConfig;

/**
 * One classification pre-training: {@code architecture} with a linear head, trained by cross-entropy on
 * the pre-training images of {@code data} (its held-out images excluded, {@link BaseData#heldOut}) at
 * the data's image size, with {@code training} (steps, batch, optimiser, schedule, seed) over
 * {@code batches}. Its key is this value (architecture, data and size, budget, seed) and nothing else:
 * every notebook and every arm that asks for the same backbone on the same images at the same budget
 * gets the same weights file.
 *
 * <p><b>Not per seed.</b> Pipelines keep the pre-training's seed fixed while their own seeds vary the
 * later stage (meta-tuning, episodic training, fine-tuning), as the papers start every run from the same
 * ImageNet (or base-class) weights: a seed interval built on it no longer includes pre-training variance.
 */
public record PretrainSpec(Architecture architecture, BaseData data, TrainConfig training, RepeatedAugmentation batches) {
    public PretrainSpec {
        if (architecture == null || data == null || training == null || batches == null)
            throw new IllegalArgumentException("a pre-training needs an architecture, data, a training config and batches");
        if (training.steps() < 1) throw new IllegalArgumentException("a pre-training of " + training.steps() + " steps trains nothing: give it steps >= 1");
    }

    /** Plain shuffled batches ({@link RepeatedAugmentation#none()}). */
    public static PretrainSpec of(Architecture architecture, BaseData data, TrainConfig training) {
        return new PretrainSpec(architecture, data, training, RepeatedAugmentation.none());
    }

    /**
     * The workbook's pre-training budget, shared by the notebooks: {@code steps} AdamW steps of 64 images, lr 10⁻³ with cosine
     * decay, weight decay 5·10⁻⁴, seed 0 — one config for every architecture, so that two notebooks that name the same
     * architecture, data and steps share one run.
     */
    public static PretrainSpec standard(Architecture architecture, BaseData data, int steps) {
        return of(architecture, data, standardTraining(steps));
    }

    /** The training config of {@link #standard}. */
    public static TrainConfig standardTraining(int steps) {
        return TrainConfig.builder().steps(steps).batchSize(64).adamW(1e-3f).weightDecay(5e-4f).cosine().seed(0)
                .logEvery(Math.max(1, steps / 4)).build();
    }

    /** The same pre-training with {@code steps} steps. */
    public PretrainSpec withSteps(int steps) { return new PretrainSpec(architecture, data, training.with(b -> b.steps(steps).logEvery(Math.max(1, steps / 4))), batches); }

    /** A one-line summary for people (keys come from SpecJson, never from this). */
    @Override public String toString() {
        return "PretrainSpec[" + architecture.label() + " on " + data + " · " + training.steps() + " steps × " + training.batchSize()
                + (batches.repeats() > 1 ? " × " + batches.repeats() + " copies" : "") + " · seed " + training.seed() + "]";
    }
}
