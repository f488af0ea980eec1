package glimpse.fewshot;

import glimpse.data.ImageInput;
import glimpse.data.SimClrViews;
import glimpse.nn.FewShotBackbone;
import glimpse.train.TrainConfig;

import java.util.function.UnaryOperator;

/**
 * A few-shot model and how it is trained: the method plug-in, the backbone, the training episodes,
 * the episodic training config (embedded, not copied), SimCLR episodes, the optional classification
 * pre-training of the backbone and how the images reach the model ({@link ImageInput}: the stored size,
 * or e.g. 224 px RGB). Changed with {@link #with}: {@code ctx.with(b -> b.episodes(5, 1, 10).simclr(0.5, 2))}.
 *
 * @param pretraining the config of the backbone's classification pre-training on the task's training classes (null: none),
 *                    a shared cached experiment ({@link FewShotExperiment#pretraining}) with a seed of its own: the
 *                    recipe's seeds vary the episodic stage only
 */
public record FewShotRecipe(FewShotMethod method, FewShotBackbone backbone, EpisodeShape episodes, TrainConfig training,
                            SimClrMix simclr, TrainConfig pretraining, ImageInput input) {

    /** 5-way 5-shot 10-query episodes, Adam 1e-3 with cosine decay over {@code steps}, seed 0, no SimCLR, no pre-training, images at their stored size. */
    public static FewShotRecipe of(FewShotMethod method, FewShotBackbone backbone, int steps) {
        TrainConfig training = TrainConfig.builder().steps(steps).adam(1e-3f).cosine().seed(0).logEvery(Math.max(1, steps / 5)).build();
        return new FewShotRecipe(method, backbone, EpisodeShape.fiveWayFiveShot(), training, SimClrMix.NONE, null, ImageInput.NATIVE);
    }

    public FewShotRecipe with(UnaryOperator<Builder> change) { return change.apply(new Builder(this)).build(); }

    /** The same recipe with training seed {@code seed} (initialisation, episode order, augmentation; not the shared pre-training). */
    public FewShotRecipe withSeed(long seed) {
        return with(b -> b.seed(seed));
    }

    public long seed() { return training.seed(); }

    /** Whether the backbone starts from a classification pre-training. */
    public boolean pretrained() { return pretraining != null; }

    /** The row name in tables, e.g. "CTX (d_k=16) + SimCLR eps [trained 1-shot]". */
    public String label() {
        return method.label() + simclr.labelSuffix() + (episodes.shots() != 5 ? " [trained " + episodes.shots() + "-shot]" : "")
                + (pretrained() ? " (pre-trained)" : "");
    }

    public static final class Builder {
        private FewShotMethod method;
        private FewShotBackbone backbone;
        private EpisodeShape episodes;
        private TrainConfig training;
        private SimClrMix simclr;
        private TrainConfig pretraining;
        private ImageInput input;

        private Builder(FewShotRecipe r) {
            method = r.method; backbone = r.backbone; episodes = r.episodes; training = r.training; simclr = r.simclr; pretraining = r.pretraining;
            input = r.input;
        }

        public Builder method(FewShotMethod m) { method = m; return this; }
        public Builder backbone(FewShotBackbone b) { backbone = b; return this; }
        public Builder episodes(int ways, int shots, int queries) { episodes = new EpisodeShape(ways, shots, queries); return this; }
        /** A change of the episodic training config, e.g. {@code t -> t.adam(6e-4f).stepDecay(2000, 0.9152f)}. */
        public Builder training(UnaryOperator<TrainConfig.Builder> change) { training = training.with(change); return this; }
        /** The episodic training seed (the shared pre-training keeps its own: it is run once for all seeds). */
        public Builder seed(long seed) { training = training.with(t -> t.seed(seed)); return this; }
        /** Steps, and progress printed five times over the run. */
        public Builder steps(int steps) { return training(t -> t.steps(steps).logEvery(Math.max(1, steps / 5))); }
        /** SimCLR episodes with probability p, {@code queriesPerClass} queries each (0: the paper's rule), the current views. */
        public Builder simclr(double p, int queriesPerClass) { simclr = new SimClrMix(p, queriesPerClass, simclr.views()); return this; }
        public Builder simclrViews(SimClrViews views) { simclr = new SimClrMix(simclr.probability(), simclr.queriesPerClass(), views); return this; }
        /**
         * Classification pre-training of the backbone: {@code steps} of batch {@code batch}, Adam at the episodic learning rate,
         * cosine decay, seed 0; 0 steps = none.
         */
        public Builder pretraining(int steps, int batch) {
            pretraining = steps == 0 ? null : TrainConfig.builder().steps(steps).batchSize(batch).adam(training.learningRate()).cosine()
                    .seed(0).logEvery(Math.max(1, steps / 4)).build();
            return this;
        }

        /** How episode images reach the model, in training and at test (e.g. {@code ImageInput.rgb(224)}). */
        public Builder input(ImageInput v) { input = v; return this; }

        public FewShotRecipe build() { return new FewShotRecipe(method, backbone, episodes, training, simclr, pretraining, input); }
    }
}
