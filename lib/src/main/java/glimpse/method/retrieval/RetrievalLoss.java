package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import glimpse.nn.Scalars;
import glimpse.train.LossTerms;
import glimpse.train.StepLoss;

/**
 * IRT's objective (arXiv 2102.05644 §3): the contrastive loss of Eq. 1 against batch ∪ memory plus
 * λ·KoLeo (Eq. 5) on the batch, as named terms "contrastive" and "koleo" (the latter already
 * multiplied by λ, and absent when λ = 0: IRT_L). λ = 0.7 for the category-level sets.
 *
 * @param memory null for no cross-batch memory
 */
public record RetrievalLoss(ContrastiveLoss contrastive, double koleoWeight, CrossBatchMemory memory) {
    public static final double PAPER_KOLEO_WEIGHT = 0.7;

    public RetrievalLoss {
        if (contrastive == null) throw new IllegalArgumentException("contrastive loss required");
        if (!(koleoWeight >= 0)) throw new IllegalArgumentException("KoLeo weight λ must be >= 0, not " + koleoWeight);
    }

    /** Curves recorded beside the loss, not minimised ({@link LossTerms#monitor}): Eq. 1 per pair, its two halves per pair, the memory's fill. */
    public static final String PER_PAIR = "contrastive per pair", PULL_PER_POSITIVE = "pull per positive pair",
            PUSH_PER_NEGATIVE = "push per negative pair", MEMORY_FILL = "memory fill";

    /**
     * The terms on descriptors z (N, d), L2-normalised, with labels (N); enqueues z first when there is
     * a memory. Beside them it records, unminimised: Eq. 1 divided by the pairs per anchor
     * ({@value #PER_PAIR}: the curve that can fall while the sum over a filling memory grows), the mean
     * loss of a positive and of a negative pair, and the memory's entries as a share of its capacity.
     */
    public LossTerms terms(NDArray z, NDArray labels) {
        ContrastiveLoss.Pairs c;
        if (memory != null) {
            memory.enqueue(z, labels);                        // before the loss: step t's loss sees batch t
            c = contrastive.withMemoryPairs(z, labels, memory);
        } else {
            c = contrastive.batchPairs(z, labels);
        }
        LossTerms terms = LossTerms.of("contrastive", c.loss());
        if (koleoWeight > 0) {
            NDArray k = KoLeo.loss(z);
            terms.and("koleo", k.mul(Scalars.like(k, koleoWeight)));
        }
        terms.monitor(PER_PAIR, c.perPair().stopGradient()).monitor(PULL_PER_POSITIVE, c.pullPerPositive().stopGradient())
                .monitor(PUSH_PER_NEGATIVE, c.pushPerNegative().stopGradient());
        if (memory != null) terms.monitor(MEMORY_FILL, z.getManager().create((float) memory.size() / memory.capacity()));
        return terms;
    }

    /** The step loss of a model whose output is the descriptor (e.g. {@link RetrievalNet}). */
    public StepLoss stepLoss() {
        return StepLoss.ofTerms(step -> terms(step.forward(step.batch().x()), step.batch().y()));
    }
}
