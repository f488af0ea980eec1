package glimpse.method.tasn;

import glimpse.classification.ClassificationSpec;
import glimpse.data.image.RgbTransforms;
import glimpse.nn.weights.PretrainedWeights;
import glimpse.train.LrSchedule;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper recipe's hyperparameters against the paper's (Zheng, Fu, Zha, Luo, "Looking for the Devil
 * in the Details", CVPR 2019, arXiv 1903.06150) and its official code (researchmm/tasn). Each row: what, the paper's value, ours, where the paper says it.
 */
class TasnRecipeTest {
    @AfterEach
    void mode() { System.clearProperty("glimpse.mode"); }

    record Pin(String what, Object paper, Object ours, String where) {}

    @Test
    void thePaperRecipeHasThePapersHyperparameters() {
        System.setProperty("glimpse.mode", "paper");
        ClassificationSpec spec = TasnRecipe.paper(TasnRecipe.Benchmark.CUB, 224, TasnRecipe.Arm.DISTILLATION);
        TasnMethod m = (TasnMethod) spec.method();
        TrainConfig t = spec.training();
        RgbTransforms train = spec.data().input().train();
        int stepsPerEpoch = 5994 / 96;
        List<Pin> pins = List.of(
                new Pin("benchmark", "cub-200-2011-512", spec.data().dataset(), "arXiv 1903.06150 §4.1 (CUB-200-2011)"),
                new Pin("training images", 5994, TasnRecipe.Benchmark.CUB.trainImages(), "§4.1, CUB split"),
                new Pin("input side (resize)", 512, train.resize(), "§4.1: images resized to 512"),
                new Pin("input side (crop)", 512, train.size(), "§4.1 / official code: 512-px input to the sampler"),
                new Pin("rotation ≤", 30.0, train.rotationDegrees(), "§4.1 augmentation"),
                new Pin("mirror", 0.5, train.flipProbability(), "§4.1 augmentation"),
                new Pin("attention view", 224, m.attentionInput(), "official code: 512-px input resized to 224 for the attention net"),
                new Pin("attention maps", 512, m.attentionNet().channels(), "official code: 512 maps on 28×28"),
                new Pin("sampler output", 224, m.sampler().out(), "official README: 224-px output (87.0 %)"),
                new Pin("sampler dense", 4f, m.sampler().dense(), "official sampler: clip at 4× the uniform density"),
                new Pin("sampler convention", AttentionSampler.Convention.OFFICIAL, m.sampler().convention(), "official att_sampler"),
                new Pin("trilinear β", 7f, (float) m.trilinear().beta(), "§3.1, Eq. 2: softmax(7·X) inner"),
                new Pin("backbone", TasnMethod.Backbone.Kind.RESNET50, m.backbone().kind(), "§4.1: ResNet-50"),
                new Pin("backbone weights", "resnet50-imagenet", m.backbone().pretrained(), "§4.1: ImageNet-pretrained"),
                new Pin("loss", new TasnLoss(1, 0.5, 1, new Distillation(10f)), m.loss(), "§3.3–3.4, official model.py: CE_att + 0.5·4 heads + 1·distill, T = 10"),
                new Pin("optimiser", TrainConfig.Optimizer.SGD, t.optimizer(), "§4.1: SGD"),
                new Pin("learning rate", 0.1f, t.learningRate(), "§4.1 / official code"),
                new Pin("momentum", 0f, t.momentum(), "official code: none"),
                new Pin("weight decay", 0f, t.weightDecay(), "official code: none"),
                new Pin("batch", 96, t.batchSize(), "official code"),
                new Pin("steps (300 epochs)", 300 * stepsPerEpoch, t.steps(), "official code: 300 epochs"),
                new Pin("schedule", LrSchedule.STEP, t.schedule(), "official code: step decay"),
                new Pin("decay every (100 epochs)", 100 * stepsPerEpoch, t.decayEvery(), "official code: ×0.1 at epochs 100 and 200"),
                new Pin("decay factor", 0.1f, t.decayFactor(), "official code"),
                new Pin("sampler outputs of the table", List.of(224, 336, 448), java.util.Arrays.stream(TasnRecipe.SAMPLER_OUTPUTS).boxed().toList(),
                        "official README: 224 and 336 px; 448 px the ablation"),
                new Pin("seeds", 3, spec.seeds().size(), "the paper reports one run; three seeds give an interval"));
        StringBuilder wrong = new StringBuilder();
        for (Pin p : pins) if (!p.paper().equals(p.ours())) wrong.append("\n  ").append(p.what()).append(": paper ").append(p.paper()).append(" (").append(p.where()).append("), ours ").append(p.ours());
        assertEquals("", wrong.toString(), "hyperparameters that differ from the paper's");
        assertEquals(RgbTransforms.View.RESIZE_CENTRE_CROP, spec.data().input().test().view(), "the test view is deterministic");
        assertTrue(PretrainedWeights.entry("resnet50-imagenet").loadedByRecipe(), "the catalog says the recipe loads the file");
    }

    @Test
    void theArmsTakeAwayOnePieceOfTasnEach() {
        System.setProperty("glimpse.mode", "paper");
        var arms = TasnRecipe.paperArms(TasnRecipe.Benchmark.CUB, 224).stream().map(s -> (TasnMethod) s.method()).toList();
        assertEquals(List.of("uniform downsample", "structure-sampled", "+ part-net", "TASN (+ distillation)"), arms.stream().map(TasnMethod::label).toList());
        assertEquals(Tasn.Sampling.UNIFORM, arms.get(0).sampling());
        assertEquals(List.of(false, false, true, true), arms.stream().map(a -> a.loss().partNet()).toList());
        assertEquals(List.of(0.0, 0.0, 0.0, 1.0), arms.stream().map(a -> a.loss().distillWeight()).toList());
        for (var a : arms) assertEquals(arms.get(3).with(b -> b.label(a.label()).loss(a.loss()).sampling(a.sampling())), a, "only label, loss and sampling differ");
        // the CPU arms are the same reductions of the CPU TASN
        assertEquals(TasnMethod.uniform(), TasnRecipe.Arm.UNIFORM.of(TasnMethod.full()));
        assertNull(TasnMethod.full().backbone().pretrained(), "the CPU recipe imports no checkpoint (its pre-training is TasnPretraining.pretrainedOnGlyphs)");
    }

    @Test
    void smokeModeCutsEveryBudgetButKeepsTheSizes() {
        System.setProperty("glimpse.mode", "smoke");
        ClassificationSpec spec = TasnRecipe.paper(TasnRecipe.Benchmark.CUB, 448, TasnRecipe.Arm.DISTILLATION);
        assertEquals(2, spec.steps());
        assertEquals(2, spec.batchSize());
        assertEquals(List.of(1L), spec.seeds());
        assertEquals(TasnRecipe.SMOKE_TEST_IMAGES, spec.data().test().limit());
        assertEquals(448, ((TasnMethod) spec.method()).sampler().out());
        assertEquals(512, spec.data().input().train().size());
        assertThrows(IllegalArgumentException.class, () -> TasnRecipe.paper(TasnRecipe.Benchmark.CUB, 640, TasnRecipe.Arm.UNIFORM));
    }
}
