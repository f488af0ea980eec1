package glimpse.report;

import glimpse.Glimpse;
import glimpse.classification.ClassificationExperiment;
import glimpse.classification.ClassificationResult;
import glimpse.classification.ClassificationSpec;
import glimpse.eval.MeanCi;
import glimpse.eval.Metric;
import glimpse.eval.Verdict;
import glimpse.experiment.CostEstimate;
import glimpse.experiment.PaperScale;
import glimpse.method.batchformer.BatchFormerPaperEffects;
import glimpse.method.batchformer.BatchFormerRecipe;
import glimpse.method.batchformer.ClassLoss;
import glimpse.nn.Flops;
import glimpse.nn.TransformerEncoderLayer;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ImageNet-LT part of notebook 03's paper section: the four arms (CE and balanced softmax, each
 * without and with BatchFormer) on ResNet-10 at 224 px ({@link BatchFormerRecipe#imageNetLt}), every
 * (arm, seed) its own cached experiment, so a run resumes and can be spread over machines; then our
 * table (top-1 all/many/medium/few, mean ± Student-t 95% CI over seeds), the published numbers in the
 * same shape beside it, BatchFormer's gain per group beside the paper's gain on ImageNet-LT ResNet-10,
 * and the paper's direction (it helps the few-shot classes) as verdicts.
 *
 * @param results per arm label ("CE", "CE + BatchFormer", …): the seeds' runs merged
 */
public record BatchFormerImageNetLt(Map<String, ClassificationResult> results) {

    static final List<Metric> METRICS = List.of(Metric.OVERALL, Metric.MANY, Metric.MEDIUM, Metric.FEW);

    /**
     * The published CE (softmax) ResNet-10 on ImageNet-LT trained end to end for 90 epochs: 34.8 % overall,
     * as Ren et al. (Balanced Softmax, NeurIPS 2020, arXiv 2007.10740) list it in their official code's
     * results table (the decoupling code base of Kang et al., arXiv 1910.09217, that BatchFormer's
     * ImageNet-LT code builds on). Overall only.
     */
    static final double CE_REFERENCE = 34.8;
    static final String CE_SOURCE = "CE: Ren et al., arXiv 2007.10740, official code's results table (ImageNet-LT, ResNet-10, Softmax)";

    /**
     * The paper's gain of + BatchFormer on ImageNet-LT with ResNet-10 (Hou et al., CVPR 2022, arXiv
     * 2203.01522, its ImageNet-LT results): RIDE (3 experts) 44.7 → 45.7 all, 57.0 → 56.3 many,
     * 40.3 → 42.1 medium, 25.5 → 28.3 few. It prints no CE or balanced-softmax rows on ImageNet-LT, so
     * this is the nearest published effect for our arms: same benchmark, backbone and groups, another base method.
     */
    static final String[] PAPER_GAIN = {"+1.0", "−0.7", "+1.8", "+2.8"};
    static final String GAIN_SOURCE = "Hou et al., CVPR 2022, arXiv 2203.01522: ImageNet-LT, ResNet-10, RIDE (3 experts) → + BatchFormer, "
            + "top-1 pp (the paper's gain on another base method: it reports no CE or balanced-softmax rows here)";

    /** Every arm, each seed its own cached experiment; prints the plan and the paper-scale cost first. */
    public static BatchFormerImageNetLt run() {
        System.out.println(plan());
        cost(Double.NaN).print();
        List<ClassificationSpec> arms = new ArrayList<>();
        for (ClassLoss loss : BatchFormerPaper.LOSSES)
            for (boolean bf : new boolean[] {false, true}) arms.add(BatchFormerRecipe.imageNetLt(loss, bf));
        // every arm × seed as one batch: spread over workers or Slurm when the run is
        List<ClassificationResult> merged = ClassificationExperiment.cachedBySeed(arms);
        Map<String, ClassificationResult> results = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) results.put(arms.get(i).method().label(), merged.get(i));
        BatchFormerImageNetLt section = new BatchFormerImageNetLt(results);
        section.save();
        if (PaperScale.smoke()) {
            // the smoke run trained ResNet-10 at 224 px on the fixture: its time per image, at the paper's batch
            double imagesPerSecond = results.get("CE").perSeed().get(0).imagesPerSecond();
            System.out.println("measured by this smoke run (CE), scaled to batch " + BatchFormerRecipe.IMAGENET_BATCH + ":");
            cost(BatchFormerRecipe.IMAGENET_BATCH / imagesPerSecond).print();
        }
        return section;
    }

    /** What one arm will cost, in the paper's units. */
    public static String plan() {
        ClassificationSpec s = BatchFormerRecipe.imageNetLt(ClassLoss.CROSS_ENTROPY, false);
        return String.format(Locale.ROOT, "ImageNet-LT: %d steps of batch %d (%s), %d seed(s) × %d arms, ResNet-10 at %d px, images streamed from their files",
                s.steps(), s.batchSize(), PaperScale.smoke() ? "smoke: cut from " + BatchFormerRecipe.IMAGENET_EPOCHS + " epochs"
                        : BatchFormerRecipe.IMAGENET_EPOCHS + " epochs of " + BatchFormerRecipe.IMAGENET_LT_TRAIN_IMAGES + " images",
                s.seeds().size(), 2 * BatchFormerPaper.LOSSES.size(), BatchFormerRecipe.IMAGE_SIZE);
    }

    /**
     * The paper-scale cost (the paper's budgets whatever the mode): per arm without and with BatchFormer,
     * 90 epochs × ⌊115,846 / 128⌋ steps × 2 losses × 3 seeds; scoring the 50,000 test images once per
     * run. Forward FLOPs per image: ResNet-10 at 224 px ({@link Flops#resnet10}) and the 1000-way head;
     * with BatchFormer the encoder layer over the batch (per image) and the head's second stream too.
     *
     * @param cpuSecondsPerStep measured seconds of one training step of batch 128 here (NaN: not measured)
     */
    public static CostEstimate cost(double cpuSecondsPerStep) {
        int batch = BatchFormerRecipe.IMAGENET_BATCH, classes = BatchFormerRecipe.IMAGENET_LT_CLASSES, c = 512;
        int runsPerArm = BatchFormerPaper.LOSSES.size() * BatchFormerRecipe.SEEDS;
        long plain = Flops.resnet10(BatchFormerRecipe.IMAGE_SIZE) + Flops.linear(c, classes, 1);
        long withEncoder = plain + Flops.encoderLayer(batch, TransformerEncoderLayer.Config.postNormRelu(c, 4, c, 0.5f)) / batch
                + Flops.linear(c, classes, 1);
        long steps = (long) BatchFormerRecipe.IMAGENET_EPOCHS * (BatchFormerRecipe.IMAGENET_LT_TRAIN_IMAGES / batch) * runsPerArm;
        CostEstimate.Stage without = CostEstimate.Stage.training("ImageNet-LT, without", steps, batch, plain);
        CostEstimate.Stage with = CostEstimate.Stage.training("ImageNet-LT, + BatchFormer", steps, batch, withEncoder);
        CostEstimate.Stage test = CostEstimate.Stage.evaluation("test, 50,000 images per run",
                2L * runsPerArm * (BatchFormerRecipe.IMAGENET_LT_TEST_IMAGES / 500), 500, plain);
        return CostEstimate.of("03 BatchFormer, ImageNet-LT (ResNet-10 at 224 px, 4 arms × " + BatchFormerRecipe.SEEDS
                        + " seeds; JPEG decoding on the CPU may bound it first)",
                Double.isNaN(cpuSecondsPerStep) ? without : without.measured(cpuSecondsPerStep), with, test);
    }

    /** Our table as CSV under build/report/paper/ (smoke runs get their own file). */
    void save() {
        Path file = Glimpse.buildDir().resolve("report/paper").resolve("03-batchformer-imagenet-lt" + (PaperScale.smoke() ? "-smoke" : "") + ".csv");
        try {
            Files.createDirectories(file.getParent());
            ours().write().csv(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Our numbers: a row per arm, columns all/many/medium/few, top-1 % mean ± t-CI over seeds ("—" where a group is empty). */
    public Table ours() {
        StringColumn row = StringColumn.create("method");
        List<StringColumn> cells = BatchFormerPaper.COLUMNS.stream().map(StringColumn::create).toList();
        results.forEach((arm, r) -> {
            row.append(arm);
            for (int k = 0; k < METRICS.size(); k++) {
                Metric m = METRICS.get(k);
                cells.get(k).append(m == Metric.OVERALL || r.groups().contains(m) ? BatchFormerPaper.cell(r.metric(m)) : Show.MISSING);
            }
        });
        Table t = Table.create(title("top-1 %, mean ± Student-t 95% CI over seeds")).addColumns(row);
        cells.forEach(t::addColumns);
        return t;
    }

    /** The published numbers in our table's shape: CE's overall accuracy; nothing is published for the other arms on ImageNet-LT. */
    public PaperTable reference() {
        PaperTable t = PaperTable.of(CE_SOURCE + "; the other arms: not published on ImageNet-LT", "method", BatchFormerPaper.COLUMNS.toArray(String[]::new));
        for (String arm : results.keySet())
            t = t.row(arm, arm.equals("CE") ? String.format(Locale.ROOT, "%.1f", CE_REFERENCE) : Show.MISSING, Show.MISSING, Show.MISSING, Show.MISSING);
        return t;
    }

    /** The reference beside ours. */
    public Show.Html beside() { return reference().beside(ours(), ""); }

    /** Our gains of + BatchFormer per loss and group, in pp, paired by seed (mean ± t-CI; one seed: the difference alone). */
    public Table gains() {
        StringColumn row = StringColumn.create("comparison");
        List<StringColumn> cells = BatchFormerPaper.COLUMNS.stream().map(StringColumn::create).toList();
        for (String base : baseArms()) {
            ClassificationResult a = results.get(base + " + BatchFormer"), b = results.get(base);
            row.append(gainRow(base));
            for (int k = 0; k < METRICS.size(); k++) {
                Metric m = METRICS.get(k);
                if (m != Metric.OVERALL && !(a.groups().contains(m) && b.groups().contains(m))) { cells.get(k).append(Show.MISSING); continue; }
                MeanCi d = MeanCi.pairedOverSeeds(a.values(m), b.values(m));
                cells.get(k).append(Cells.signed(100 * d.mean(), 100 * d.ci95()));
            }
        }
        Table t = Table.create(title("+ BatchFormer − without, top-1 pp, paired by seed")).addColumns(row);
        cells.forEach(t::addColumns);
        return t;
    }

    /** The paper's gain on ImageNet-LT ResNet-10 (RIDE) in the shape of {@link #gains}. */
    public PaperTable paperGains() {
        PaperTable t = PaperTable.of(GAIN_SOURCE, "comparison", BatchFormerPaper.COLUMNS.toArray(String[]::new));
        for (String base : baseArms()) t = t.row(gainRow(base), PAPER_GAIN);
        return t;
    }

    /** The paper's gain beside ours. */
    public Show.Html gainsBeside() { return paperGains().beside(gains(), ""); }

    /**
     * The paper's direction, computed: per loss, the paired gain of + BatchFormer on the few-shot classes
     * (fewer than 20 training images; where the data has no such group, the tail third) against the
     * paper's few-shot gain on ImageNet-LT ResNet-10 ({@link BatchFormerPaperEffects#FEW}), by the one
     * {@link Verdict}; each also recorded for 06-results ({@link Claims}).
     */
    public String verdicts() {
        StringBuilder out = new StringBuilder();
        for (String without : baseArms()) {
            String with = without + " + BatchFormer";
            ClassificationResult a = results.get(with), b = results.get(without);
            Metric few = a.groups().contains(Metric.FEW) ? Metric.FEW : Metric.TAIL;
            Verdict v = LongTailTables.verdict(a, b, few, a.trainCounts().length, BatchFormerPaperEffects.FEW);
            Claims.record("ImageNet-LT · " + without + " · " + few.label(), v);
            out.append(String.format(Locale.ROOT, "ImageNet-LT, %s − %s on %s classes: %s pp over %d seed(s), %s → %s%n", with, without,
                    few == Metric.FEW ? "few-shot (<20 images)" : "tail-third", Cells.signed(100 * v.difference().mean(), 100 * v.difference().ci95()),
                    v.difference().n(), v.context(), v.word()));
        }
        return out.toString();
    }

    private List<String> baseArms() { return results.keySet().stream().filter(k -> !k.contains("BatchFormer")).toList(); }

    private static String gainRow(String base) { return "+ BatchFormer − " + base; }

    private static String title(String what) {
        return "ImageNet-LT, ResNet-10: " + what + (PaperScale.smoke() ? " — SMOKE RUN (2 steps on fixtures): meaningless" : "");
    }
}
