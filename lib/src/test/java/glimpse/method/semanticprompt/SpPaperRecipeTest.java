package glimpse.method.semanticprompt;

import glimpse.fewshot.FewShotTask;
import glimpse.train.LrSchedule;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link SpSpec#paper} against the paper's recipe, value by value, each with where the paper (arXiv
 * 2303.14123) or its official code states it. Outside smoke mode every budget is the paper's.
 */
class SpPaperRecipeTest {
    /** miniImageNet's base split: 64 classes × 600 images (Ravi &amp; Larochelle splits). */
    static final int MINI_BASE_IMAGES = 38_400;

    record Row(String what, Object ours, Object paper, String source) {}

    @Test
    void thePaperRecipeHasThePapersHyperparameters() {
        assertFalse(glimpse.experiment.PaperScale.smoke(), "this test reads the paper's budgets, not the smoke run's");
        SpSpec s = SpSpec.paper(FewShotTask.of("miniimagenet", "miniimagenet", "base", "novel", 1), MINI_BASE_IMAGES, SpText.of(SpText.Encoder.MINILM));
        TrainConfig pre = s.pretraining(), meta = s.metaTuning();
        List<Row> table = List.of(
                new Row("backbone", s.backbone().name(), "visformer-tiny-224", "§4.1: Visformer-T at 224 px"),
                new Row("input size", s.backbone().imageSize(), 224, "§4.1; official --image_size 224"),
                new Row("stored images resized to 224", s.backbone().resizeInput(), true, "official loader: RandomResizedCrop(224) / Resize on 84-px images"),
                new Row("stage 1 optimiser", pre.optimizer(), TrainConfig.Optimizer.ADAMW, "§4.1: AdamW"),
                new Row("stage 1 lr", pre.learningRate(), 5e-4f, "§4.1: lr 5e-4"),
                new Row("stage 1 weight decay", pre.weightDecay(), 5e-2f, "§4.1: weight decay 5e-2"),
                new Row("stage 1 schedule", pre.schedule(), LrSchedule.CONSTANT, "official train_vit.py: no lr schedule"),
                new Row("stage 1 images per step", pre.batchSize(), 64, "§4.1: batch 128 = 64 images × 2 augmentations"),
                new Row("stage 1 copies per image", s.pretrainAugmentation().repeats(), 2, "§4.1: repeated augmentation"),
                new Row("stage 1 crop area", s.pretrainAugmentation().augment().minCropArea(), 0.08, "official: RandomResizedCrop (scale 0.08–1)"),
                new Row("stage 1 steps (800 epochs × 600)", pre.steps(), 800 * (MINI_BASE_IMAGES / 64), "§4.1: 800 epochs"),
                new Row("stage 1 epochs, tieredImageNet", SpSpec.pretrainEpochs("tieredimagenet"), 300, "§4.1: 300 epochs on tieredImageNet"),
                new Row("stage 2 ways / shots / queries", List.of(s.episodes().ways(), s.episodes().shots(), s.episodes().queries()), List.of(5, 1, 15),
                        "official train_vit_sp.py: --way 5 --shot 1, 15 queries per class"),
                new Row("stage 2 optimiser", meta.optimizer(), TrainConfig.Optimizer.ADAMW, "§4.1: AdamW"),
                new Row("stage 2 lr, text projections", meta.learningRate(), 5e-4f, "§4.1: 5e-4 for the projections"),
                new Row("stage 2 lr, everything else", String.format(java.util.Locale.ROOT, "%.3e", meta.learningRate() * meta.groups().get(0).lrMultiplier()), "1.000e-06", "§4.1: 1e-6 for the backbone (official --encoder_lr)"),
                new Row("stage 2 groups at 1e-6", meta.groups().stream().map(TrainConfig.ParamGroup::key).toList(), List.of("backbone", "se1", "se2"),
                        "official: the SE-MLP is in the slow group"),
                new Row("stage 2 weight decay", meta.weightDecay(), 5e-2f, "official: weight_decay 5e-2 in both groups"),
                new Row("stage 2 steps (100 epochs × 480 episodes)", meta.steps(), 100 * (MINI_BASE_IMAGES / (5 * 16)),
                        "official: 100 epochs of len(train) / (way · (shot + 15)) episodes"),
                new Row("temperature", CosinePrototypeLoss.TEMPERATURE, 0.2f, "meta-tuning loss, eq. 9: τ = 0.2 (official --t 0.2)"),
                new Row("prompt: both interactions", List.of(s.method().prompt(), s.method().spatial(), s.method().channel()), List.of(true, true, true),
                        "§3.3: spatial and channel interaction"),
                new Row("insertion", s.method().beforeBlock(), -1, "§4.3: before layer3-2 (−1 = the paper's block)"),
                new Row("pooling", s.method().pooling(), SpNet.Pooling.ALL, "§4.3: All pooling"),
                new Row("projection", s.method().projection(), SemanticPrompt.Projection.LINEAR, "official --projector linear"),
                new Row("test ways / shots", List.of(s.eval().ways(), s.eval().shots()[0], s.eval().shots()[1]), List.of(5, 1, 5), "§4.1: 5-way 1-shot and 5-shot"),
                new Row("test queries", s.eval().queries(), 15, "§4.1: 15 queries per class"),
                new Row("test episodes", s.eval().episodes(), 2000, "§4.1: 2000 episodes"),
                new Row("test views (5 shots)", s.protocol().views(), 10, "§4.1 / official --aug_support 10"),
                new Row("regression C", s.protocol().c(), 1.0, "official: LogisticRegression(C=1)"),
                new Row("view crop area and flip", List.of(s.protocol().viewAugment().minCropArea(), s.protocol().viewAugment().flipProbability()),
                        List.of(0.08, 0.5), "official: RandomResizedCrop + RandomHorizontalFlip"),
                new Row("CLIP context", SpText.CLIP_MAX_TOKENS, 20, "official --text_length 20"),
                new Row("MiniLM eqnorm", s.text().eqnorm(), 9.0, "official: eqnorm to 9 for SBERT features"));
        StringBuilder wrong = new StringBuilder();
        for (Row r : table)
            if (!r.ours().equals(r.paper())) wrong.append(r.what()).append(": ours ").append(r.ours()).append(", paper ").append(r.paper())
                    .append(" (").append(r.source()).append(")\n");
        assertEquals("", wrong.toString());
    }

