package glimpse.method.crosstransformer;

import glimpse.data.sampling.VariableEpisodes;
import glimpse.experiment.CostEstimate;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.FewShotRecipe;
import glimpse.fewshot.SeedRuns;
import glimpse.nn.FewShotBackbone;
import glimpse.nn.Flops;

import java.util.ArrayList;
import java.util.List;

/** What {@link CtxRecipe#cost} computes: the paper's budgets in images and FLOPs per arm (see there). */
final class CtxCost {
    /** ILSVRC's training classes and their typical image count (Meta-Dataset's split; 732–1300 per class). */
    static final int ILSVRC_TRAIN_CLASSES = 712, ILSVRC_TEST_CLASSES = 130, ILSVRC_IMAGES_PER_CLASS = 1300;

    private CtxCost() {}

    static CostEstimate of(CtxRecipe r, List<SeedRuns> measuredFrom) {
        List<CostEstimate.Stage> stages = new ArrayList<>();
        List<FewShotRecipe> arms = r.paperArms();
        int testImages = 0;
        if (r.variableEpisodes()) testImages = (int) Math.round(meanEpisodeImages(ILSVRC_TEST_CLASSES, 0));
        else for (int k : r.eval().shots()) testImages += r.eval().ways() * (k + CtxRecipe.PAPER_QUERIES);
        for (int i = 0; i < arms.size(); i++) {
            FewShotRecipe arm = arms.get(i);
            int paperImages = r.variableEpisodes() ? (int) Math.round(meanTrainingImages(arm.simclr().probability(), 1)) : imagesPerStep(arm, CtxRecipe.PAPER_QUERIES, CtxRecipe.PAPER_QUERIES);
            long steps = (long) CtxRecipe.PAPER_SEEDS * (arm.simclr().used() ? CtxRecipe.PAPER_SIMCLR_STEPS : CtxRecipe.PAPER_STEPS);
            CostEstimate.Stage s = CostEstimate.Stage.training(arm.label() + " training (" + CtxRecipe.PAPER_SEEDS + " seeds)", steps, paperImages, forwardFlops(arm));
            if (measuredFrom != null) {
                FewShotOutcome o = measuredFrom.get(i).first();
                // variable episodes differ in size step by step: the run's own mean (its images per second × seconds per step)
                int ranImages = r.variableEpisodes() ? (int) Math.max(1, Math.round(o.imagesPerSecond() * o.trainSeconds() / Math.max(1, o.trainSteps())))
                        : imagesPerStep(arm, arm.episodes().queries(), arm.simclr().queriesPerClass() > 0 ? arm.simclr().queriesPerClass() : arm.episodes().queries());
                if (o.trainSteps() > 0 && o.trainSeconds() > 0) s = s.measured(o.trainSeconds() / o.trainSteps() * paperImages / ranImages);
            }
            stages.add(s);
            stages.add(CostEstimate.Stage.evaluation(arm.label() + (r.variableEpisodes() ? " test, Meta-Dataset episodes (at most)" : " test, 1 and 5 shots (at most)"),
                    (long) CtxRecipe.PAPER_SEEDS * CtxRecipe.PAPER_TEST_EPISODES, testImages, forwardFlops(arm)));
        }
        return new CostEstimate("01 · CrossTransformers on " + r.task().name() + " at the paper's budgets"
                + (r.variableEpisodes() ? " (Meta-Dataset episodes: mean images of 1,000 drawn over " + ILSVRC_TRAIN_CLASSES + " training / "
                + ILSVRC_TEST_CLASSES + " test classes of " + ILSVRC_IMAGES_PER_CLASS + " images)" : ""), stages);
    }

    /** Mean images of a Meta-Dataset episode (paper's rules) over {@code classes} classes of ILSVRC's size, with {@code simclrQueries} queries per SimCLR class. */
    static double meanEpisodeImages(int classes, int simclrQueries) {
        VariableEpisodes.MeanShape m = VariableEpisodes.PAPER.meanShape(classes, ILSVRC_IMAGES_PER_CLASS, 1000, 1);
        return simclrQueries == 0 ? m.supports() + m.queries() : m.supports() * (1 + simclrQueries);
    }

    /** Mean images of a training step on ILSVRC's training classes: an episode, or with probability p a SimCLR episode of it. */
    static double meanTrainingImages(double p, int simclrQueries) {
        return (1 - p) * meanEpisodeImages(ILSVRC_TRAIN_CLASSES, 0) + p * meanEpisodeImages(ILSVRC_TRAIN_CLASSES, simclrQueries);
    }

    /**
     * Images of an average training episode of {@code arm}'s ways and shots with {@code queries} queries per
     * class: N(K+Q), or with the arm's SimCLR probability p an episode of NK supports and NK·{@code simclrQueries} queries.
     */
    static int imagesPerStep(FewShotRecipe arm, int queries, int simclrQueries) {
        var shape = arm.episodes();
        int normal = shape.ways() * (shape.shots() + queries);
        if (!arm.simclr().used()) return normal;
        int supports = shape.ways() * shape.shots();
        double p = arm.simclr().probability();
        return (int) Math.round((1 - p) * normal + p * (supports + supports * simclrQueries));
    }

    /** Forward FLOPs of one image through the arm's backbone at its input size. */
    static double forwardFlops(FewShotRecipe arm) {
        if (arm.backbone() != FewShotBackbone.RESNET34) throw new IllegalArgumentException("cost of " + arm.backbone() + ": only the paper's ResNet-34 is costed here");
        return Flops.resnet34(arm.input().resized() ? arm.input().size() : 84, true);
    }
}
