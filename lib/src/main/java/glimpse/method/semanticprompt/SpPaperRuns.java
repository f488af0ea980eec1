package glimpse.method.semanticprompt;

import glimpse.data.DatasetException;
import glimpse.data.Manifests;
import glimpse.data.SourceFiles;
import glimpse.experiment.CostEstimate;
import glimpse.experiment.PaperScale;
import glimpse.pretrain.RepeatedAugmentation;
import glimpse.fewshot.SeedRuns;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper-scale comparison of one benchmark (arXiv 2303.14123 Table 1's setting): the baseline and
 * Semantic Prompt, both from the paper's recipe ({@link SpSpec#paper}), each training seed of each arm
 * its own cached experiment ({@link SemanticPromptExperiment#seeds}; stage 1 is pre-trained once and shared
 * by both arms and every seed), so a killed run resumes and the seeds can be spread over machines.
 *
 * @param recipe   SP's recipe (the baseline is the same with {@link SpMethod#baseline()})
 * @param baseline the baseline's runs, seeds 1..n
 * @param sp       SP's runs, the same seeds and test episodes
 */
public record SpPaperRuns(String benchmark, SpSpec recipe, SeedRuns baseline, SeedRuns sp) {

    /** Training seeds per arm: the paper reports one run; three give an interval over seeds (one in smoke mode). */
    public static final int SEEDS = 3;

    /**
     * Base-split sizes of the released benchmarks: miniImageNet and CIFAR-FS 64 classes × 600 (Ravi &amp; Larochelle 2017;
     * Bertinetto et al. 2019), FC100 60 × 600 (Oreshkin et al. 2018), tieredImageNet 448,695 images of 351 classes (Ren et al. 2018).
     */
    public static final java.util.Map<String, Integer> STANDARD_BASE_IMAGES = java.util.Map.of("miniimagenet", 38_400, "miniimagenet-folders", 38_400,
            "tieredimagenet", 448_695, "cifar-fs", 38_400, "fc100", 36_000);

    /**
     * The paper-scale cost of both arms on {@code benchmark} with {@code seeds} seeds each (the paper's budgets, whatever
     * the mode): stage 1 once (shared by the arms and the seeds), stage 2 and the test per arm and seed. The test's images
     * per episode are both shot counts': 1-shot 5 supports + 75 queries, 5-shot 25 supports × 10 views + 75 queries.
     * Epochs become steps over the base split the user has; in smoke mode over the released benchmark's
     * ({@link #STANDARD_BASE_IMAGES}), since the fixtures' few images would estimate nothing.
     */
    public static CostEstimate cost(String benchmark, SpSpec recipe, int seeds) {
        // a smoke run's data are fixtures: estimate the real benchmark's run from its published base-split size instead
        int baseImages = PaperScale.smoke() ? STANDARD_BASE_IMAGES.get(benchmark) : recipe.task().trainSet().size();
        double perImage = Visformer.flops(recipe.backbone());
        int queries = 5 * SpSpec.PAPER_QUERIES;
        return CostEstimate.of("02 · Semantic Prompt on " + benchmark + ", baseline and SP, " + seeds + " seeds each",
                CostEstimate.Stage.training("stage 1: pre-training", SpSpec.paperPretrainSteps(benchmark, baseImages),
                        SpSpec.PAPER_IMAGES_PER_BATCH * RepeatedAugmentation.paper().repeats(), perImage),
                CostEstimate.Stage.training("stage 2: meta-tuning", 2L * seeds * SpSpec.paperMetaSteps(baseImages),
                        5 * (SpSpec.PAPER_TRAIN_SHOTS + SpSpec.PAPER_QUERIES), perImage),
                CostEstimate.Stage.evaluation("test (1 and 5 shots)", 2L * seeds * SpSpec.PAPER_TEST_EPISODES,
                        (5 + queries) + (25 * SpSpec.PAPER_VIEWS + queries), perImage));
    }

    /**
     * The paper's benchmarks in the order the notebook runs them, miniImageNet under the manifest of the layout its
     * folder holds ({@code train.csv}: the CSV release, "miniimagenet"; else class folders, "miniimagenet-folders" —
     * both read {@code GLIMPSE_MINIIMAGENET_DIR}, so one is run, not both).
     */
    public static List<String> benchmarks() {
        String mini = "miniimagenet";
        try {
            if (!Files.isRegularFile(SourceFiles.resolveDir(Manifests.of(mini)).resolve("train.csv"))) mini = "miniimagenet-folders";
        } catch (DatasetException notThere) {
            // not configured: "miniimagenet", whose check then names the variable
        }
        List<String> out = new ArrayList<>(List.of(mini));
        SpSpec.PAPER_BENCHMARKS.stream().filter(b -> !b.startsWith("miniimagenet")).forEach(out::add);
        return out;
    }

    /** Both arms on {@code benchmark} with texts {@code text}; the recipe is printed before training starts. */
    public static SpPaperRuns run(String benchmark, SpText text) {
        SpSpec sp = SpSpec.paper(benchmark, text);
        int seeds = PaperScale.seeds(SEEDS);
        System.out.println("[sp] " + benchmark + ": stage 1 " + sp.pretraining().steps() + " steps of " + sp.pretraining().batchSize() + " images × "
                + sp.pretrainAugmentation().repeats() + ", stage 2 " + sp.metaTuning().steps() + " episodes ("
                + sp.episodes().ways() + "-way " + sp.episodes().shots() + "-shot, " + sp.episodes().queries() + " queries), test "
                + sp.eval().episodes() + " episodes × " + sp.protocol().views() + " views, " + seeds + (seeds == 1 ? " seed" : " seeds") + " per arm");
        cost(benchmark, sp, SEEDS).print();
        SeedRuns base = SemanticPromptExperiment.seeds(sp.withMethod(SpMethod.baseline()), 1, seeds);
        SeedRuns prompted = SemanticPromptExperiment.seeds(sp, 1, seeds);
        return new SpPaperRuns(benchmark, sp, base, prompted);
    }
}
