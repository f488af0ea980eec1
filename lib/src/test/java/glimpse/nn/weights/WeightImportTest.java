package glimpse.nn.weights;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import glimpse.nn.Blocks;
import glimpse.nn.TransformerReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Name-by-name loading without torch: a checkpoint written from one model's parameters under
 * torchvision's names fills a fresh model with exactly those values, and every way a checkpoint can
 * fail to fit is reported with the tensor, the file and the expected shape.
 */
class WeightImportTest {
    static NDManager manager;
    static Block source;
    static Map<String, SafetensorsTestFiles.Entry> entries;
    @TempDir Path dir;

    @BeforeAll
    static void randomResnet34() {
        manager = NDManager.newBaseManager();
        source = ImageNetArchitecture.RESNET34.classifier(32);
        Blocks.initialize(source, manager, new Shape(1, 3, 32, 32));
        TransformerReference.randomizeParameters(source, 34);
        SplittableRandom rng = new SplittableRandom(35);
        for (Pair<String, Parameter> p : source.getParameters()) {      // running statistics too, so that their names are exercised
            if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar")) {
                float[] v = new float[(int) p.getValue().getArray().size()];
                for (int i = 0; i < v.length; i++) v[i] = (float) (p.getKey().endsWith("runningVar") ? 0.5 + rng.nextDouble() : rng.nextDouble() - 0.5);
                p.getValue().getArray().set(v);
            }
        }
        entries = SafetensorsTestFiles.fromTargets(ImageNetArchitecture.RESNET34.targets(source));
    }

    @AfterAll
    static void close() { manager.close(); }

    @Test
    void aCheckpointOfAModelsParametersRecreatesTheModelExactly() throws IOException {
        Map<String, SafetensorsTestFiles.Entry> withCounters = new LinkedHashMap<>(entries);
        withCounters.put("bn1.num_batches_tracked", new SafetensorsTestFiles.Entry("I64", new long[] {}, new byte[8]));
        Path file = SafetensorsTestFiles.write(dir.resolve("r34.safetensors"), withCounters);
        Block fresh = fresh();
        WeightImport.Report r = ImageNetArchitecture.RESNET34.load(fresh, file).requireComplete();
        assertEquals(182, r.loaded().size());
        assertEquals(List.of("bn1.num_batches_tracked (BatchNorm's training-step counter)"), r.ignored());
        ai.djl.nn.ParameterList a = source.getParameters(), b = fresh.getParameters();
        for (int i = 0; i < a.size(); i++)
            assertArrayEquals(a.get(i).getValue().getArray().toFloatArray(), b.get(i).getValue().getArray().toFloatArray(), a.get(i).getKey());
        float[] image = ImageNetArchitecture.probeImage(32);
        assertArrayEquals(ImageNetArchitecture.logits(source, manager, image, 1, 32), ImageNetArchitecture.logits(fresh, manager, image, 1, 32));
    }

    @Test
    void aMissingTensorIsAnErrorNamingItTheFileAndTheExpectedShape() throws IOException {
        Map<String, SafetensorsTestFiles.Entry> less = new LinkedHashMap<>(entries);
        less.remove("layer4.2.bn2.running_var");
        Path file = SafetensorsTestFiles.write(dir.resolve("less.safetensors"), less);
        WeightImport.Report r = ImageNetArchitecture.RESNET34.load(fresh(), file);
        assertFalse(r.complete());
        WeightFileException e = assertThrows(WeightFileException.class, r::requireComplete);
        assertTrue(e.getMessage().contains("tensor 'layer4.2.bn2.running_var' is missing from " + file + "; resnet34 expects it with shape (512,)"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + " does not fit resnet34: 1 missing, 0 mismatched, 0 unexpected"), e.getMessage());
    }

    @Test
    void aTensorOfAnotherShapeOrDtypeIsAMismatchNamingBothShapes() throws IOException {
        Map<String, SafetensorsTestFiles.Entry> wrong = new LinkedHashMap<>(entries);
        wrong.put("fc.weight", SafetensorsTestFiles.Entry.f32(new long[] {10, 512}, new float[5120]));
        wrong.put("conv1.weight", new SafetensorsTestFiles.Entry("I64", new long[] {64, 3, 7, 7}, new byte[8 * 64 * 3 * 49]));
        Path file = SafetensorsTestFiles.write(dir.resolve("wrong.safetensors"), wrong);
        WeightImport.Report r = ImageNetArchitecture.RESNET34.load(fresh(), file);
        assertEquals(List.of("conv1.weight", "fc.weight"), r.mismatched().stream().map(WeightImport.Problem::name).toList());
        assertEquals("tensor 'fc.weight' in " + file + " has shape (10, 512); resnet34 expects (1000, 512)", r.mismatched().get(1).message());
        assertEquals("tensor 'conv1.weight' in " + file + " is I64; resnet34 expects floating-point weights (F32, F16, BF16) of shape (64, 3, 7, 7)",
                r.mismatched().get(0).message());
    }

    @Test
    void aTensorTheModelDoesNotHaveIsUnexpected() throws IOException {
        Map<String, SafetensorsTestFiles.Entry> more = new LinkedHashMap<>(entries);
        more.put("dist_token", SafetensorsTestFiles.Entry.f32(new long[] {1, 1, 2}, 1, 2));
        Path file = SafetensorsTestFiles.write(dir.resolve("more.safetensors"), more);
        WeightImport.Report r = ImageNetArchitecture.RESNET34.load(fresh(), file);
        assertEquals(List.of("tensor 'dist_token' (1, 1, 2) in " + file + " is not a parameter of resnet34: the checkpoint is of another architecture or variant"),
                r.unexpected().stream().map(WeightImport.Problem::message).toList());
        assertThrows(WeightFileException.class, r::requireComplete);
    }

    @Test
    void aBareBackboneTakesEverythingButTheHeadWhichIsIgnored() throws IOException {
        Path file = SafetensorsTestFiles.write(dir.resolve("full.safetensors"), entries);
        Block backbone = ImageNetArchitecture.RESNET34.backbone(32);
        Blocks.initialize(backbone, manager, new Shape(1, 3, 32, 32));
        WeightImport.Report r = ImageNetArchitecture.RESNET34.load(backbone, file).requireComplete();
        assertEquals(180, r.loaded().size());
        assertEquals(List.of("fc.bias (classifier head; the model is a bare backbone)", "fc.weight (classifier head; the model is a bare backbone)"),
                r.ignored().stream().sorted().toList());
    }

    @Test
    void anUninitialisedModelIsRefused() throws IOException {
        Path file = SafetensorsTestFiles.write(dir.resolve("u.safetensors"), Map.of("x", SafetensorsTestFiles.Entry.f32(new long[] {1}, 1)));
        Block model = ImageNetArchitecture.RESNET34.classifier(32);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ImageNetArchitecture.RESNET34.load(model, file));
        assertTrue(e.getMessage().contains("initialise the resnet34 model"), e.getMessage());
    }

    @Test
    void theNameMapsCoverEveryParameterOfTheirModels() {
        for (ImageNetArchitecture arch : ImageNetArchitecture.values()) {
            Block model = arch.classifier(32);
            Blocks.initialize(model, manager, new Shape(1, 3, 32, 32));
            List<WeightImport.Target> targets = arch.targets(model);
            assertEquals(model.getParameters().size(), targets.size(), arch + ": one checkpoint tensor per parameter");
            assertEquals(targets.size(), targets.stream().map(WeightImport.Target::name).distinct().count(), arch + ": names are distinct");
            assertEquals(targets.size(), targets.stream().map(t -> t.parameter()).distinct().count(), arch + ": parameters are distinct");
        }
        // the backbones as TASN and IRT use them: ResNet-50's feature map, DeiT's tokens (no head: its tensors would be ignored)
        for (var model : List.of(Map.entry(ImageNetArchitecture.RESNET50, (Block) glimpse.nn.ResNets.resnet50(false)),
                Map.entry(ImageNetArchitecture.DEIT_SMALL, (Block) glimpse.nn.VisionTransformer.deitSmall(32, glimpse.nn.BackboneOutput.TOKENS)))) {
            Blocks.initialize(model.getValue(), manager, new Shape(1, 3, 32, 32));
            List<WeightImport.Target> targets = model.getKey().targets(model.getValue());
            assertEquals(model.getValue().getParameters().size(), targets.size(), model.getKey() + " backbone");
            assertTrue(targets.stream().noneMatch(t -> t.name().startsWith("fc.") || t.name().startsWith("head.")), model.getKey() + " backbone has no head");
        }
    }

    private static Block fresh() {
        Block b = ImageNetArchitecture.RESNET34.classifier(32);
        Blocks.initialize(b, manager, new Shape(1, 3, 32, 32));
        return b;
    }
}
