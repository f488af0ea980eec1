package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import glimpse.train.TrainingState;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A cross-batch memory (Wang et al., XBM, arXiv 1912.06798; used by El-Nouby et al., arXiv
 * 2102.05644 §3 with the size of the training set): a FIFO ring of the last {@code capacity}
 * embeddings, detached, with their labels. Each step {@link #enqueue}s its batch <i>before</i>
 * the loss, so the loss of step t sees batch t and the newest entries; the oldest are overwritten.
 *
 * <p>It lives on the run's device and manager (created once, outside the steps): the ring is kept
 * transposed, (d, capacity), so a step's similarities are {@code z.matMul(embeddingsTransposed())}
 * with the step's array as caller, which keeps every result in the step's manager. As a
 * {@link TrainingState} it is saved in every checkpoint (ring, labels, write position, fill), so a
 * resumed run continues bit-identically.
 */
public final class CrossBatchMemory implements TrainingState {
    private final int capacity, dim;
    private final NDArray ringT;      // (dim, capacity) float32, column k = slot k
    private final NDArray labels;     // (1, capacity) int64
    private int next, filled;         // next slot to write; slots written so far (≤ capacity)
    private int lastStart = -1, lastCount;   // the slots the last enqueue wrote (ring positions from lastStart)

    public CrossBatchMemory(NDManager manager, int capacity, int dim) {
        if (capacity <= 0 || dim <= 0) throw new IllegalArgumentException("memory capacity and dim must be positive, got " + capacity + ", " + dim);
        this.capacity = capacity;
        this.dim = dim;
        this.ringT = manager.zeros(new Shape(dim, capacity));
        this.labels = manager.zeros(new Shape(1, capacity), DataType.INT64);
    }

    public int capacity() { return capacity; }
    public int dim() { return dim; }
    /** Entries held: min(enqueued so far, capacity). */
    public int size() { return filled; }

    /** Writes detached copies of z (N, d) and labels (N) into the N oldest slots (or the empty ones). */
    public void enqueue(NDArray z, NDArray y) {
        int n = Math.toIntExact(z.getShape().get(0));
        if (n > capacity) throw new IllegalArgumentException("a batch of " + n + " does not fit a memory of " + capacity + "; make the memory at least one batch");
        if (z.getShape().dimension() != 2 || z.getShape().get(1) != dim)
            throw new IllegalArgumentException("memory holds (N, " + dim + ") embeddings, got " + z.getShape());
        if (y.getShape().size() != n) throw new IllegalArgumentException(n + " embeddings but labels of shape " + y.getShape());
        NDArray zt = z.stopGradient().toDevice(ringT.getDevice(), false).transpose();
        NDArray yr = y.toType(DataType.INT64, false).toDevice(labels.getDevice(), false).reshape(1, n);
        int first = Math.min(n, capacity - next);
        write(zt, yr, 0, first, next);
        if (first < n) write(zt, yr, first, n, 0);         // wrap around to the front
        lastStart = next;
        lastCount = n;
        next = (next + n) % capacity;
        filled = Math.min(capacity, filled + n);
    }

    private void write(NDArray zt, NDArray yr, int from, int to, int slot) {
        ringT.set(new NDIndex(":, {}:{}", slot, slot + to - from), zt.get(new NDIndex(":, {}:{}", from, to)));
        labels.set(new NDIndex(":, {}:{}", slot, slot + to - from), yr.get(new NDIndex(":, {}:{}", from, to)));
    }

    /** The ring (d, capacity); slots not yet written are zero (see {@link #otherEntriesMask}). */
    public NDArray embeddingsTransposed() { return ringT; }

    /** The labels (1, capacity). */
    public NDArray labelsRow() { return labels; }

    /** (1, capacity) float32 in {@code manager}: 1 for a written slot the last enqueue did not write. */
    public NDArray otherEntriesMask(NDManager manager) {
        float[] mask = new float[capacity];
        for (int k = 0; k < filled; k++) mask[k] = 1;          // slots fill from 0 up before wrapping
        for (int k = 0; k < lastCount; k++) mask[(lastStart + k) % capacity] = 0;
        return manager.create(mask, new Shape(1, capacity));
    }

    void checkHoldsLastBatch(int n) {
        if (lastStart < 0 || lastCount != n)
            throw new IllegalStateException("enqueue the batch of " + n + " into the memory before the loss (the paper's order), last enqueue: "
                    + (lastStart < 0 ? "none" : lastCount + " entries"));
    }

    /** The held entries oldest first, as rows (for inspection and tests). */
    public float[][] contents() {
        float[] all = ringT.toFloatArray();
        float[][] rows = new float[filled][dim];
        int oldest = filled < capacity ? 0 : next;
        for (int r = 0; r < filled; r++) {
            int slot = (oldest + r) % capacity;
            for (int k = 0; k < dim; k++) rows[r][k] = all[k * capacity + slot];
        }
        return rows;
    }

    /** The held labels oldest first. */
    public long[] contentLabels() {
        long[] all = labels.toLongArray();
        long[] out = new long[filled];
        int oldest = filled < capacity ? 0 : next;
        for (int r = 0; r < filled; r++) out[r] = all[(oldest + r) % capacity];
        return out;
    }

    @Override public String stateName() { return "cross-batch-memory"; }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(dim);
        out.writeInt(next);
        out.writeInt(filled);
        for (float v : ringT.toFloatArray()) out.writeFloat(v);
        for (long v : labels.toLongArray()) out.writeLong(v);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        int c = in.readInt(), d = in.readInt();
        if (c != capacity || d != dim) throw new IOException("saved memory is " + c + " x " + d + ", this run's is " + capacity + " x " + dim);
        int savedNext = in.readInt(), savedFilled = in.readInt();
        float[] ring = new float[c * d];
        for (int i = 0; i < ring.length; i++) ring[i] = in.readFloat();
        long[] ys = new long[c];
        for (int i = 0; i < c; i++) ys[i] = in.readLong();
        try (NDManager tmp = ringT.getManager().newSubManager()) {
            ringT.set(new NDIndex("..."), tmp.create(ring, new Shape(d, c)));
            labels.set(new NDIndex("..."), tmp.create(ys, new Shape(1, c)));
        }
        next = savedNext;
        filled = savedFilled;
        lastStart = -1;
        lastCount = 0;
    }
}
