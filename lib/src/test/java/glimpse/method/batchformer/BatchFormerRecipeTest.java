package glimpse.method.batchformer;

import glimpse.classification.ClassificationSpec;
import glimpse.data.image.RgbTransforms;
import glimpse.data.sampling.LongTail;
import glimpse.method.batchformer.BatchFormerRecipe.Benchmark;
import glimpse.train.LrSchedule;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The paper recipe's hyperparameters, each against its source. BatchFormer's paper (arXiv 2203.01522)
 * gives the module's settings; its CIFAR-LT training follows the long-tail literature, whose schedule
 * is Cao et al.'s (LDAM-DRW, arXiv 1906.07413 §4.1 / appendix, {@code cifar_train.py}), also Cui et al.'s
 * (arXiv 1901.05555 §5.2), whose CE numbers the section prints as the baseline's reference.
 */
class BatchFormerRecipeTest {

    @AfterEach void mode() { System.clearProperty("glimpse.mode"); }

    /** value, expected, source — one row each. */
    record Pin(String what, Object ours, Object paper, String source) {}

    @Test
    void paperRecipeHasThePublishedSettings() {
        System.setProperty("glimpse.mode", "paper");
        ClassificationSpec s = BatchFormerRecipe.paper(Benchmark.CIFAR100_LT, 100, ClassLoss.BALANCED_SOFTMAX, true);
        TrainConfig t = s.training();
        BatchFormerMethod m = (BatchFormerMethod) s.method();
        // CIFAR-100-LT at ρ = 100: Σ ⌊500 · 0.01^(i/99)⌋ = 10,847 images (the published total), 84 steps of 128 per epoch
        int images = 10_847, epoch = images / 128;
        List<Pin> pins = List.of(
                new Pin("benchmark", s.data().dataset(), "cifar-100", "arXiv 2203.01522 §4 long-tailed protocol (CIFAR-LT); manifest cifar-100"),
                new Pin("n_max", s.data().longTail().maxPerClass(), 500, "Cui et al. arXiv 1901.05555 §5.1: CIFAR-100 has 500 training images per class"),
                new Pin("ρ", s.data().longTail().imbalance(), 100.0, "arXiv 2203.01522 §4 / Cao et al. arXiv 1906.07413: ρ ∈ {10, 50, 100}"),
                new Pin("training images", BatchFormerRecipe.trainImages(Benchmark.CIFAR100_LT, s.data().longTail()), images, "Cao et al. arXiv 1906.07413 Table 1 protocol: 10,847 at ρ = 100"),
                new Pin("test set", s.data().test().perClass() + s.data().test().limit(), 0, "balanced CIFAR test set, all 10,000 images"),
                new Pin("backbone", m.backbone(), BatchFormerMethod.Backbone.RESNET32_CIFAR, "ResNet-32, He et al. arXiv 1512.03385 §4.2; Cao et al. §4.1"),
                new Pin("feature width C", m.featureWidth(), 64, "ResNet-32's last stage"),
                new Pin("encoder layers", m.encoder().layers(), 1, "arXiv 2203.01522: one transformer encoder layer"),
                new Pin("encoder heads at C = 64", m.encoder().headsFor(64), 1, "arXiv 2203.01522 code: 4 heads, 1 when C ≤ 128"),
                new Pin("encoder dropout", m.encoder().dropout(), 0.5, "arXiv 2203.01522: TransformerEncoderLayer(C, 4, C, 0.5)"),
                new Pin("shared classifier", m.mode(), TwoStreamLoss.Mode.SHARED_CLASSIFIER, "arXiv 2203.01522: one shared classifier for both streams"),
                new Pin("encoder lr multiplier", t.lrMultiplierFor(BatchFormerNet.ENCODER_PREFIX + "_x"), 0.1f, "arXiv 2203.01522: encoder at 0.1× the base lr"),
                new Pin("loss", m.loss(), ClassLoss.BALANCED_SOFTMAX, "Ren et al. arXiv 2007.10740 (one of the methods BatchFormer is added to)"),
                new Pin("optimizer", t.optimizer(), TrainConfig.Optimizer.SGD, "Cao et al. arXiv 1906.07413 appendix: SGD"),
                new Pin("momentum", t.momentum(), 0.9f, "Cao et al.: momentum 0.9"),
                new Pin("weight decay", t.weightDecay(), 2e-4f, "Cao et al.: weight decay 2e-4"),
                new Pin("batch", t.batchSize(), 128, "Cao et al.: batch 128"),
                new Pin("base lr", t.learningRate(), 0.1f, "Cao et al.: lr 0.1"),
                new Pin("epochs (in steps)", t.steps(), 200 * epoch, "Cao et al.: 200 epochs"),
                new Pin("warm-up (in steps)", t.warmupSteps(), 5 * epoch, "Cao et al.: linear warm-up over the first 5 epochs (Goyal et al.)"),
                new Pin("schedule", t.schedule(), LrSchedule.MILESTONES, "Cao et al.: step decay at fixed epochs"),
                new Pin("decay epochs (in steps)", t.milestones(), List.of(160 * epoch, 180 * epoch), "Cao et al.: epochs 160 and 180"),
                new Pin("decay factor", t.decayFactor(), 0.01f, "Cao et al. cifar_train.py adjust_learning_rate: lr × 0.01 after 160, × 0.0001 after 180"),
                new Pin("training view", s.data().views().train().view(), RgbTransforms.View.PAD_RANDOM_CROP, "He et al. §4.2 / Cao et al.: pad 4, random 32 crop, flip"),
                new Pin("crop padding", s.data().views().train().padding(), 4, "RandomCrop(32, padding=4)"),
                new Pin("crop size", s.data().views().train().size(), 32, "CIFAR at 32 px"),
                new Pin("flip", s.data().views().train().flipProbability(), 0.5, "RandomHorizontalFlip()"),
                new Pin("seeds", s.seeds().size(), 3, "issue 23: the paper's count (not stated) or 3"));
        StringBuilder wrong = new StringBuilder();
        for (Pin p : pins) if (!p.ours().equals(p.paper())) wrong.append(p.what()).append(": ours ").append(p.ours()).append(", ").append(p.source()).append(" says ").append(p.paper()).append('\n');
        assertEquals("", wrong.toString());
        // the published CIFAR-10-LT ρ = 100 total: 12,406 images
        assertEquals(12_406, BatchFormerRecipe.trainImages(Benchmark.CIFAR10_LT, new LongTail(100, 5000, 0)));
        // lr at a few epochs, as cifar_train.py's adjust_learning_rate (per step here: the warm-up rises within an epoch)
        assertEquals(0.1f, t.learningRateAt(5 * epoch), 1e-7f);
        assertEquals(0.1f, t.learningRateAt(160 * epoch - 1), 1e-7f);
        assertEquals(1e-3f, t.learningRateAt(160 * epoch), 1e-9f);
        assertEquals(1e-5f, t.learningRateAt(180 * epoch), 1e-11f);
        assertFalse(((BatchFormerMethod) BatchFormerRecipe.paper(Benchmark.CIFAR10_LT, 10, ClassLoss.CROSS_ENTROPY, false).method()).mode().usesEncoder());
    }

