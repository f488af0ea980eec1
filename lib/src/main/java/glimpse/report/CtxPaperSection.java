package glimpse.report;

import glimpse.data.Datasets;
import glimpse.data.Manifest;
import glimpse.data.Manifests;
import glimpse.data.DatasetReader;
import glimpse.eval.PaperEffect;
import glimpse.experiment.PaperScale;
import glimpse.fewshot.SeedRuns;
import glimpse.method.crosstransformer.CtxPaperEffects;
import glimpse.method.crosstransformer.CtxRecipe;

import java.util.ArrayList;
import java.util.List;

/**
 * Notebook 01's paper section, the parts that are not one experiment: which benchmarks are here,
 * the paper's table, ours beside it and the paper's direction as a verdict. The experiments
 * themselves are {@link CtxRecipe#paper} and {@link CtxRecipe#runs}.
 */
public final class CtxPaperSection {
    private CtxPaperSection() {}

    /** The source of the paper's numbers. */
    public static final String SOURCE = "arXiv 2007.11498, Meta-Dataset table (trained on ImageNet only; 600 test episodes of variable ways and shots)";

    /**
     * The benchmarks the user has, as the manifest ids {@link CtxRecipe#paper} takes: miniImageNet in
     * its CSV layout, else its class-folder layout, then tieredImageNet, then ILSVRC-2012 in
     * Meta-Dataset's split ({@value CtxRecipe#ILSVRC}: ImageNet's training folder and the split file).
     * What is missing is said (manifest, variable, layout) and skipped.
     */
    public static List<String> presentBenchmarks() {
        List<String> out = new ArrayList<>();
        // Datasets.check, not PaperSection.hasData: a folder benchmark lists no files, so only its reader can tell whether it is there
        for (List<String> layouts : List.of(List.of("miniimagenet", "miniimagenet-folders"), List.of("tieredimagenet"), List.of(CtxRecipe.ILSVRC))) {
            List<String> problems = new ArrayList<>();
            String found = null;
            for (String id : layouts) {
                DatasetReader.CheckReport check = Datasets.check(id);
                if (check.ok()) { found = id; break; }
                Manifest m = Manifests.of(id);
                problems.add(String.join(" ", check.lines()) + " (manifest data-manifests/" + id + ".json; set " + m.source().env()
                        + " to the folder: " + m.source().layout() + ")");
            }
            if (found != null) out.add(found);
            else System.out.println("skipped " + CtxRecipe.PAPER_BENCHMARKS.get(layouts.get(0)) + " — " + String.join(" | ", problems));
        }
        return out;
    }

    /** The paper's ILSVRC cells (Table 1): ProtoNet-L and CTX, accuracy (%) ± 95% CI. */
    static final String PAPER_ILSVRC_PROTONET_L = "53.69±1.07", PAPER_ILSVRC_CTX = "62.76±0.99";

    /**
     * The paper's table (arXiv 2007.11498, Table 1): Meta-Dataset accuracy (%), ProtoNet, ProtoNet-L and
     * CTX. Its ILSVRC row is the one we run ({@value CtxRecipe#ILSVRC}); the other nine test sources are
     * not run here, and miniImageNet/tieredImageNet have no number of CTX's own.
     */
    public static PaperTable paperTable() {
        return PaperTable.of(SOURCE + ". Only the ILSVRC row is run here (manifest " + CtxRecipe.ILSVRC + ", Meta-Dataset's split and episodes); "
                        + "the nine other sources are not, and the paper has no miniImageNet or tieredImageNet numbers", "dataset", "ProtoNet", "ProtoNet-L", "CTX")
                .row("ILSVRC (run here)", "50.50±1.08", PAPER_ILSVRC_PROTONET_L, PAPER_ILSVRC_CTX)
                .row("Omniglot", "59.98±1.35", "68.50±1.27", "82.21±1.00")
                .row("Aircraft", "53.10±1.00", "58.04±0.96", "79.49±0.89")
                .row("Birds", "68.79±1.01", "74.07±0.92", "80.63±0.88")
                .row("Textures", "66.56±0.83", "68.76±0.77", "75.57±0.64")
                .row("QuickDraw", "48.96±1.08", "53.30±1.06", "72.68±0.82")
                .row("Fungi", "39.71±1.11", "40.73±1.15", "51.58±1.11")
                .row("VGG Flower", "85.27±0.77", "86.96±0.73", "95.34±0.37")
                .row("Traffic Signs", "47.12±1.10", "58.11±1.05", "82.65±0.76")
                .row("MSCOCO", "41.00±1.10", "41.70±1.08", "59.90±1.02");
    }

