package glimpse.method.retrieval;

import glimpse.eval.PaperEffect;

/**
 * IRT's reported R@1 differences (arXiv 2102.05644, DeiT-S, CUB-200-2011 column: the smallest of its
 * data sets and the nearest to the small sets here), for setting this project's paired R@1
 * differences beside them.
 */
public final class IrtPaperEffects {
    private IrtPaperEffects() {}

    /** Contrastive fine-tuning against its start: IRT_L − IRT_O. */
    public static final PaperEffect FINE_TUNING = PaperEffect.points(74.2 - 58.5, "arXiv 2102.05644 R@1 table, CUB: IRT_L 74.2 − IRT_O 58.5");
    /** The KoLeo regulariser: IRT_R − IRT_L. */
    public static final PaperEffect KOLEO = PaperEffect.points(74.7 - 74.2, "arXiv 2102.05644 R@1 table, CUB: IRT_R 74.7 − IRT_L 74.2");

    /** IRT_L − IRT_O on {@code b} as the paper's R@1 table reports it (DeiT-S). */
    public static PaperEffect fineTuning(IrtBenchmark b) {
        return PaperEffect.points(b.paperL - b.paperO, "arXiv 2102.05644 R@1 table, " + b.title + ": IRT_L " + b.paperL + " − IRT_O " + b.paperO);
    }

    /** IRT_R − IRT_L on {@code b} as the paper's R@1 table reports it (DeiT-S). */
    public static PaperEffect koleo(IrtBenchmark b) {
        return PaperEffect.points(b.paperR - b.paperL, "arXiv 2102.05644 R@1 table, " + b.title + ": IRT_R " + b.paperR + " − IRT_L " + b.paperL);
    }
}
