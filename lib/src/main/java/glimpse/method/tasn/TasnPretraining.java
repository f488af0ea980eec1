package glimpse.method.tasn;

import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.data.glyphs.DiacriticGlyphs;
import glimpse.data.glyphs.GlyphClass;
import glimpse.data.glyphs.Glyphs;
import glimpse.pretrain.BaseData;
import glimpse.pretrain.PretrainSpec;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Where TASN's CPU backbone starts: one classification pre-training ({@link glimpse.pretrain.PretrainExperiment}),
 * shared by every arm and seed of notebook 04, in place of the paper's ImageNet ResNet-50 (arXiv 1903.06150 §4.1).
 */
public final class TasnPretraining {
    private TasnPretraining() {}

    /**
     * What the CPU backbone is pre-trained on, standing in for the paper's ImageNet weights: the Glyphs
     * "base" classes at 32 px (64 px ÷ 2) less every member of the families the diacritic task tests
     * ({@link DiacriticGlyphs.Spec#defaults()}: e, è, é, …, which the base split also holds), so the
     * pre-training never sees a test class. The arms see 24-px samples of 96-px letters (em 15 px); the
     * pre-training's letters are a third larger (em 20 px), a scale a convolutional, globally pooled
     * backbone carries over.
     */
    public static BaseData glyphBase() {
        ImageSet base = Datasets.load("glyphs").split("base");
        Set<String> tested = Set.copyOf(DiacriticGlyphs.Spec.defaults().families());
        List<GlyphClass> classes = Glyphs.classes(base);
        int[] kept = IntStream.range(0, classes.size()).filter(c -> !tested.contains(classes.get(c).family())).toArray();
        return new BaseData("glyphs", "base", kept, 2);
    }

    /**
     * The peak learning rate of the backbone's pre-training: the workbook's standard config ({@link PretrainSpec#standardTraining})
     * at twice its 10⁻³. Measured on {@link #glyphBase()}, 3000 steps of 64 with cosine decay: at 10⁻³ held-out top-1 61.7 % and
     * still rising over the last quarter (+2.6 ± 1.5 points); at 2·10⁻³ 78.0 % and flat (+0.8 ± 1.4).
     */
    public static final float LR = 2e-3f;

    /** {@code method} with its backbone pre-trained on {@link #glyphBase()} for {@code steps} at {@link #LR} (shared by every arm and seed). */
    public static TasnMethod pretrainedOnGlyphs(TasnMethod method, int steps) {
        return method.withBackbone(method.backbone().pretrainedOn(glyphBase(), PretrainSpec.standardTraining(steps).with(b -> b.adamW(LR))));
    }
}