    /**
     * ImageNet-LT with ResNet-10, each value against its source: the benchmark (Liu et al., OLTR, arXiv
     * 1904.05160 §5), BatchFormer's module (arXiv 2203.01522 §3) and its official ImageNet-LT code
     * (zhihou7/BatchFormer, {@code long-tailed_recognition/BalancedSoftmax}: {@code config/ImageNet_LT/balanced_softmax_resnet10.yaml},
     * {@code run_networks.py}, {@code encoder_network.py}, {@code data/dataloader.py}), which is Ren et al.'s
     * Balanced Softmax code (arXiv 2007.10740) on Kang et al.'s decoupling code (arXiv 1910.09217).
     */
    @Test
    void imageNetLtRecipeHasThePublishedSettings() {
        System.setProperty("glimpse.mode", "paper");
        ClassificationSpec s = BatchFormerRecipe.imageNetLt(ClassLoss.BALANCED_SOFTMAX, true);
        TrainConfig t = s.training();
        BatchFormerMethod m = (BatchFormerMethod) s.method();
        int epoch = 115_846 / 128;   // 905: run_networks.py's epoch_steps = int(N / batch)
        String yaml = "BatchFormer code, balanced_softmax_resnet10.yaml";
        List<Pin> pins = List.of(
                new Pin("benchmark", s.data().dataset(), "imagenet-lt", "arXiv 2203.01522 §4 ImageNet-LT; manifest imagenet-lt (OLTR's lists)"),
                new Pin("training images", BatchFormerRecipe.IMAGENET_LT_TRAIN_IMAGES, 115_846, "OLTR arXiv 1904.05160 §5: 115.8K images (ImageNet_LT_train.txt lines)"),
                new Pin("classes", BatchFormerRecipe.IMAGENET_LT_CLASSES, 1000, "OLTR §5: 1000 classes"),
                new Pin("test images", BatchFormerRecipe.IMAGENET_LT_TEST_IMAGES, 50_000, "OLTR §5: balanced test set, 50 per class"),
                new Pin("training set", s.data().longTail(), null, "ImageNet-LT is long-tailed as released (1280 → 5): no profile applied"),
                new Pin("test split", s.data().testSplit(), "test", "OLTR / BatchFormer report the test list"),
                new Pin("test subset", s.data().test().perClass() + s.data().test().limit(), 0, "the whole test list"),
                new Pin("backbone", m.backbone(), BatchFormerMethod.Backbone.RESNET10, "arXiv 2203.01522 ImageNet-LT ResNet-10 rows; " + yaml + ": ResNet10Feature"),
                new Pin("feature width C", m.featureWidth(), 512, yaml + ": feat_dim 512"),
                new Pin("encoder heads at C = 512", m.encoder().headsFor(512), 4, "encoder_network.py: TransformerEncoderLayer(512, 4, 512, 0.5)"),
                new Pin("encoder dropout", m.encoder().dropout(), 0.5, "encoder_network.py: dropout 0.5"),
                new Pin("encoder layers", m.encoder().layers(), 1, "arXiv 2203.01522 §3: one transformer encoder layer"),
                new Pin("shared classifier", m.mode(), TwoStreamLoss.Mode.SHARED_CLASSIFIER, "arXiv 2203.01522 §3: the classifier shared by both streams"),
                new Pin("encoder lr multiplier", t.lrMultiplierFor(BatchFormerNet.ENCODER_PREFIX + "_x"), 0.1f, "run_networks.py: encoder lr = lr × 0.1"),
                new Pin("loss", m.loss(), ClassLoss.BALANCED_SOFTMAX, yaml + ": BalancedSoftmaxLoss"),
                new Pin("optimizer", t.optimizer(), TrainConfig.Optimizer.SGD, "run_networks.py: optim.SGD"),
                new Pin("momentum", t.momentum(), 0.9f, yaml + ": momentum 0.9"),
                new Pin("weight decay", t.weightDecay(), 5e-4f, yaml + ": weight_decay 0.0005"),
                new Pin("batch", t.batchSize(), 128, yaml + ": batch_size 128"),
                new Pin("base lr", t.learningRate(), 0.05f, yaml + ": lr 0.05 (Kang et al. arXiv 1910.09217: 0.2 at batch 512)"),
                new Pin("epochs (in steps)", t.steps(), 90 * epoch, yaml + ": num_epochs 90"),
                new Pin("schedule", t.schedule(), LrSchedule.COSINE, yaml + ": coslr true, endlr 0 (CosineAnnealingLR to 0)"),
                new Pin("warm-up", t.warmupSteps(), 0, yaml + ": no warm-up"),
                new Pin("streamed", s.data().streams(), true, "224-px images from their files (ImageLoader)"),
                new Pin("training view", s.data().input().train().view(), RgbTransforms.View.RANDOM_RESIZED_CROP, "dataloader.py: RandomResizedCrop(224)"),
                new Pin("crop size", s.data().input().size(), 224, "dataloader.py: 224 px"),
                new Pin("crop scale", List.of(s.data().input().train().minScale(), s.data().input().train().maxScale()), List.of(0.08, 1.0), "torchvision RandomResizedCrop default scale (0.08, 1)"),
                new Pin("flip", s.data().input().train().flipProbability(), 0.5, "dataloader.py: RandomHorizontalFlip()"),
                new Pin("colour jitter", s.data().input().train().jitter(), RgbTransforms.Jitter.of(0.4, 0.4, 0.4), "dataloader.py: ColorJitter(0.4, 0.4, 0.4, hue 0)"),
                new Pin("test view", s.data().input().test().view(), RgbTransforms.View.RESIZE_CENTRE_CROP, "dataloader.py: Resize(256), CenterCrop(224)"),
                new Pin("test resize", s.data().input().test().resize(), 256, "dataloader.py: Resize(256)"),
                new Pin("seeds", s.seeds().size(), 3, "issue 23: the paper's count (not stated) or 3"));
        StringBuilder wrong = new StringBuilder();
        for (Pin p : pins) if (!java.util.Objects.equals(p.ours(), p.paper())) wrong.append(p.what()).append(": ours ").append(p.ours()).append(", ").append(p.source()).append(" says ").append(p.paper()).append('\n');
        assertEquals("", wrong.toString());
        // cosine annealing from 0.05 to 0: half-way 0.025, at the end ~0
        assertEquals(0.05f, t.learningRateAt(0), 1e-7f);
        assertEquals(0.025f, t.learningRateAt(45 * epoch), 1e-6f);
        assertTrue(t.learningRateAt(90 * epoch - 1) < 1e-6f);
        assertFalse(((BatchFormerMethod) BatchFormerRecipe.imageNetLt(ClassLoss.CROSS_ENTROPY, false).method()).mode().usesEncoder());
    }

