package glimpse.nn.weights;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.nn.Blocks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints written by Debian's python3-torch + python3-torchvision (torchvision's resnet50 and
 * resnet34, a module with timm's DeiT-Small names; seeded random weights, BatchNorm statistics
 * measured on random images) load into our models and give torch's logits to 1e-4 in f32 on the
 * same inputs. The script is src/test/resources/glimpse/nn/weights/torch_reference.py; it writes its
 * checkpoints with the converter's writer, whose output this reader must also accept.
 */
class TorchCheckpointTest {
    static final double TOLERANCE = 1e-4;
    static Path dir;
    static SafetensorsFile reference;
    static NDManager manager;

    @BeforeAll
    static void writeCheckpointsWithTorch() throws Exception {
        glimpse.testing.TorchPython.require(CheckpointConverter.PYTHON, "torch", "torchvision");
        dir = Files.createTempDirectory("glimpse-torch-weights");
        Path scripts = Files.createDirectories(dir.resolve("scripts")), out = Files.createDirectories(dir.resolve("out"));
        copy("/glimpse/nn/weights/pth_to_safetensors.py", scripts.resolve("pth_to_safetensors.py"));
        copy("/glimpse/nn/weights/torch_reference.py", scripts.resolve("torch_reference.py"));
        ProcessBuilder pb = new ProcessBuilder(CheckpointConverter.PYTHON.toString(), scripts.resolve("torch_reference.py").toString(), scripts.toString(), out.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        CheckpointConverter.run(pb, java.time.Duration.ofMinutes(5), "torch_reference.py");
        dir = out;
        reference = SafetensorsFile.open(dir.resolve("reference.safetensors"));
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (manager != null) manager.close();
        if (dir != null) try (var files = Files.walk(dir.getParent())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void resnet50F32GivesTorchvisionsLogits() {
        Block net = loaded(ImageNetArchitecture.RESNET50, 64, "resnet50.safetensors");
        assertClose(reference.floats("resnet50.logits"), ImageNetArchitecture.logits(net, manager, reference.floats("images64"), 2, 64), "resnet50");
    }

    @Test
    void resnet34StoredAsF16GivesTorchvisionsLogitsAndTheProbeOfWeightsCheck() {
        Block net = loaded(ImageNetArchitecture.RESNET34, 64, "resnet34-f16.safetensors");
        assertClose(reference.floats("resnet34.logits"), ImageNetArchitecture.logits(net, manager, reference.floats("images64"), 2, 64), "resnet34");
        assertClose(reference.floats("resnet34.probe64.logits"), ImageNetArchitecture.logits(net, manager, ImageNetArchitecture.probeImage(64), 1, 64),
                "resnet34 on the probe image");
    }

    @Test
    void deitSmallWithTimmsNamesGivesTheSameLogitsAt224() {
        Block net = loaded(ImageNetArchitecture.DEIT_SMALL, 224, "deit_small.safetensors");
        assertClose(reference.floats("deit.logits224"), ImageNetArchitecture.logits(net, manager, reference.floats("images224"), 2, 224), "deit 224");
    }

    @Test
    void aDeitCheckpointSavedAsFacebookPublishedItConvertsAndGivesTheSameLogits() {
        Path converted = dir.resolve("deit_small-converted.safetensors");
        String report = CheckpointConverter.convert(dir.resolve("deit_small.pth"), converted);
        assertTrue(report.contains("state dict under 'model'; other entries not converted: epoch") && report.contains("152 tensors"), report);
        Block net = loaded(ImageNetArchitecture.DEIT_SMALL, 224, "deit_small-converted.safetensors");
        assertClose(reference.floats("deit.logits224"), ImageNetArchitecture.logits(net, manager, reference.floats("images224"), 2, 224), "deit 224 from .pth");
    }

    @Test
    void deitSmallAt64PxResizesItsPositionEmbeddingAsTimmAndGivesTheSameLogits() {
        Block net = ImageNetArchitecture.DEIT_SMALL.classifier(64);
        Blocks.initialize(net, manager, new Shape(1, 3, 64, 64));
        WeightImport.Report r = ImageNetArchitecture.DEIT_SMALL.load(net, dir.resolve("deit_small.safetensors")).requireComplete();
        assertTrue(r.loaded().stream().anyMatch(l -> l.name().equals("pos_embed") && l.note().contains("14×14 → 4×4")), r.loaded().toString());
        assertClose(reference.floats("deit.logits64"), ImageNetArchitecture.logits(net, manager, reference.floats("images64"), 2, 64), "deit 64");
    }

    @Test
    void positionEmbeddingResizeMatchesTorchsAntialiasedBicubicBothWays() {
        float[] original = SafetensorsFile.open(dir.resolve("deit_small.safetensors")).floats("pos_embed");
        for (int grid : new int[] {4, 7, 24}) {
            float[] ours = PositionEmbeddingResize.resize(original, 1, 14, grid, 384);
            float[] torch = reference.floats("deit.pos_embed" + grid);
            assertEquals(torch.length, ours.length);
            double worst = 0;
            for (int i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - torch[i]));
            System.out.printf("position grid 14 -> %d: max |ours - torch| = %.2e%n", grid, worst);
            assertTrue(worst < 1e-6, "grid " + grid + ": max |ours - torch| = " + worst + " on values of size ~0.02");
        }
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsAnErrorNamingTensorFileAndExpectedShape() {
        Block net = ImageNetArchitecture.RESNET50.classifier(64);
        Blocks.initialize(net, manager, new Shape(1, 3, 64, 64));
        Path file = dir.resolve("resnet34-f16.safetensors");
        WeightImport.Report r = ImageNetArchitecture.RESNET50.load(net, file);
        WeightFileException e = assertThrows(WeightFileException.class, r::requireComplete);
        assertTrue(e.getMessage().contains("tensor 'layer1.0.conv1.weight' in " + file + " has shape (64, 64, 3, 3); resnet50 expects (64, 64, 1, 1)"), e.getMessage());
        assertTrue(r.missing().stream().anyMatch(m -> m.message().equals("tensor 'layer1.0.conv3.weight' is missing from " + file
                + "; resnet50 expects it with shape (256, 64, 1, 1)")), r.missing().toString());
    }

    @Test
    void theConverterReadsATorchSaveCheckpointWithItsStateDictUnderModel() throws IOException {
        Path out = dir.resolve("tiny.safetensors");
        String report = CheckpointConverter.convert(dir.resolve("tiny.pth"), out);
        assertTrue(report.contains("state dict under 'model'; other entries not converted: epoch") && report.contains("3 tensors"), report);
        SafetensorsFile f = SafetensorsFile.open(out);
        assertEquals(SafetensorsFile.DType.BF16, f.tensor("b.bias").dtype());
        assertEquals(SafetensorsFile.DType.F16, f.tensor("c.half").dtype());
        for (String name : new String[] {"a.weight", "b.bias", "c.half"})
            assertArrayEquals(reference.floats("tiny." + name), f.floats(name), name);
    }

    @Test
    void picklesThatAskToRunCodeAreRefusedByTheReaderAndTheConverterAndNothingRuns() {
        for (String name : new String[] {"evil.pth", "evil.pkl"}) {
            Path evil = dir.resolve(name);
            WeightFileException read = assertThrows(WeightFileException.class, () -> SafetensorsFile.open(evil));
            assertTrue(read.getMessage().contains("not read: unpickling can run arbitrary code") && read.getMessage().contains("./glimpse weights convert"), read.getMessage());
            WeightFileException converted = assertThrows(WeightFileException.class, () -> CheckpointConverter.convert(evil, dir.resolve(name + ".safetensors")));
            assertTrue(converted.getMessage().contains("refused by torch.load(weights_only=True)"), converted.getMessage());
            assertFalse(Files.exists(dir.resolve("pwned")), "the pickle's os.system ran");
            assertFalse(Files.exists(dir.resolve(name + ".safetensors")));
        }
    }

    private static Block loaded(ImageNetArchitecture arch, int size, String file) {
        Block net = arch.classifier(size);
        Blocks.initialize(net, manager, new Shape(1, 3, size, size));
        WeightImport.Report r = arch.load(net, dir.resolve(file)).requireComplete();
        assertEquals(arch == ImageNetArchitecture.DEIT_SMALL ? 152 : arch == ImageNetArchitecture.RESNET50 ? 267 : 182, r.loaded().size(), "tensors loaded");
        assertEquals(arch == ImageNetArchitecture.DEIT_SMALL ? 0 : arch == ImageNetArchitecture.RESNET50 ? 53 : 36, r.ignored().size(), "num_batches_tracked ignored");
        return net;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        System.out.printf("%s: max |ours - torch| = %.2e over %d logits%n", what, worst, expected.length);
        assertTrue(worst <= TOLERANCE, what + ": max |ours - torch| = " + worst + " (tolerance " + TOLERANCE + ")");
    }

    static void assertArrayEquals(float[] expected, float[] actual, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, what);
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = TorchCheckpointTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }
}
