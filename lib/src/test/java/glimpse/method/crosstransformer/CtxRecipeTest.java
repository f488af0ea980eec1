package glimpse.method.crosstransformer;

import glimpse.data.ImageInput;
import glimpse.fewshot.FewShotRecipe;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.nn.FewShotBackbone;
import glimpse.train.LrSchedule;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The paper recipe's hyperparameters pinned to CrossTransformers' (Doersch, Gupta &amp; Zisserman,
 * arXiv 2007.11498, §4 "Implementation details" and its released Meta-Dataset configs
 * {@code crosstransformer_imagenet.gin} / {@code crosstransformer_simclreps_imagenet.gin}), one row per
 * value with where it comes from. Run outside smoke mode: these are the paper-mode values.
 */
class CtxRecipeTest {
    record Pin(String what, double ours, double paper, String source) {}

    @Test
    void thePaperRecipeIsThePapers() {
        CtxRecipe r = CtxRecipe.paper("miniimagenet");
        FewShotRecipe ctx = r.ctx(), sim = r.ctxSimclr(), pn = r.protonet();
        TrainConfig t = ctx.training(), ts = sim.training();
        CtxMethod m = (CtxMethod) ctx.method();
        List<Pin> pins = List.of(
                new Pin("image side (px)", ctx.input().size(), 224, "arXiv 2007.11498 §4 (224×224 images; gin DataConfig.image_height = 224)"),
                new Pin("d_k", m.keyDim(), 128, "arXiv 2007.11498 §3.1 / §4 (d_k = d_v = 128)"),
                new Pin("d_v", m.valueDim(), 128, "arXiv 2007.11498 §3.1 / §4"),
                new Pin("Adam learning rate", t.learningRate(), 6e-4, "arXiv 2007.11498 §4; gin Trainer.learning_rate = 0.0006"),
                new Pin("lr decay factor", t.decayFactor(), 0.915193802145601, "gin Trainer.decay_rate"),
                new Pin("lr decay every (CTX)", t.decayEvery(), 2000, "gin crosstransformer_imagenet: Trainer.decay_every = 2000"),
                new Pin("lr decay every (CTX + SimCLR eps)", ts.decayEvery(), 4000, "gin crosstransformer_simclreps_imagenet: decay_every = 4000"),
                new Pin("weight decay", t.weightDecay(), 8.85787420909229e-5, "gin weight_decay = 0.0000885787420909229 (the paper rounds it to 8.86e-5)"),
                new Pin("updates (CTX)", t.steps(), 100_000, "arXiv 2007.11498 §4; gin Trainer.num_updates = 100000"),
                new Pin("updates (CTX + SimCLR eps)", ts.steps(), 400_000, "arXiv 2007.11498 §4; gin num_updates = 400000"),
                new Pin("SimCLR episode probability", sim.simclr().probability(), 0.5, "arXiv 2007.11498 §3.2; gin simclr_episode_fraction = 0.5"),
                new Pin("SimCLR queries per class (0 = as the episode)", sim.simclr().queriesPerClass(), 0, "arXiv 2007.11498 §3.2"),
                new Pin("test episodes", r.eval().episodes(), 600, "arXiv 2007.11498 §4 (600 test episodes per dataset)"),
                new Pin("test ways", r.eval().ways(), 5, "5-way miniImageNet/tieredImageNet protocol (issue 23)"),
                new Pin("training seeds", r.seeds(), 3, "the project's rule where the paper gives no count (issue 23)"));
        StringBuilder wrong = new StringBuilder();
        for (Pin p : pins)
            if (Math.abs(p.ours() - p.paper()) > 1e-6 * Math.max(1, Math.abs(p.paper())))
                wrong.append(p.what()).append(": ours ").append(p.ours()).append(", paper ").append(p.paper()).append(" (").append(p.source()).append(")\n");
        assertEquals("", wrong.toString());

        // the choices that are not numbers
        assertEquals(FewShotBackbone.RESNET34, ctx.backbone(), "ResNet-34 with a dilated last stage (§4; gin resnet34.max_stride = 16)");
        assertEquals(TrainConfig.Optimizer.ADAM, t.optimizer(), "Adam (§4)");
        assertEquals(LrSchedule.STEP, t.schedule(), "staircase decay (gin Trainer.decay_learning_rate)");
        assertTrue(t.normalizeGradient() && ts.normalizeGradient(), "gin Trainer.normalized_gradient_descent = True");
        assertEquals(0f, t.clipNorm());
        assertFalse(ctx.simclr().used(), "CTX alone: no SimCLR episodes");
        assertArrayEquals(new int[] {1, 5}, r.eval().shots());
        assertEquals(ImageInput.rgb(224), pn.input());
        // ProtoNet-L: ProtoNet on the same backbone, input, episodes and schedule as CTX + SimCLR episodes (the paper's "ProtoNet-L")
        assertEquals(ProtoNetMethod.pooled(), pn.method());
        assertEquals(sim.with(b -> b.method(ProtoNetMethod.pooled())), pn);
        assertEquals(List.of(pn, sim), r.paperArms());
    }

