package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import glimpse.data.sampling.Seeds;
import glimpse.nn.Scalars;
import glimpse.train.LossTerms;
import glimpse.train.StepLoss;

/**
 * TASN's training objective (Zheng et al., CVPR 2019, §3.3–3.4; weights from the official
 * {@code model.py}), as named terms for the shared trainer:
 * <pre>
 *   attention-ce      1   · CE(auxiliary head on X)
 *   part-ce           0.5 · CE(partHead(I_d))        master-ce        0.5 · CE(masterHead(I_s))
 *   shared-ce-part    0.5 · CE(sharedHead(I_d))      shared-ce-master 0.5 · CE(sharedHead(I_s))
 *   distill           1   · soft-CE(master/T, softmax(part/T)), T = 10   (omitted at weight 0)
 * </pre>
 * Each recorded term already carries its weight, so the curves add up to the minimised loss.
 * Without the part-net ({@code partNet} false: the ablation "structure-sampled input only") the
 * detail images are not formed and part-ce, shared-ce-part and distill are omitted.
 */
public record TasnLoss(double attentionWeight, double headWeight, double distillWeight, Distillation distillation, boolean partNet) {
    /** A constant first coordinate for the detail-map stream of {@link Seeds#random}. */
    static final long DETAIL_MAP_STREAM = 0x7A5E_D7A1_1000_0001L;

    /** With the part-net. */
    public TasnLoss(double attentionWeight, double headWeight, double distillWeight, Distillation distillation) {
        this(attentionWeight, headWeight, distillWeight, distillation, true);
    }

    public static TasnLoss paper() { return new TasnLoss(1, 0.5, 1, Distillation.paper()); }

    /** The paper's weights without the distillation term (the part-net still trains the shared backbone). */
    public TasnLoss withoutDistillation() { return withDistillation(0, distillation.temperature()); }

    /** Distillation at weight λ and temperature T (λ = 0 omits the term). */
    public TasnLoss withDistillation(double weight, float temperature) {
        return new TasnLoss(attentionWeight, headWeight, weight, new Distillation(temperature), partNet);
    }

    /** The master path only: no detail images, no part-net terms, no distillation. */
    public TasnLoss withoutPartNet() { return new TasnLoss(attentionWeight, headWeight, 0, distillation, false); }

    /**
     * The weighted terms of one forward pass against integer labels (B); attention-ce only when the
     * pass ran the attention net (the uniform baseline does not: {@link Tasn#outputs}).
     */
    public LossTerms terms(Tasn.Outputs o, NDArray labels) {
        if (partNet && o.partLogits() == null)
            throw new IllegalArgumentException("this loss trains the part-net, but the forward pass formed no detail images");
        LossTerms t = o.attentionLogits() == null ? null
                : LossTerms.of("attention-ce", weighted(StepLoss.crossEntropy(o.attentionLogits(), labels), attentionWeight));
        if (partNet) t = add(t, "part-ce", weighted(StepLoss.crossEntropy(o.partLogits(), labels), headWeight));
        t = add(t, "master-ce", weighted(StepLoss.crossEntropy(o.masterLogits(), labels), headWeight));
        if (partNet) t.and("shared-ce-part", weighted(StepLoss.crossEntropy(o.sharedPartLogits(), labels), headWeight));
        t.and("shared-ce-master", weighted(StepLoss.crossEntropy(o.sharedMasterLogits(), labels), headWeight));
        if (partNet && distillWeight != 0)
            t.and("distill", weighted(distillation.softCrossEntropy(o.masterLogits(), o.partLogits()), distillWeight));
        return t;
    }

    /**
     * The sum of the weights of the terms a pass minimises — {@code attention} whether the pass runs the attention net
     * (every arm but the uniform baseline) — so that the loss of a uniform guess over C classes is this × ln C: every
     * term is a cross-entropy over the same C classes, distillation's soft one included (a uniform student scores ln C
     * against any teacher).
     */
    public double chanceWeight(boolean attention) {
        return (attention ? attentionWeight : 0) + headWeight * (partNet ? 4 : 2) + (partNet && distillWeight != 0 ? distillWeight : 0);
    }

    /** The step loss for {@code net}: the detail maps of step s are drawn from stream (seed, DETAIL_MAP_STREAM, s). */
    public StepLoss stepLoss(Tasn net, long seed) {
        return StepLoss.ofTerms(step -> terms(
                net.outputs(step.parameters(), step.batch().x(), true, Seeds.random(seed, DETAIL_MAP_STREAM, step.index()), partNet),
                step.batch().y()));
    }

    private static LossTerms add(LossTerms t, String name, NDArray term) { return t == null ? LossTerms.of(name, term) : t.and(name, term); }

    private static NDArray weighted(NDArray term, double w) { return w == 1 ? term : term.mul(Scalars.like(term, w)); }
}
