package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.data.glyphs.Glyphs;
import glimpse.train.Weights;
import glimpse.pretrain.BaseData;
import glimpse.pretrain.PretrainExperiment;
import glimpse.pretrain.PretrainSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** TASN's CPU backbone pre-trained on glyph classes the diacritic task never tests, loaded into every arm. */
class TasnPretrainingTest {
    @TempDir Path cache;

    @AfterEach void restore() { System.clearProperty("glimpse.cache"); }

    @Test
    void theGlyphBaseLeavesOutEveryClassOfTheTestedFamilies() {
        ImageSet base = Datasets.load("glyphs").split("base");
        BaseData kept = TasnPretraining.glyphBase();
        List<String> tested = Datasets.load("glyph-diacritics").split("test").classNames();
        Set<String> inBase = new HashSet<>(base.classNames());
        assertTrue(tested.stream().anyMatch(inBase::contains), "the base split holds some e-family classes, so leaving them out matters");
        Set<String> pretrained = new HashSet<>(kept.images().classNames());
        for (String c : tested) assertFalse(pretrained.contains(c), "test class " + c + " must not be pre-trained on");
        long eFamily = Glyphs.classes(base).stream().filter(g -> g.family().equals("e")).count();
        assertTrue(eFamily > 0);
        assertEquals(base.classCount() - eFamily, kept.images().classCount(), "every other base class is kept");
        assertEquals(32, kept.imageSize(), "64-px glyphs halved");
    }

    @Test
    void theBackboneKeysItsPretrainingOnTheNetworkAloneAndRefusesAnother() {
        TasnMethod.Backbone net = TasnMethod.Backbone.resnet12(16, 32, 64);
        BaseData data = new BaseData("glyphs", "base", new int[] {0, 1}, 4);
        TasnMethod.Backbone pre = net.pretrainedOn(data, PretrainSpec.standardTraining(7));
        assertEquals(net, pre.pretraining().architecture(), "the pre-training trains the network, whatever its start");
        assertEquals(PretrainSpec.standard(net, data, 7), pre.pretraining());
        assertEquals(net, pre.architecture());
        assertEquals("ResNet-12 (16-32-64)", pre.label());
        assertThrows(IllegalArgumentException.class, () -> new TasnMethod.Backbone(TasnMethod.Backbone.Kind.RESNET12, List.of(8, 16), null,
                PretrainSpec.standard(net, data, 7)), "a pre-training of another width");
        assertNull(TasnMethod.full().backbone().pretraining(), "TasnMethod.full() alone starts from random weights");
        TasnMethod pretrained = TasnPretraining.pretrainedOnGlyphs(TasnMethod.full(), 5);
        assertEquals(PretrainSpec.standardTraining(5).with(b -> b.adamW(TasnPretraining.LR)), pretrained.backbone().pretraining().training(),
                "the standard config at TASN's learning rate");
        assertEquals(2e-3f, pretrained.backbone().pretraining().training().learningRate(), 0f);
        for (TasnRecipe.Arm arm : TasnRecipe.Arm.values())
            assertEquals(pretrained.backbone(), arm.of(pretrained).backbone(), "every arm starts from the same pre-training");
    }

    @Test
    void everyArmStartsFromThePretrainedWeightsNotItsInitialisation() {
        System.setProperty("glimpse.cache", cache.toString());
        TasnMethod arm = TasnMethodTest.tiny(TasnMethod.uniform());
        TasnMethod pretrained = arm.withBackbone(arm.backbone().pretrainedOn(new BaseData("glyphs", "base", new int[] {0, 1, 2, 3, 4, 5}, 4), PretrainSpec.standardTraining(2)));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 16, 16));
            Tasn a = (Tasn) pretrained.build(3), b = (Tasn) TasnMethodTest.tiny(TasnMethod.full()).withBackbone(pretrained.backbone()).build(3);
            for (Tasn t : List.of(a, b)) t.initialize(m, DataType.FLOAT32, new Shape(2, 1, 24, 24));
            float[] random = features(m, a.backbone(), x);
            pretrained.startFrom(a);
            pretrained.startFrom(b);   // the cached pre-training: no second run
            Block reference = arm.backbone().build();
            reference.initialize(m, DataType.FLOAT32, new Shape(2, 1, 16, 16));
            Weights.load(reference, PretrainExperiment.weights(pretrained.backbone().pretraining()));
            float[] expected = features(m, reference, x);
            assertArrayEquals(expected, features(m, a.backbone(), x), 1e-5f, "the uniform arm's backbone is the pre-trained one");
            assertArrayEquals(expected, features(m, b.backbone(), x), 1e-5f, "so is the full TASN's");
            assertFalse(java.util.Arrays.equals(expected, random), "and not its initialisation");
        }
    }

    private static float[] features(NDManager m, Block backbone, NDArray x) {
        return backbone.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }
}
