package glimpse.method.semanticprompt;

import glimpse.data.DatasetException;
import glimpse.data.Manifests;
import glimpse.data.SourceFiles;
import glimpse.experiment.PaperScale;
import glimpse.fewshot.SeedRuns;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper-scale comparison of one benchmark (arXiv 2303.14123 Table 1's setting): the baseline and
 * Semantic Prompt, both from the paper's recipe ({@link SpSpec#paper}), each training seed of each arm
 * its own cached experiment ({@link SemanticPromptExperiment#seeds}; stage 1 is shared by the two arms
 * of a seed), so a killed run resumes and the seeds can be spread over machines.
 *
 * @param recipe   SP's recipe (the baseline is the same with {@link SpMethod#baseline()})
 * @param baseline the baseline's runs, seeds 1..n
 * @param sp       SP's runs, the same seeds and test episodes
 */
public record SpPaperRuns(String benchmark, SpSpec recipe, SeedRuns baseline, SeedRuns sp) {

    /** Training seeds per arm: the paper reports one run; three give an interval over seeds (one in smoke mode). */
    public static final int SEEDS = 3;

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
        SeedRuns base = SemanticPromptExperiment.seeds(sp.withMethod(SpMethod.baseline()), 1, seeds);
        SeedRuns prompted = SemanticPromptExperiment.seeds(sp, 1, seeds);
        return new SpPaperRuns(benchmark, sp, base, prompted);
    }
}