    @Test
    void unknownBenchmarksAreRefusedNamingTheOnesItKnows() {
        var e = assertThrows(IllegalArgumentException.class, () -> CtxRecipe.paper("ilsvrc"));
        assertTrue(e.getMessage().contains("miniimagenet") && e.getMessage().contains(CtxRecipe.ILSVRC), e.getMessage());
        assertEquals("ILSVRC (Meta-Dataset split)", CtxRecipe.paper(CtxRecipe.ILSVRC).task().name());
        assertEquals("tieredImageNet", CtxRecipe.paper("tieredimagenet").task().name());
        assertEquals("miniImageNet", CtxRecipe.paper("miniimagenet-folders").task().name());
    }

    /**
     * The ILSVRC row: the same training as {@link #thePaperRecipeIsThePapers}, on Meta-Dataset's split and
     * episodes (Triantafillou et al., arXiv 1903.03096), tested as the paper's table was.
     */
    @Test
    void theIlsvrcRecipeIsThePapersOnMetaDatasetsEpisodes() {
        CtxRecipe r = CtxRecipe.paper(CtxRecipe.ILSVRC), mini = CtxRecipe.paper("miniimagenet");
        var rules = r.eval().variable();
        List<Pin> pins = List.of(
                new Pin("least ways", rules.minWays(), 5, "arXiv 1903.03096 §3.2 Step 1 (ways uniform in [5, MAX-CLASSES])"),
                new Pin("most ways", rules.maxWays(), 50, "arXiv 1903.03096 §3.2 Step 1 (MAX-CLASSES = min(50, |C_split|))"),
                new Pin("most queries per class", rules.maxQueriesPerClass(), 10, "arXiv 1903.03096 §3.2 Step 2 (q = min{10, ...})"),
                new Pin("most supports", rules.maxSupport(), 500, "arXiv 1903.03096 §3.2 Step 2 (|S| = min{500, ...})"),
                new Pin("per-class cap in the support budget", rules.maxSupportPerClass(), 100, "arXiv 1903.03096 §3.2 Step 2 (min{100, |Im(c)| − q})"),
                new Pin("test episodes", r.eval().episodes(), 600, "arXiv 2007.11498 §4 and 1903.03096 §4 (600 test episodes per dataset)"),
                new Pin("SimCLR episode probability", r.ctxSimclr().simclr().probability(), 0.5, "arXiv 2007.11498 §3.2"),
                new Pin("training seeds", r.seeds(), 3, "the project's rule (issue 23)"));
        StringBuilder wrong = new StringBuilder();
        for (Pin p : pins)
            if (Math.abs(p.ours() - p.paper()) > 1e-6 * Math.max(1, Math.abs(p.paper())))
                wrong.append(p.what()).append(": ours ").append(p.ours()).append(", paper ").append(p.paper()).append(" (").append(p.source()).append(")\n");
        assertEquals("", wrong.toString());
        assertTrue(r.ctx().episodes().isVariable() && r.ctxSimclr().episodes().isVariable() && r.protonet().episodes().isVariable(),
                "trained on Meta-Dataset episodes of the 712 training classes");
        assertEquals(rules, r.ctx().episodes().variable());
        assertEquals("base", r.task().trainSplit());
        assertEquals("novel", r.task().testSplit());
        // the training itself is the miniImageNet recipe's: backbone, input, optimiser, schedules
        assertEquals(mini.ctx().training(), r.ctx().training());
        assertEquals(mini.ctxSimclr().training(), r.ctxSimclr().training());
        assertEquals(mini.ctx().input(), r.ctx().input());
        assertEquals(mini.ctx().backbone(), r.ctx().backbone());
        assertEquals(1, r.ctxSimclr().simclr().queriesPerClass(), "the deviation: one query per SimCLR class (see CtxRecipe.ilsvrc)");
        assertEquals(r.ctxSimclr().with(b -> b.method(ProtoNetMethod.pooled())), r.protonet());
    }