    /**
     * Our table of one benchmark in the paper's shape (its two arms, 5-way 1- and 5-shot) beside the
     * paper's cells for it: the paper reports no miniImageNet or tieredImageNet numbers, so those cells
     * say so; {@code runs} are the {@link CtxRecipe#paperArms} runs, ProtoNet-L first.
     */
    public static Show.Html beside(CtxRecipe recipe, List<SeedRuns> runs) {
        if (recipe.variableEpisodes()) return besideIlsvrc(recipe, runs);
        String notReported = "not reported";
        PaperTable paper = PaperTable.of("arXiv 2007.11498 evaluates on Meta-Dataset only: no " + recipe.task().name() + " numbers", "method",
                        "5-way 1-shot", "5-way 5-shot")
                .row(recipe.protonet().label(), notReported, notReported)
                .row(recipe.ctxSimclr().label(), notReported, notReported);
        String title = (PaperScale.smoke() ? "SMOKE RUN (2 steps): meaningless — " : "") + "01 · " + recipe.task().name()
                + ", the paper's recipe (ProtoNet-L = ProtoNet + SimCLR eps; CTX = CTX + SimCLR eps), accuracy (%)";
        return paper.beside(FewShotResults.accuracyTable(title, runs, 5), recipe.task().name());
    }

    /**
     * The ILSVRC row, the one cell pair of the paper's table we meet directly: ProtoNet-L and CTX on
     * Meta-Dataset's ILSVRC test classes and episodes, the paper's numbers beside ours (mean over seeds ± t-CI).
     */
    static Show.Html besideIlsvrc(CtxRecipe recipe, List<SeedRuns> runs) {
        PaperTable paper = PaperTable.of(SOURCE + ", its ILSVRC row", "method", FewShotResults.VARIABLE_SETTING)
                .row(recipe.protonet().label(), PAPER_ILSVRC_PROTONET_L)
                .row(recipe.ctxSimclr().label(), PAPER_ILSVRC_CTX);
        String title = (PaperScale.smoke() ? "SMOKE RUN (2 steps): meaningless — " : "") + "01 · " + recipe.task().name()
                + ", the paper's recipe on the paper's ILSVRC row (ProtoNet-L = ProtoNet + SimCLR eps; CTX = CTX + SimCLR eps), accuracy (%)";
        return paper.beside(FewShotResults.accuracyTable(title, runs, recipe.eval().ways()), recipe.task().name());
    }

    /**
     * The paper's direction on this benchmark — CTX + SimCLR episodes above ProtoNet-L — as a verdict per
     * shot count (paired over the same test episodes, interval over training seeds), set beside the
     * paper's ILSVRC gain, the one row of its table measured on ImageNet classes (on the ILSVRC benchmark
     * itself, the same setting: one verdict over Meta-Dataset's episodes).
     */
    public static String verdicts(List<SeedRuns> runs) {
        PaperEffect ilsvrc = CtxPaperEffects.CTX_OVER_PROTONET_L_ILSVRC;
        return FewShotResults.verdicts(FewShotResults.paired(runs.get(1), runs.get(0), 5, k -> ilsvrc));
    }
}