    @Test
    void imageNetLtSmokeCutsStepsBatchAndSeeds() {
        System.setProperty("glimpse.mode", "smoke");
        ClassificationSpec s = BatchFormerRecipe.imageNetLt(ClassLoss.CROSS_ENTROPY, true);
        assertEquals(2, s.steps());
        assertEquals(8, s.batchSize());
        assertEquals(1, s.seeds().size());
        assertEquals(224, s.data().input().size(), "the paper's resolution even in smoke mode");
    }

    @Test
    void smokeCutsTheStepsAndFitsTheFixtures() {
        System.setProperty("glimpse.mode", "smoke");
        ClassificationSpec s = BatchFormerRecipe.paper(Benchmark.CIFAR10_LT, 100, ClassLoss.CROSS_ENTROPY, true);
        assertEquals(2, s.steps(), "PaperScale.steps cuts the step count");
        assertEquals(1, s.seeds().size());
        assertEquals(5, s.data().longTail().maxPerClass(), "the fixtures hold 5 training images per class");
        assertEquals(1.0, s.data().longTail().imbalance(), "ρ = 1 on the fixtures (a ρ = 100 profile of 5 would leave classes empty)");
        assertEquals(50, s.batchSize(), "a batch is at most the fixture's 50 images");
        assertTrue(Arrays.stream(new LongTail(1, 5, 0).counts(10)).allMatch(n -> n == 5));
    }

    @Test
    void cpuRecipeIsTheFashionMnistOne() {
        ClassificationSpec s = BatchFormerRecipe.cpu(100);
        assertEquals("fashion-mnist", s.data().dataset());
        assertEquals(BatchFormerMethod.Backbone.CONV4, ((BatchFormerMethod) s.method()).backbone());
        assertNull(s.data().views(), "raw pixels, as before");
        assertEquals(0.1f, s.training().lrMultiplierFor(BatchFormerNet.ENCODER_PREFIX + "_x"));
    }
}
