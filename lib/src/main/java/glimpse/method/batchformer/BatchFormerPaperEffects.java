package glimpse.method.batchformer;

import glimpse.eval.PaperEffect;

/**
 * BatchFormer's reported gains (arXiv 2203.01522), for setting this project's paired gains beside
 * them. The paper gives no CIFAR-100-LT ρ = 100 numbers; the nearest reported setting is
 * ImageNet-LT with RIDE on ResNet-10 (the smallest backbone), baseline → + BatchFormer, top-1 %.
 * Its groups are by training images per class (many > 100, few &lt; 20), not the thirds used here.
 */
public final class BatchFormerPaperEffects {
    private BatchFormerPaperEffects() {}

    private static final String SOURCE = "arXiv 2203.01522, ImageNet-LT RIDE ResNet-10, ";

    public static final PaperEffect OVERALL = PaperEffect.points(45.7 - 44.7, SOURCE + "All 44.7 → 45.7");
    public static final PaperEffect MANY = PaperEffect.points(56.3 - 57.0, SOURCE + "Many 57.0 → 56.3");
    public static final PaperEffect FEW = PaperEffect.points(28.3 - 25.5, SOURCE + "Few 25.5 → 28.3");

    /** By this project's metric names: overall, head (≈ many), tail (≈ few). */
    public static final java.util.Map<glimpse.eval.Metric, PaperEffect> BY_METRIC = java.util.Map.of(glimpse.eval.Metric.OVERALL, OVERALL, glimpse.eval.Metric.HEAD, MANY, glimpse.eval.Metric.TAIL, FEW);
}
