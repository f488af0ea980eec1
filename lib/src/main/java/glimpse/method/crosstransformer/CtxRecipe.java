package glimpse.method.crosstransformer;

import glimpse.data.ImageInput;
import glimpse.data.sampling.VariableEpisodes;
import glimpse.experiment.CostEstimate;
import glimpse.experiment.PaperScale;
import glimpse.fewshot.FewShotOutcome;
import glimpse.nn.Flops;
import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.FewShotRecipe;
import glimpse.fewshot.FewShotSpec;
import glimpse.fewshot.FewShotTask;
import glimpse.fewshot.SeedRuns;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.nn.FewShotBackbone;
import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CrossTransformers' experiment (Doersch, Gupta &amp; Zisserman, arXiv 2007.11498) as one value, at
 * either scale, through the one few-shot pipeline ({@code FewShotExperiment}, each seed and arm a
 * cached, checkpointed experiment via {@link SeedRuns}): where the classes come from, the three
 * arms — ProtoNet, CTX, CTX + SimCLR episodes — the test protocol and the training seeds.
 * <ul>
 *   <li>{@link #cpu}: notebook 01's CPU section (Conv-4 with its last block unpooled, 32 px glyphs).</li>
 *   <li>{@link #paper}: the paper's training on miniImageNet or tieredImageNet, or on ILSVRC in
 *       Meta-Dataset's split with its variable-way, variable-shot episodes (the paper's own ILSVRC row);
 *       every budget goes through {@link PaperScale}, so the smoke run exercises the same code at 2 steps.</li>
 * </ul>
 * Change one with {@code with(b -> b.seeds(1))}.
 *
 * @param task      where the classes come from (the CPU sections pass their own tasks to {@link #runs(FewShotTask, FewShotRecipe, FewShotEval)})
 * @param protonet  the baseline: ProtoNet on the pooled embedding (at paper scale "ProtoNet-L": ResNet-34, 224 px, SimCLR episodes)
 * @param ctx       CTX without SimCLR episodes
 * @param ctxSimclr CTX with SimCLR episodes, the paper's CTX column
 * @param eval      the test protocol
 * @param seeds     training seeds {@code firstSeed .. firstSeed + seeds − 1}
 */
@RecordBuilder
public record CtxRecipe(FewShotTask task, FewShotRecipe protonet, FewShotRecipe ctx, FewShotRecipe ctxSimclr, FewShotEval eval,
                        int seeds, long firstSeed) implements CtxRecipeBuilder.With {

    /** The manifest of ILSVRC-2012 in Meta-Dataset's class split, the one benchmark of the paper's table we can run. */
    public static final String ILSVRC = "ilsvrc-2012-metadataset";

    /** Benchmarks {@link #paper} knows, by manifest id, with their names in tables; the two miniImageNet layouts are one benchmark. */
    public static final Map<String, String> PAPER_BENCHMARKS = Map.of(
            "miniimagenet", "miniImageNet", "miniimagenet-folders", "miniImageNet", "tieredimagenet", "tieredImageNet",
            ILSVRC, "ILSVRC (Meta-Dataset split)");

    /**
     * Meta-Dataset's episodes in smoke mode: the paper's rules with bounds a 2-core CPU can run at 224 px
     * (5–6 ways over the fixture's 6 classes, ≤ 2 queries per class, ≤ 10 supports).
     */
    static final VariableEpisodes SMOKE_EPISODES = new VariableEpisodes(5, 6, 2, 10, 2);

    /** The paper's image side: 224 px, for a 14×14 map from the dilated ResNet-34 (implementation details). */
    public static final int PAPER_IMAGE_SIZE = 224;
    /** Adam's learning rate (Meta-Dataset's CTX configs: 0.0006). */
    public static final float PAPER_LR = 6e-4f;
    /** The learning rate's factor at each decay (the configs' 0.915193802145601). */
    public static final float PAPER_DECAY_FACTOR = 0.9151938f;
    /** Weight decay (the configs' 0.0000885787420909229). */
    public static final float PAPER_WEIGHT_DECAY = 8.857874e-5f;
    /** Updates without SimCLR episodes, and the decay interval that goes with them. */
    public static final int PAPER_STEPS = 100_000, PAPER_DECAY_EVERY = 2000;
    /** Updates with SimCLR episodes (four times as many), and their decay interval (also ×2). */
    public static final int PAPER_SIMCLR_STEPS = 400_000, PAPER_SIMCLR_DECAY_EVERY = 4000;
    /** Test episodes per setting and training seeds (the project's rule where the paper gives none: 3). */
    public static final int PAPER_TEST_EPISODES = 600, PAPER_SEEDS = 3;
    /** Queries per class of a test episode and of a training episode (the miniImageNet/tieredImageNet convention). */
    public static final int PAPER_QUERIES = 15;

    /**
     * Notebook 01's CPU recipe: {@code backbone} (the notebook: Conv-4 with its last block unpooled),
     * 5-way 5-shot 10-query training episodes, Adam 1e-3 with cosine decay over {@code steps}, d_k = d_v
     * = 128; SimCLR episodes with p = 0.5 but 2 queries per SimCLR class (deviation: the paper's rule,
     * as many as the episode had, makes a 25-way SimCLR episode cost 3.7× a normal one); tested 5-way
     * 1- and 5-shot with 10 queries on {@code testEpisodes} saved episodes of seed 1; seeds 1 .. {@code seeds}.
     */
    public static CtxRecipe cpu(FewShotBackbone backbone, int steps, int testEpisodes, int seeds) {
        FewShotRecipe protonet = FewShotRecipe.of(ProtoNetMethod.pooled(), backbone, steps);
        FewShotRecipe ctx = FewShotRecipe.of(CtxMethod.paper(), backbone, steps);
        return new CtxRecipe(FewShotTask.of("glyphs base→novel", "glyphs", "base", "novel", 2), protonet, ctx, ctx.with(b -> b.simclr(0.5, 2)),
                new FewShotEval(5, new int[] {1, 5}, 10, testEpisodes, 1), seeds, 1);
    }

    /**
     * The paper's recipe on {@code benchmark} (a manifest id of {@link #PAPER_BENCHMARKS}): ResNet-34 with
     * its last stage dilated, fed 224 px RGB (the benchmark's 84 px images resized per episode, see
     * {@link ImageInput}), d_k = d_v = 128; Adam 6e-4, weight decay 8.86e-5, normalised gradient descent,
     * the learning rate ×0.9152 every 2000 updates over 100k (CTX alone) or every 4000 over 400k (with
     * SimCLR episodes, p = 0.5, as many queries per SimCLR class as the episode had) — Meta-Dataset's
     * {@code crosstransformer_imagenet.gin} and {@code crosstransformer_simclreps_imagenet.gin}; the baseline
     * is the paper's "ProtoNet-L", ProtoNet on the same backbone, input, episodes and schedule.
     * Episodes 5-way 5-shot 15 queries (the paper trains on Meta-Dataset's variable-way, variable-shot
     * episodes, which these benchmarks do not define); tested 5-way 1- and 5-shot with 15 queries on 600
     * saved episodes; 3 training seeds.
     *
     * <p>Smoke mode ({@link PaperScale}) keeps all of that but runs 2 updates per arm, 2 test episodes, one
     * seed, and — because 100 images of 224 px through ResNet-34 take tens of seconds a step on 2 CPU
     * cores, and a SimCLR episode with 15 queries per class has 400 — 2 queries per training and test class
     * and 1 per SimCLR class.
     */
    public static CtxRecipe paper(String benchmark) {
        String name = PAPER_BENCHMARKS.get(benchmark);
        if (name == null)
            throw new IllegalArgumentException("CTX's paper recipe knows the benchmarks " + PAPER_BENCHMARKS.keySet() + ", not '" + benchmark + "'");
        if (benchmark.equals(ILSVRC)) return ilsvrc();
        int queries = PaperScale.of(PAPER_QUERIES, 2), simclrQueries = PaperScale.of(0, 1);   // smoke: see above
        FewShotRecipe ctx = FewShotRecipe.of(CtxMethod.paper(), FewShotBackbone.RESNET34, PaperScale.steps(PAPER_STEPS))
                .with(b -> b.input(ImageInput.rgb(PAPER_IMAGE_SIZE)).episodes(5, 5, queries)
                        .training(t -> t.adam(PAPER_LR).weightDecay(PAPER_WEIGHT_DECAY).normalizeGradient(true)
                                .stepDecay(PAPER_DECAY_EVERY, PAPER_DECAY_FACTOR)));
        FewShotRecipe ctxSimclr = ctx.with(b -> b.steps(PaperScale.steps(PAPER_SIMCLR_STEPS))
                .training(t -> t.stepDecay(PAPER_SIMCLR_DECAY_EVERY, PAPER_DECAY_FACTOR)).simclr(0.5, simclrQueries));
        FewShotRecipe protonet = ctxSimclr.with(b -> b.method(ProtoNetMethod.pooled()));
        return new CtxRecipe(FewShotTask.of(name, benchmark, "base", "novel", 1), protonet, ctx, ctxSimclr,
                new FewShotEval(5, new int[] {1, 5}, queries, PaperScale.episodes(PAPER_TEST_EPISODES), 1),
                PaperScale.seeds(PAPER_SEEDS), 1);
    }

    /**
     * The paper's own setting, the ILSVRC row of its table: the recipe of {@link #paper} (ResNet-34
     * dilated, 224 px, Adam 6e-4, normalised gradients, the same schedules, 3 seeds) trained and tested on
     * ILSVRC-2012 in Meta-Dataset's class split (manifest {@value #ILSVRC}: 712 training classes, 130 test
     * classes) with Meta-Dataset's variable-way, variable-shot episodes ({@link VariableEpisodes#PAPER},
     * arXiv 1903.03096 §3.2; classes drawn uniformly, not by the WordNet hierarchy — see there), 600 saved
     * test episodes. Deviations, beyond those of {@link #paper}: a SimCLR episode gets 1 query per class
     * (the project's rule, as many per class as the episode had, would give |S|·q ≤ 5,000 queries at 224 px
     * in one step; one each keeps a SimCLR episode no larger than the largest ordinary one), and the images
     * are held at the manifest's size (84 px, the first 128 per class: one in-memory array per split) and
     * resized to 224 px per episode, where Meta-Dataset reads every image of a class from the full-size files.
     * Smoke mode: {@link #SMOKE_EPISODES}, 2 updates, 2 test episodes, one seed.
     */
    static CtxRecipe ilsvrc() {
        VariableEpisodes rules = PaperScale.of(VariableEpisodes.PAPER, SMOKE_EPISODES);
        FewShotRecipe ctx = FewShotRecipe.of(CtxMethod.paper(), FewShotBackbone.RESNET34, PaperScale.steps(PAPER_STEPS))
                .with(b -> b.input(ImageInput.rgb(PAPER_IMAGE_SIZE)).episodes(rules)
                        .training(t -> t.adam(PAPER_LR).weightDecay(PAPER_WEIGHT_DECAY).normalizeGradient(true)
                                .stepDecay(PAPER_DECAY_EVERY, PAPER_DECAY_FACTOR)));
        FewShotRecipe ctxSimclr = ctx.with(b -> b.steps(PaperScale.steps(PAPER_SIMCLR_STEPS))
                .training(t -> t.stepDecay(PAPER_SIMCLR_DECAY_EVERY, PAPER_DECAY_FACTOR)).simclr(0.5, 1));
        FewShotRecipe protonet = ctxSimclr.with(b -> b.method(ProtoNetMethod.pooled()));
        return new CtxRecipe(FewShotTask.of(PAPER_BENCHMARKS.get(ILSVRC), ILSVRC, "base", "novel", 1), protonet, ctx, ctxSimclr,
                FewShotEval.variable(rules, PaperScale.episodes(PAPER_TEST_EPISODES), 1), PaperScale.seeds(PAPER_SEEDS), 1);
    }

    /** Whether this recipe runs Meta-Dataset's variable-way, variable-shot episodes (the ILSVRC row). */
    public boolean variableEpisodes() { return eval.variable() != null; }

    /**
     * What {@link #paperArms} cost at the paper's budgets on this recipe's task, stated before training and
     * whichever mode prints it: per arm its 400k updates × 3 seeds × the images of an average training
     * episode (5-way 5-shot 15 queries; with probability ½ a SimCLR episode of 25 supports with 15
     * augmented queries each), then 600 test episodes per seed at 1 and 5 shots (an upper bound: features
     * are computed once per image), at the backbone's forward FLOPs per image (ResNet-34 dilated at 224 px;
     * the CTX head adds about 2 %). {@code measuredFrom}, when not null, is a run of these arms at this
     * recipe's own shapes (a smoke run): its CPU seconds per step, scaled to the paper's images per step
     * (linear in FLOPs, CostEstimate's assumption), time each arm.
     */
    public CostEstimate cost(List<SeedRuns> measuredFrom) { return CtxCost.of(this, measuredFrom); }

    /** The arms of the paper's table: ProtoNet-L and CTX, both with SimCLR episodes. */
    public List<FewShotRecipe> paperArms() { return List.of(protonet, ctxSimclr); }

    /** {@code arm} on this recipe's task and test protocol, once per training seed, each seed through the result cache. */
    public SeedRuns runs(FewShotRecipe arm) { return runs(task, arm, eval); }

    /** {@code arm} on another task and test protocol (the CPU section's three tasks), once per training seed, cached. */
    public SeedRuns runs(FewShotTask task, FewShotRecipe arm, FewShotEval eval) {
        return SeedRuns.of(new FewShotSpec(task, arm, eval), firstSeed, seeds);
    }
}
