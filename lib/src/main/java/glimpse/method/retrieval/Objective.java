package glimpse.method.retrieval;

/**
 * What fine-tuning minimises (arXiv 2102.05644 §3): the contrastive loss of Eq. 1 with margin β
 * against the batch and a cross-batch memory, plus λ·KoLeo (Eq. 5) on the batch. λ = 0 is IRT_L,
 * λ > 0 IRT_R.
 *
 * @param memoryBatches past batches the memory keeps beyond the current one (0 = no memory; the
 *                      current batch is enqueued before the loss and its copies are excluded, so a
 *                      memory of exactly one batch would add nothing); ignored when {@code datasetMemory}
 * @param datasetMemory a memory the size of the training set, the paper's choice
 */
public record Objective(double margin, double koleoWeight, int memoryBatches, boolean datasetMemory) {
    public Objective {
        new ContrastiveLoss(margin);                // checks β
        if (!(koleoWeight >= 0)) throw new IllegalArgumentException("KoLeo weight λ must be >= 0, not " + koleoWeight);
        if (memoryBatches < 0) throw new IllegalArgumentException("memory batches must be >= 0, not " + memoryBatches);
    }

    /** β = 0.5, λ = 0.7, memory of the training set's size: IRT_R as in the paper. */
    public static Objective paper() { return new Objective(ContrastiveLoss.PAPER_MARGIN, RetrievalLoss.PAPER_KOLEO_WEIGHT, 0, true); }

    public Objective withMargin(double beta) { return new Objective(beta, koleoWeight, memoryBatches, datasetMemory); }
    public Objective withKoleo(double lambda) { return new Objective(margin, lambda, memoryBatches, datasetMemory); }
    public Objective withoutMemory() { return new Objective(margin, koleoWeight, 0, false); }
    public Objective withMemoryOfBatches(int past) { return new Objective(margin, koleoWeight, past, false); }
    public Objective withDatasetMemory() { return new Objective(margin, koleoWeight, 0, true); }

    /** Memory entries for batches of {@code batchSize} from a training set of {@code trainSize} images (0 = none). */
    public int memoryCapacity(int batchSize, int trainSize) {
        if (datasetMemory) return Math.max(batchSize, trainSize);
        return memoryBatches == 0 ? 0 : (memoryBatches + 1) * batchSize;
    }

    /** "none", "+2 batches", "dataset". */
    public String memoryLabel() { return datasetMemory ? "dataset" : memoryBatches == 0 ? "none" : "+" + memoryBatches + " batch" + (memoryBatches > 1 ? "es" : ""); }
}
