package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import glimpse.nn.Scalars;

/**
 * The contrastive loss of El-Nouby et al., "Training Vision Transformers for Image Retrieval"
 * (arXiv 2102.05644, §3, Eq. 1), on L2-normalised descriptors z (the caller normalises):
 * <pre>
 *   L = (1/N) Σ_i [ Σ_{j ≠ i, y_j = y_i} [1 − z_iᵀz_j]₊  +  Σ_{j: y_j ≠ y_i} [z_iᵀz_j − β]₊ ]
 * </pre>
 * a <b>sum over pairs and a mean over the N anchors</b>, exactly as written in the paper. Two
 * libraries compute other numbers on the same input: pytorch-metric-learning's
 * {@code ContrastiveLoss} averages each of the two terms over its pairs with a non-zero loss (on the
 * hand case of the tests, z = (1,0), (0.6,0.8), (0,1), labels 0,0,1, β = 0.5: Eq. 1 gives 1.4 / 3 =
 * 0.46667, the non-zero-pair average 0.4 + 0.3 = 0.7), and research-xbm's negative term sums s
 * rather than s − β. This class implements Eq. 1 only.
 *
 * <p>Anchors are the batch. Without a memory the gallery is the batch, self-pairs (j = i) excluded.
 * With a {@link CrossBatchMemory} — into which the batch was enqueued <i>before</i> the loss, as the
 * paper prescribes — the gallery is the live batch (so gradients reach both ends of an in-batch
 * pair, as without a memory) together with the memory's other entries; the memory's detached copies
 * of this very batch are left out, so no pair is counted twice and no anchor meets itself.
 *
 * <p>Because Eq. 1 sums over the gallery, its value grows with the number of pairs (a memory that
 * fills adds pairs every step), so its curve cannot show whether the network learns while the
 * memory fills. {@link Pairs} also gives the same sums divided by their pair counts — for reading
 * the curve only; the loss minimised stays Eq. 1.
 */
public record ContrastiveLoss(double margin) {
    /** The paper's margin β = 0.5. */
    public static final double PAPER_MARGIN = 0.5;

    public ContrastiveLoss {
        if (!(margin > -1 && margin < 1)) throw new IllegalArgumentException("margin β is a cosine bound in (-1, 1), not " + margin);
    }

    public static ContrastiveLoss paper() { return new ContrastiveLoss(PAPER_MARGIN); }

    /**
     * Eq. 1 and its parts: {@code loss} (Eq. 1, the minimised value), {@code pull} = Σ over positive
     * pairs of [1 − s]₊, {@code push} = Σ over negative pairs of [s − β]₊ (so loss = (pull + push) / N),
     * and the numbers of positive and negative pairs counted — all scalars in the step's manager.
     */
    public record Pairs(NDArray loss, NDArray pull, NDArray push, NDArray positives, NDArray negatives) {
        /** (pull + push) / all pairs: Eq. 1 divided by the pairs per anchor, a value a filling memory does not inflate. */
        public NDArray perPair() { return pull.add(push).div(positives.add(negatives).maximum(Scalars.like(positives, 1))); }
        /** The mean [1 − s]₊ of a positive pair (0 when there is none). */
        public NDArray pullPerPositive() { return pull.div(positives.maximum(Scalars.like(positives, 1))); }
        /** The mean [s − β]₊ of a negative pair (0 when there is none). */
        public NDArray pushPerNegative() { return push.div(negatives.maximum(Scalars.like(negatives, 1))); }
    }

    /** Eq. 1 over the batch: z (N, d) normalised, labels (N) integers. */
    public NDArray batch(NDArray z, NDArray labels) { return batchPairs(z, labels).loss(); }

    /** {@link #batch} and its parts. */
    public Pairs batchPairs(NDArray z, NDArray labels) {
        NDManager m = z.getManager();
        int n = Math.toIntExact(z.getShape().get(0));
        NDArray keep = m.ones(new ai.djl.ndarray.types.Shape(n, n)).sub(m.eye(n));
        return fromSimilarities(z.matMul(z.transpose()), labels, labels.toType(DataType.INT64, false).reshape(1, -1), keep);
    }

    /**
     * Eq. 1 with the memory as extra gallery. {@code memory} must already hold this batch (call
     * {@link CrossBatchMemory#enqueue} first); its copies of it are excluded, the live batch stands in.
     */
    public NDArray withMemory(NDArray z, NDArray labels, CrossBatchMemory memory) { return withMemoryPairs(z, labels, memory).loss(); }

    /** {@link #withMemory} and its parts. */
    public Pairs withMemoryPairs(NDArray z, NDArray labels, CrossBatchMemory memory) {
        NDManager m = z.getManager();
        int n = Math.toIntExact(z.getShape().get(0));
        memory.checkHoldsLastBatch(n);
        NDArray inBatch = m.ones(new ai.djl.ndarray.types.Shape(n, n)).sub(m.eye(n));
        NDArray others = memory.otherEntriesMask(m).broadcast(new ai.djl.ndarray.types.Shape(n, memory.capacity()));
        NDArray keep = NDArrays.concat(new NDList(inBatch, others), 1);
        NDArray sims = NDArrays.concat(new NDList(z.matMul(z.transpose()), z.matMul(memory.embeddingsTransposed())), 1);
        NDArray galleryLabels = NDArrays.concat(new NDList(labels.toType(DataType.INT64, false).reshape(1, -1), memory.labelsRow()), 1);
        return fromSimilarities(sims, labels, galleryLabels, keep);
    }

    /** sims (N, M), anchor labels (N), gallery labels (1, M), keep (N, M) 1 for a pair that counts. */
    private Pairs fromSimilarities(NDArray sims, NDArray labels, NDArray galleryLabels, NDArray keep) {
        NDArray y = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray positive = y.eq(galleryLabels).toType(DataType.FLOAT32, false).mul(keep);
        NDArray negative = keep.sub(positive);
        NDArray pull = Activation.relu(Scalars.like(sims, 1).sub(sims)).mul(positive);             // [1 − s]₊
        NDArray push = Activation.relu(sims.sub(Scalars.like(sims, margin))).mul(negative);        // [s − β]₊
        NDArray perAnchor = pull.add(push).sum(new int[] {1});
        return new Pairs(perAnchor.mean(), pull.sum(), push.sum(), positive.sum(), negative.sum());
    }
}
