package glimpse.method.crosstransformer;

import glimpse.eval.PaperEffect;

/**
 * CrossTransformers' reported gain over ProtoNet (arXiv 2007.11498, Meta-Dataset table, trained on
 * ImageNet only), for setting this project's paired CTX − ProtoNet differences beside it. Omniglot is
 * the paper's character data set, the nearest to the glyph tasks here. The paper's CTX column
 * includes SimCLR episodes and augmentation, so it belongs to the CTX + SimCLR − ProtoNet comparisons;
 * Meta-Dataset episodes have variable ways and shots, so it stands for every shot count.
 */
public final class CtxPaperEffects {
    private CtxPaperEffects() {}

    public static final PaperEffect CTX_SIMCLR_OVER_PROTONET = PaperEffect.points(82.21 - 59.98,
            "arXiv 2007.11498 Meta-Dataset table, Omniglot: CTX (+ SimCLR episodes, aug) 82.21 − ProtoNet 59.98");

    /**
     * CTX (+ SimCLR episodes, aug) − ProtoNet-L (ResNet-34, 224 px, SimCLR episodes) on Meta-Dataset's ILSVRC
     * test classes: the paper's gain on ImageNet classes, the reference for miniImageNet and tieredImageNet
     * (ImageNet subsets with 5-way episodes, where the paper reports nothing).
     */
    public static final PaperEffect CTX_OVER_PROTONET_L_ILSVRC = PaperEffect.points(62.76 - 53.69,
            "arXiv 2007.11498 Meta-Dataset table, ILSVRC: CTX 62.76 − ProtoNet-L 53.69");
}
