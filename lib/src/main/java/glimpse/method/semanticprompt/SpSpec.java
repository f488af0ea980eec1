package glimpse.method.semanticprompt;

import glimpse.fewshot.EpisodeShape;
import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.FewShotTask;
import glimpse.train.TrainConfig;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * One Semantic Prompt experiment (arXiv 2303.14123 §3–4): the task, the model variant and its
 * class texts, the two training stages and the test protocol. Stage 1 ({@link #stage1()}) depends
 * only on task, backbone and pre-training config, so every variant with the same seed shares it.
 *
 * @param backbone   the Visformer (its image size is adapted to the task's images, see {@link SemanticPromptExperiment#backboneFor})
 * @param pretraining stage 1: classification over the base classes (AdamW)
 * @param episodes   stage-2 training episodes
 * @param metaTuning stage 2: AdamW, the text projections at the base lr, everything else at {@code backboneLrMultiplier}× it
 */
@RecordBuilder
public record SpSpec(FewShotTask task, SpMethod method, SpText text, Visformer.Config backbone, TrainConfig pretraining,
                     EpisodeShape episodes, TrainConfig metaTuning, FewShotEval eval, SpScoring.Protocol protocol)
        implements SpSpecBuilder.With {

    /** The paper's stage-2 learning rates: 5e-4 for the text projections (h_s, W_c), 1e-6 for the rest, the SE-MLP included. */
    public static final float PROJECTION_LR = 5e-4f, BACKBONE_LR = 1e-6f, WEIGHT_DECAY = 5e-2f;

    /**
     * The CPU recipe: {@link Visformer#cpu32Lite()}, stage 1 {@code pretrainSteps} AdamW steps (lr 5e-4, wd 5e-2,
     * constant, batch 64); stage 2 {@code metaSteps} 5-way {@code trainShots}-shot 15-query episodes
     * with the paper's two groups; 10-view glyph-safe test views; MiniLM texts; seed 1.
     */
    public static SpSpec cpu(FewShotTask task, SpMethod method, int pretrainSteps, int metaSteps, int trainShots, FewShotEval eval) {
        TrainConfig pre = TrainConfig.builder().steps(pretrainSteps).batchSize(64).adamW(5e-4f).weightDecay(WEIGHT_DECAY).constantLr()
                .seed(1).logEvery(Math.max(1, pretrainSteps / 4)).build();
        return new SpSpec(task, method, SpText.of(SpText.Encoder.MINILM), Visformer.cpu32Lite(), pre, new EpisodeShape(5, trainShots, 15),
                metaTuning(metaSteps, 1), eval, SpScoring.Protocol.glyphSafe());
    }

    /**
     * Stage 2's optimiser: AdamW at the projections' lr, the backbone and the SE-MLP in groups at
     * 1e-6 / 5e-4 of it, weight decay 5e-2 everywhere, no schedule (official {@code train_vit_sp.py}).
     */
    public static TrainConfig metaTuning(int steps, long seed) {
        float rest = BACKBONE_LR / PROJECTION_LR;
        return TrainConfig.builder().steps(steps).adamW(PROJECTION_LR).weightDecay(WEIGHT_DECAY).constantLr()
                .group("backbone", rest).group("se1", rest).group("se2", rest).seed(seed).logEvery(Math.max(1, steps / 4)).build();
    }

    /** Stage 1 at learning rate {@code lr} instead of the paper's 5e-4 (a CPU budget of about one epoch learns little at 5e-4). */
    public SpSpec withPretrainLr(float lr) { return withPretraining(pretraining.with(b -> b.adamW(lr))); }
    /**
     * Stage 2 with the text projections at {@code lr} instead of the paper's 5e-4, the backbone and the SE-MLP kept at the
     * paper's absolute 1e-6 (a CPU budget of ~150 AdamW steps moves each projection weight by at most steps × lr).
     */
    public SpSpec withProjectionLr(float lr) {
        float rest = BACKBONE_LR / lr;
        return withMetaTuning(metaTuning.with(b -> b.adamW(lr).group("backbone", rest).group("se1", rest).group("se2", rest)));
    }
    /** Stage-2 training episodes with {@code queries} queries per class (the paper: 15; fewer make a CPU step cheaper). */
    public SpSpec withTrainQueries(int queries) {
        return withEpisodes(new EpisodeShape(episodes.ways(), episodes.shots(), queries));
    }

    /** Training seed {@code seed} for both stages (the test episodes and views keep the eval's seed). */
    public SpSpec withSeed(long seed) {
        return with(b -> b.pretraining(pretraining.with(t -> t.seed(seed))).metaTuning(metaTuning.with(t -> t.seed(seed))));
    }

    public long seed() { return metaTuning.seed(); }

    /** A one-line summary for people: task, model, both stages, seed (keys come from SpecJson, never from this). */
    @Override public String toString() {
        return "SpSpec[" + task.name() + " · " + label() + " on " + backbone.name() + " · stage 1 " + pretraining.steps() + " steps, stage 2 "
                + metaTuning.steps() + " episodes · seed " + seed() + "]";
    }

    /** The stage-1 experiment this spec warm-starts from. */
    public SpPretraining.Spec stage1() { return new SpPretraining.Spec(task, backbone, pretraining); }

    /** The row name: the model, and the texts where they are not MiniLM's true class names. */
    public String label() {
        boolean defaultText = text.encoder() == SpText.Encoder.MINILM && !text.shuffled();
        return method.label() + (method.prompt() && !defaultText ? " [" + text.label() + "]" : "");
    }
}