    @Test
    void clipTextsAreEqnormedToTheBaseClassesMeanNorm() {
        SpText clip = SpText.clip(java.nio.file.Path.of("clip.onnx"), java.nio.file.Path.of("tokenizer.json"));
        assertEquals(SpText.EQNORM_BASE_MEAN, clip.eqnorm(), "official: eqnorm to the mean raw CLIP norm of the base classes");
        assertEquals("CLIP text", clip.label());
        assertThrows(IllegalArgumentException.class, () -> SpText.of(SpText.Encoder.CLIP));
    }

    @Test
    void theBenchmarksAreThePapers() {
        assertEquals(List.of("miniimagenet", "miniimagenet-folders", "tieredimagenet", "cifar-fs", "fc100"), SpSpec.PAPER_BENCHMARKS);
        Map<String, String[]> reported = glimpse.report.SpPaperTables.REPORTED;
        assertArrayEquals(new String[] {"72.31 ± 0.40", "83.42 ± 0.30"}, reported.get("miniimagenet"));
        assertArrayEquals(new String[] {"78.03 ± 0.46", "88.55 ± 0.32"}, reported.get("tieredimagenet"));
        assertArrayEquals(new String[] {"82.18 ± 0.40", "88.24 ± 0.32"}, reported.get("cifar-fs"));
        assertNull(reported.get("fc100"), "FC100's numbers were not found");
    }

    @Test
    void aSmokeRunEstimatesTheCostOfTheReleasedBenchmarkNotOfTheFixture() {
        System.setProperty("glimpse.mode", "smoke");
        try {
            SpSpec s = SpSpec.paper(FewShotTask.of("miniimagenet", "miniimagenet", "base", "novel", 1), 120, SpText.of(SpText.Encoder.MINILM));
            var stages = SpPaperRuns.cost("miniimagenet", s, 3).stages();
            // stage 1 once (shared by the arms and the seeds): 800 epochs × 600 steps of 64 × 2 images
            assertEquals(List.of(800L * 600, 128), List.of(stages.get(0).steps(), stages.get(0).imagesPerStep()));
            // stage 2 per arm and seed: 100 epochs × 480 episodes of 5 × 16 images
            assertEquals(List.of(2L * 3 * 100 * 480, 80), List.of(stages.get(1).steps(), stages.get(1).imagesPerStep()));
            // test per arm and seed: 2000 episodes, 1 shot (5 + 75 images) and 5 shots (25 × 10 views + 75)
            assertEquals(List.of(2L * 3 * 2000, 80 + 325), List.of(stages.get(2).steps(), stages.get(2).imagesPerStep()));
            assertEquals(Visformer.flops(Visformer.tiny224()), stages.get(0).forwardFlopsPerImage(), 0);
        } finally {
            System.clearProperty("glimpse.mode");
        }
    }
}
