package glimpse.report;

import glimpse.Glimpse;
import glimpse.classification.ClassificationExperiment;
import glimpse.classification.ClassificationResult;
import glimpse.classification.ClassificationSpec;
import glimpse.eval.MeanCi;
import glimpse.eval.Metric;
import glimpse.eval.Verdict;
import glimpse.data.sampling.LongTail;
import glimpse.experiment.CostEstimate;
import glimpse.experiment.PaperScale;
import glimpse.method.batchformer.BatchFormerPaperEffects;
import glimpse.nn.Flops;
import glimpse.nn.TransformerEncoderLayer;
import glimpse.method.batchformer.BatchFormerRecipe;
import glimpse.method.batchformer.BatchFormerRecipe.Benchmark;
import glimpse.method.batchformer.ClassLoss;
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
 * The paper-scale section of notebook 03 on one CIFAR-LT benchmark: the four arms (CE and balanced
 * softmax, each without and with BatchFormer) at each imbalance ρ, every (arm, ρ, seed) its own cached
 * experiment ({@link BatchFormerRecipe#paper}), all in one batch ({@link ClassificationExperiment#cachedBySeed(List)}),
 * so a run is resumable and can be spread over machines;
 * then our table (top-1 all/many/medium/few, mean ± Student-t 95% CI over seeds), the published
 * references beside it, and the paper's direction (BatchFormer helps the few-shot classes) as verdicts.
 *
 * @param results per arm label ("CE", "CE + BatchFormer", …), per ρ in {@code rhos} order: the seeds' runs merged
 */
public record BatchFormerPaper(Benchmark benchmark, double[] rhos, Map<String, List<ClassificationResult>> results) {

    /** The arms in table order: (loss, with BatchFormer). */
    static final List<ClassLoss> LOSSES = List.of(ClassLoss.CROSS_ENTROPY, ClassLoss.BALANCED_SOFTMAX);
    static final List<String> COLUMNS = List.of("All", "Many", "Medium", "Few");

    /**
     * Published CE (softmax) baselines on CIFAR-LT with ResNet-32: Cui et al., CVPR 2019, arXiv 1901.05555,
     * Table 2 (top-1 error of "Softmax"; accuracy = 100 − error): CIFAR-10-LT 29.64 / 25.19 / 13.61 and
     * CIFAR-100-LT 61.68 / 56.15 / 44.29 at ρ = 100 / 50 / 10. Overall accuracy only. The ρ = 100 and 50
     * errors were checked against a second quote of the same table (Zhang et al.'s "Bag of tricks for
     * long-tailed visual recognition", AAAI 2021, baseline rows); the ρ = 10 ones are as read from Table 2.
     */
    static final Map<Benchmark, Map<Double, Double>> CE_REFERENCE = Map.of(
            Benchmark.CIFAR10_LT, Map.of(100.0, 100 - 29.64, 50.0, 100 - 25.19, 10.0, 100 - 13.61),
            Benchmark.CIFAR100_LT, Map.of(100.0, 100 - 61.68, 50.0, 100 - 56.15, 10.0, 100 - 44.29));
    static final String CE_SOURCE = "Cui et al., CVPR 2019, arXiv 1901.05555, Table 2 (Softmax, ResNet-32; 100 − error)";

    /** Every arm at every ρ, each seed its own cached experiment, all in one batch; prints the plan and the paper-scale cost first. */
    public static BatchFormerPaper run(Benchmark benchmark, double... rhos) {
        for (double rho : rhos) System.out.println(plan(benchmark, rho));
        cost(benchmark, rhos, Double.NaN).print();
        List<ClassificationSpec> specs = new ArrayList<>();
        for (ClassLoss loss : LOSSES)
            for (boolean bf : new boolean[] {false, true})
                for (double rho : rhos) specs.add(BatchFormerRecipe.paper(benchmark, rho, loss, bf));
        // every (arm, ρ, seed) as one batch: with --workers/--slurm they train side by side
        List<ClassificationResult> all = ClassificationExperiment.cachedBySeed(specs);
        Map<String, List<ClassificationResult>> results = new LinkedHashMap<>();
        for (int arm = 0; arm < specs.size() / rhos.length; arm++)
            results.put(specs.get(arm * rhos.length).method().label(), all.subList(arm * rhos.length, (arm + 1) * rhos.length));
        BatchFormerPaper section = new BatchFormerPaper(benchmark, rhos.clone(), results);
        section.save();
        if (PaperScale.smoke()) {
            // the smoke run trained ResNet-32 at the paper's shapes (32 px; CIFAR-10's fixture batch is 50): its time per image, at batch 128
            double imagesPerSecond = results.get("CE").get(0).perSeed().get(0).imagesPerSecond();
            System.out.println("measured by this smoke run (CE, first ρ), scaled to batch " + BatchFormerRecipe.BATCH + ":");
            cost(benchmark, rhos, BatchFormerRecipe.BATCH / imagesPerSecond).print();
        }
        return section;
    }

    /**
     * The paper-scale cost of the section on one benchmark (the paper's budgets whatever the mode): per ρ,
     * the arms without and with BatchFormer, each 200 epochs × 2 losses × 3 seeds of batch 128, and
     * scoring the 10,000 test images once per run. Forward FLOPs per image: ResNet-32 at 32 px and the
     * linear head; with BatchFormer, the encoder layer over the batch (per image) and the head's second
     * stream too.
     *
     * @param cpuSecondsPerStep measured seconds of one training step of batch 128 here (NaN: not measured)
     */
    public static CostEstimate cost(Benchmark benchmark, double[] rhos, double cpuSecondsPerStep) {
        List<CostEstimate.Stage> stages = new ArrayList<>();
        int runsPerArm = LOSSES.size() * BatchFormerRecipe.SEEDS, batch = BatchFormerRecipe.BATCH;
        long plain = resnet32Flops(benchmark.classes);
        long withEncoder = plain + Flops.encoderLayer(batch, TransformerEncoderLayer.Config.postNormRelu(64, 1, 64, 0.5f)) / batch
                + Flops.linear(64, benchmark.classes, 1);
        for (double rho : rhos) {
            int images = BatchFormerRecipe.trainImages(benchmark, new LongTail(rho, benchmark.maxPerClass, BatchFormerRecipe.SUBSET_SEED));
            long steps = (long) BatchFormerRecipe.EPOCHS * (images / batch) * runsPerArm;
            for (boolean bf : new boolean[] {false, true}) {
                CostEstimate.Stage s = CostEstimate.Stage.training(benchmark.title + " ρ=" + setting(rho) + (bf ? ", + BatchFormer" : ", without"),
                        steps, batch, bf ? withEncoder : plain);
                stages.add(Double.isNaN(cpuSecondsPerStep) || bf ? s : s.measured(cpuSecondsPerStep));
            }
        }
        stages.add(CostEstimate.Stage.evaluation("test, 10,000 images per run", (long) rhos.length * 2 * runsPerArm * 20, 500, plain));
        return CostEstimate.of("03 BatchFormer, " + benchmark.title + " (ResNet-32, 4 arms × " + rhos.length + " ρ × "
                + BatchFormerRecipe.SEEDS + " seeds)", stages.toArray(CostEstimate.Stage[]::new));
    }

    /**
     * Forward FLOPs of {@link glimpse.nn.ResNets#resnet32Cifar} and a {@code classes}-way head on one 32-px
     * image, from {@link Flops}' primitives: the stem, then per stage five blocks of two 3×3 convs (the
     * first of stages 2 and 3 at stride 2); the parameter-free shortcuts cost nothing.
     */
    public static long resnet32Flops(int classes) {
        long f = Flops.conv(3, 16, 3, 1, 1, 1, 32);
        int in = 16, size = 32;
        for (int s = 0; s < 3; s++) {
            int width = 16 << s;
            for (int b = 0; b < 5; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                f += Flops.conv(in, width, 3, stride, 1, 1, size);
                size = Flops.outputSize(size, 3, stride, 1, 1);
                f += Flops.conv(width, width, 3, 1, 1, 1, size);
                in = width;
            }
        }
        return f + Flops.linear(64, classes, 1);
    }

    /** Our table as CSV under build/report/paper/ (smoke runs get their own file). */
    void save() {
        Path file = Glimpse.buildDir().resolve("report/paper").resolve("03-batchformer-" + benchmark.manifestId + "-LT"
                + (PaperScale.smoke() ? "-smoke" : "") + ".csv");
        try {
            Files.createDirectories(file.getParent());
            ours().write().csv(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** What one arm at ρ will cost, in the paper's units: training images, epochs, steps, seeds, arms. */
    public static String plan(Benchmark benchmark, double rho) {
        ClassificationSpec s = BatchFormerRecipe.paper(benchmark, rho, ClassLoss.CROSS_ENTROPY, false);
        int images = BatchFormerRecipe.trainImages(benchmark, s.data().longTail());
        return String.format(Locale.ROOT, "%s ρ=%s: %d training images, %d steps of batch %d (%s), %d seed(s) × %d arms, ResNet-32 at 32 px",
                benchmark.title, setting(rho), images, s.steps(), s.batchSize(),
                PaperScale.smoke() ? "smoke: cut from " + BatchFormerRecipe.EPOCHS + " epochs" : BatchFormerRecipe.EPOCHS + " epochs",
                s.seeds().size(), 2 * LOSSES.size());
    }

    /** Our numbers: a row per arm and ρ, columns all/many/medium/few, top-1 % mean ± t-CI over seeds ("—" where a group is empty). */
    public Table ours() {
        StringColumn row = StringColumn.create("method, ρ");
        List<StringColumn> cells = COLUMNS.stream().map(StringColumn::create).toList();
        results.forEach((arm, perRho) -> {
            for (int k = 0; k < rhos.length; k++) {
                ClassificationResult r = perRho.get(k);
                row.append(rowName(arm, rhos[k]));
                List<Metric> metrics = List.of(Metric.OVERALL, Metric.MANY, Metric.MEDIUM, Metric.FEW);
                for (int c = 0; c < metrics.size(); c++)
                    cells.get(c).append(metrics.get(c) == Metric.OVERALL || r.groups().contains(metrics.get(c)) ? cell(r.metric(metrics.get(c))) : Show.MISSING);
            }
        });
        String title = benchmark.title + ", ResNet-32: top-1 %, mean ± Student-t 95% CI over seeds"
                + (PaperScale.smoke() ? " — SMOKE RUN (2 steps on fixtures): meaningless" : "");
        Table t = Table.create(title).addColumns(row);
        cells.forEach(t::addColumns);
        return t;
    }

    /** The published references in our table's shape: CE's overall accuracy (Cui et al.), nothing else published for these arms. */
    public PaperTable reference() {
        PaperTable t = PaperTable.of(CE_SOURCE + "; BatchFormer's own CIFAR-LT numbers: not available to us", "method, ρ", COLUMNS.toArray(String[]::new));
        for (String arm : results.keySet())
            for (double rho : rhos) {
                Double ce = arm.equals("CE") ? CE_REFERENCE.get(benchmark).get(rho) : null;
                t = t.row(rowName(arm, rho), ce == null ? Show.MISSING : String.format(Locale.ROOT, "%.1f", ce), Show.MISSING, Show.MISSING, Show.MISSING);
            }
        return t;
    }

    /** The reference beside ours. */
    public Show.Html beside() { return reference().beside(ours(), ""); }

    /**
     * The paper's direction, computed: per loss and ρ, the paired gain of + BatchFormer on the few-shot
     * classes (fewer than 20 training images; where no class has so few, the tail third), against the
     * paper's few-shot gain ({@link BatchFormerPaperEffects#FEW}), by the one {@link Verdict}; each also
     * recorded for 06-results ({@link Claims}).
     */
    public String verdicts() {
        StringBuilder out = new StringBuilder();
        for (ClassLoss loss : LOSSES) {
            String without = loss == ClassLoss.CROSS_ENTROPY ? "CE" : "BalSoftmax", with = without + " + BatchFormer";
            for (int k = 0; k < rhos.length; k++) {
                ClassificationResult a = results.get(with).get(k), b = results.get(without).get(k);
                Metric few = a.groups().contains(Metric.FEW) ? Metric.FEW : Metric.TAIL;
                Verdict v = LongTailTables.verdict(a, b, few, a.trainCounts().length, BatchFormerPaperEffects.FEW);
                Claims.record(benchmark.title + " ρ=" + setting(rhos[k]) + " · " + few.label(), v);
                out.append(String.format(Locale.ROOT, "%s ρ=%s, %s − %s on %s classes: %s pp over %d seed(s), %s → %s%n", benchmark.title, setting(rhos[k]),
                        with, without, few == Metric.FEW ? "few-shot (<20 images)" : "tail-third", Cells.signed(100 * v.difference().mean(), 100 * v.difference().ci95()),
                        v.difference().n(), v.context(), v.word()));
            }
        }
        return out.toString();
    }

    /**
     * The paper's ImageNet-LT rows as printed (arXiv 2203.01522), baseline → + BatchFormer. Our ImageNet-LT
     * run is {@link BatchFormerImageNetLt} (CE and balanced softmax on ResNet-10; RIDE's multi-expert
     * training is not implemented), which sets the ResNet-10 row's gain beside ours.
     */
    public static PaperTable imageNetLt() {
        return PaperTable.of("Hou et al., CVPR 2022, arXiv 2203.01522: ImageNet-LT, top-1 %, baseline → + BatchFormer", "method", "All", "Many", "Medium", "Few")
                .row("RIDE ResNet-10", "44.7 → 45.7", "57.0 → 56.3", "40.3 → 42.1", "25.5 → 28.3")
                .row("RIDE ResNet-50", "53.6 → 54.1", "64.9 → 64.3", "50.4 → 51.4", "33.2 → 35.1")
                .row("PaCo ResNet-50", "57.0 → 57.4", "64.8 → 62.7", "55.9 → 56.7", "39.1 → 42.1");
    }

    static String rowName(String arm, double rho) { return arm + ", ρ=" + setting(rho); }

    static String setting(double rho) { return rho == Math.rint(rho) ? String.valueOf((long) rho) : String.valueOf(rho); }

    static String cell(MeanCi m) {
        return Double.isNaN(m.ci95()) ? String.format(Locale.ROOT, "%.1f (1 seed)", 100 * m.mean())
                : String.format(Locale.ROOT, "%.1f ± %.1f", 100 * m.mean(), 100 * m.ci95());
    }
}
