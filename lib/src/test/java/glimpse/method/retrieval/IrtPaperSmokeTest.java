package glimpse.method.retrieval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.fixtures.BenchmarkFixtures;
import glimpse.nn.Pooling;
import glimpse.nn.weights.SafetensorsFile;
import glimpse.report.RetrievalResults;
import glimpse.train.TrainLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notebook 05's paper section in smoke mode, end to end on the benchmark fixtures in their real
 * layouts: DeiT-Small at 224 px from an ImageNet-layout weight file (seeded random values written by
 * Debian's torch with timm's names; torchvision's resnet50 likewise), the images streamed through the
 * loader, 2 fine-tuning steps, ≤ 200 queries, one seed — to the paper-shaped tables and verdicts.
 * The numbers mean nothing; the shapes, the protocol (self gallery vs In-Shop's gallery) and the
 * import path are what is checked.
 */
class IrtPaperSmokeTest {
    static Path root;
    static final List<String> properties = new ArrayList<>();

    @BeforeAll
    static void fixturesWeightsAndSmokeMode() throws Exception {
        Path python = glimpse.testing.TorchPython.require("torch", "torchvision");
        root = Files.createTempDirectory("glimpse-irt-smoke");
        Path weights = Files.createDirectories(root.resolve("weights")), scripts = Files.createDirectories(root.resolve("scripts"));
        copy("/glimpse/nn/weights/pth_to_safetensors.py", scripts.resolve("pth_to_safetensors.py"));
        copy("/glimpse/method/retrieval/imagenet_weights.py", scripts.resolve("imagenet_weights.py"));
        ProcessBuilder pb = new ProcessBuilder(python.toString(), scripts.resolve("imagenet_weights.py").toString(), scripts.toString(), weights.toString())
                .redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException("imagenet_weights.py failed:\n" + log);
        for (BenchmarkFixtures.Folder f : new BenchmarkFixtures(1).writeAll(root.resolve("data")))
            for (Map.Entry<String, String> e : f.systemProperties().entrySet()) set(e.getKey(), e.getValue());
        set("glimpse.weights.dir", weights.toString());
        set("glimpse.cache", Files.createDirectories(root.resolve("cache")).toString());
        set("glimpse.mode", "smoke");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        properties.forEach(System::clearProperty);
        if (root != null) try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void inShopRunsToThePaperShapedTableWithVerdictsAndCost() {
        List<RetrievalResult> arms = IrtPaperRuns.run(IrtPaperRuns.arms(IrtBenchmark.INSHOP));
        assertEquals(List.of("IRT_O", "IRT_L", "IRT_R"), arms.stream().map(RetrievalResult::variant).toList());
        for (RetrievalResult r : arms) {
            assertEquals(16, r.queries(), "the fixture's 8 test items × 2 query images, each against the 16 gallery images");
            assertEquals(1, r.perSeed().size());
        }
        assertEquals(2, arms.get(2).perSeed().get(0).losses().length, "2 fine-tuning steps");
        assertTrue(arms.get(1).memory().startsWith("+"), "In-Shop's memory is 0.2 of the set, in batches: " + arms.get(1).memory());
        assertPaperShaped(IrtBenchmark.INSHOP, arms);
        String v = RetrievalResults.recallVerdict(arms.get(2), arms.get(1), IrtPaperEffects.koleo(IrtBenchmark.INSHOP));
        assertTrue(v.contains("IRT_R") && v.contains("IRT_L") && v.contains("paper: "), v);   // the paper's R@1 difference beside ours
        var kind = RetrievalResults.paired(arms.get(2), arms.get(1), IrtPaperEffects.koleo(IrtBenchmark.INSHOP)).verdict().kind();
        assertTrue(kind == glimpse.eval.Verdict.Kind.ONE_RUN || kind == glimpse.eval.Verdict.Kind.NOT_CONVERGED, "smoke decides nothing: " + kind);

        var cost = IrtPaperRuns.cost(IrtBenchmark.CUB, false, arms.get(2));
        double deit = glimpse.nn.Flops.deitSmall(224);
        assertEquals(2 * 3 * 2_000 * 64 * 3.0 * deit + 3 * 3 * 5_924 * deit, cost.flops(), 1e-6 * cost.flops(),
                "paper scale whatever the mode: IRT_L + IRT_R × 3 seeds × 2k steps × 64 images × 3 (forward + backward), and 3 arms × 3 seeds × 5,924 queries forward");
        assertTrue(cost.stages().get(0).isMeasured(), "the smoke run timed a step");
    }

    @Test
    void sopRunsTheResNet50RowsAndTheGrid() {
        List<RetrievalResult> resNet = IrtPaperRuns.run(IrtPaperRuns.resNet50Arms(IrtBenchmark.SOP));
        assertEquals(List.of("ResNet-50 IRT_L", "ResNet-50 IRT_R"), resNet.stream().map(RetrievalResults::paperRowName).toList());
        String beside = RetrievalResults.paperResNetTable().beside(RetrievalResults.paperShapedTable(IrtBenchmark.SOP, resNet)).html();
        assertTrue(beside.contains("79.8") && beside.contains("81.2"), "the paper's ResNet-50 rows beside ours");
        MarginKoleoGrid grid = IrtPaperRuns.grid(IrtBenchmark.SOP);
        Table ours = RetrievalResults.gridTable(grid);
        assertEquals(List.of("β", "λ 0.0", "λ 0.7"), ours.columnNames());
        String html = RetrievalResults.paperGrid(grid, false).beside(ours).html();
        assertTrue(html.contains("83.0") && html.contains("84.0"), "the paper's β 0.5 row beside ours");
    }

    @Test
    void theDescriptorStartsFromTheImportedFileNotFromItsInitialisation() throws IOException {
        RetrievalNet net = Descriptor.deitSmall(Pooling.CLS).net(224);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainLoop.initialize(manager, net, 1, new Shape(1, 3, 224, 224));
            Descriptor.deitSmall(Pooling.CLS).loadImported(net);
            float[] file = SafetensorsFile.open(Path.of(System.getProperty("glimpse.weights.dir"), "deit-small-imagenet.safetensors")).floats("cls_token");
            float[] loaded = net.backbone().getParameters().stream().filter(p -> p.getKey().equals("classToken"))
                    .findFirst().orElseThrow().getValue().getArray().toFloatArray();
            assertArrayEquals(file, loaded, 0f, "the class token is the file's");
        }
    }

    static void assertPaperShaped(IrtBenchmark b, List<RetrievalResult> arms) {
        Table ours = RetrievalResults.paperShapedTable(b, arms);
        List<String> columns = new ArrayList<>(List.of("method"));
        for (int k : b.ks()) columns.add("R@" + k + " %");
        assertEquals(columns, ours.columnNames());
        assertEquals(arms.size(), ours.rowCount());
        assertTrue(ours.name().contains("SMOKE"), "labelled meaningless: " + ours.name());
        for (RetrievalResult r : arms)
            for (int k : b.ks()) {
                double v = r.recall(k).mean();
                assertTrue(v >= 0 && v <= 1, r.label() + " R@" + k + " = " + v);
            }
        String html = RetrievalResults.paperTable(b).beside(ours).html();
        assertTrue(html.contains(String.valueOf(b.paperRecall()[0])), "the paper's IRT_R R@1 beside ours");
    }

    private static void set(String key, String value) {
        System.setProperty(key, value);
        properties.add(key);
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = IrtPaperSmokeTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            Files.copy(in, target);
        }
    }
}
