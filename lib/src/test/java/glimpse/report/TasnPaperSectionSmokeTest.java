package glimpse.report;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import glimpse.data.fixtures.BenchmarkFixtures;
import glimpse.method.tasn.Tasn;
import glimpse.method.tasn.TasnMethod;
import glimpse.method.tasn.TasnRecipe;
import glimpse.nn.weights.CheckpointConverter;
import glimpse.nn.weights.SafetensorsFile;
import glimpse.testing.TorchPython;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 04's paper section in smoke mode on the CUB fixture (all 200 classes, 2 images each, in
 * CUB's layout), with a ResNet-50 checkpoint in torchvision's layout that Debian's python3-torchvision
 * writes (seeded random weights; converted by the user's path, {@code weights convert}): the paper's
 * architectures and 512-px streamed input at 2 steps, batch 2, 8 test images, one seed.
 */
class TasnPaperSectionSmokeTest {
    static Path root;
    static final List<String> properties = new ArrayList<>();

    @BeforeAll
    static void fixturesWeightsAndSmokeMode() throws Exception {
        Path python = TorchPython.require("torch", "torchvision");
        root = Files.createTempDirectory("glimpse-tasn-smoke");
        for (var folder : new BenchmarkFixtures(1).writeAll(root.resolve("data")))
            folder.systemProperties().forEach(TasnPaperSectionSmokeTest::set);
        Path weights = Files.createDirectories(root.resolve("weights")), pth = root.resolve("resnet50.pth");
        Process p = new ProcessBuilder(python.toString(), "-c", "import sys, torch, torchvision; torch.manual_seed(4);"
                + " torch.save(torchvision.models.resnet50().state_dict(), sys.argv[1])", pth.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "torchvision took over 3 minutes to write a resnet50");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        CheckpointConverter.convert(pth, weights.resolve("resnet50-imagenet.safetensors"));
        set("glimpse.weights.dir", weights.toString());
        set("glimpse.cache", root.resolve("cache").toString());
        set("glimpse.mode", "smoke");
    }

    private static void set(String key, String value) {
        System.setProperty(key, value);
        properties.add(key);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        properties.forEach(System::clearProperty);
        if (root != null) try (var s = Files.walk(root)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
    }

    @Test
    void thePaperBackboneStartsFromTheImportedFile() {
        TasnMethod m = TasnRecipe.paperMethod(224);
        try (NDManager manager = NDManager.newBaseManager()) {
            Tasn net = (Tasn) m.build(200);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 512, 512));
            m.startFrom(net);
            SafetensorsFile file = SafetensorsFile.open(Path.of(System.getProperty("glimpse.weights.dir")).resolve("resnet50-imagenet.safetensors"));
            Parameter stem = net.backbone().getChildren().values().get(0).getParameters().get("weight");
            assertArrayEquals(file.floats("conv1.weight"), stem.getArray().toFloatArray(), "the stem's kernel is torchvision's conv1.weight");
        }
    }

    @Test
    void theSectionRunsToThePapersTableShape() {
        TasnPaperSection section = TasnPaperSection.run(TasnRecipe.Benchmark.CUB);
        var ours = section.ours();
        assertEquals(List.of("arm", "224-px output", "336-px output", "448-px output"), ours.columnNames());
        assertEquals(4, ours.rowCount());
        assertTrue(ours.name().startsWith("smoke run (2 steps): meaningless"), ours.name());
        for (TasnRecipe.Arm arm : TasnRecipe.Arm.values())
            for (int out : TasnRecipe.SAMPLER_OUTPUTS) {
                var r = section.result(arm, out);
                if (out != 224 && arm != TasnRecipe.Arm.DISTILLATION) { assertNull(r); continue; }
                assertEquals(TasnRecipe.SMOKE_TEST_IMAGES, r.testImages(), arm + " " + out);
                assertEquals(1, r.perSeed().size());
                double acc = r.overall().mean();
                assertTrue(acc >= 0 && acc <= 1, arm + " " + out + ": accuracy " + acc);
                for (float l : r.perSeed().get(0).losses()) assertTrue(Float.isFinite(l), arm + " " + out + " loss " + l);
                assertEquals(2, r.perSeed().get(0).losses().length);
            }
        String html = section.besidePaper().html();
        assertTrue(html.contains("87.0") && html.contains("88.0") && html.contains("official repository README"), html);
        assertEquals(4, section.verdicts().size());
        System.out.println(section.verdictLines());
    }
}