    @Test
    void theIlsvrcCostUsesTheMeanMetaDatasetEpisode() {
        CtxRecipe r = CtxRecipe.paper(CtxRecipe.ILSVRC);
        var mean = glimpse.data.sampling.VariableEpisodes.PAPER.meanShape(712, 1300, 1000, 1);
        // ILSVRC's classes all have more than 20 images: q = 10, so a query set is 10 per class, 5..50 classes (mean 27.5)
        assertEquals(275, mean.queries(), 15);
        assertTrue(mean.supports() > 27.5 && mean.supports() < 500, "mean |S| " + mean.supports());
        double perImage = glimpse.nn.Flops.resnet34(224, true);
        long training = Math.round(0.5 * (mean.supports() + mean.queries()) + 0.5 * 2 * mean.supports());
        long test = Math.round(glimpse.data.sampling.VariableEpisodes.PAPER.meanShape(130, 1300, 1000, 1).supports()
                + glimpse.data.sampling.VariableEpisodes.PAPER.meanShape(130, 1300, 1000, 1).queries());
        double expected = 2 * (3 * (3L * 400_000) * training * perImage + 3L * 600 * test * perImage);
        assertEquals(expected, r.cost(null).flops(), 1e-9 * expected);
    }

    @Test
    void theCpuRecipeIsTheNotebooksCpuSection() {
        CtxRecipe r = CtxRecipe.cpu(FewShotBackbone.CONV4_LAST_UNPOOLED, 250, 600, 3);
        assertEquals(250, r.ctx().training().steps());
        assertEquals(ImageInput.NATIVE, r.ctx().input());
        assertEquals("CTX + SimCLR eps", r.ctxSimclr().label());
        assertEquals(2, r.ctxSimclr().simclr().queriesPerClass(), "the CPU deviation: 2 queries per SimCLR class");
        assertEquals("ProtoNet", r.protonet().label());
        assertEquals(3, r.seeds());
    }

    @Test
    void theCostCountsEpisodeImagesAndSimclrEpisodesAtThePapersBudgets() {
        CtxRecipe r = CtxRecipe.paper("miniimagenet");
        assertEquals(100, CtxCost.imagesPerStep(r.ctx(), 15, 15), "5-way 5-shot 15 queries");
        // half the episodes are SimCLR episodes: 25 supports, each its own class with 15 augmented queries
        assertEquals(Math.round(0.5 * 100 + 0.5 * (25 + 25 * 15)), CtxCost.imagesPerStep(r.ctxSimclr(), 15, 15));
        var cost = r.cost(null);
        double perImage = glimpse.nn.Flops.resnet34(224, true);
        double training = 3 * (3L * 400_000) * 250 * perImage;   // 400k updates × 3 seeds, forward + backward
        double test = 3L * 600 * (5 * (1 + 15) + 5 * (5 + 15)) * perImage;
        assertEquals(2 * (training + test), cost.flops(), 1e-9 * cost.flops());   // two arms
    }
}
