package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One frozen vector per class of an image set, indexed by the set's class id — the features of
 * its class texts under some text encoder (Semantic Prompt, arXiv 2303.14123 §3.2), or a control
 * (random vectors, shuffled texts). Computed once, outside training; an episode gathers its
 * classes' rows.
 *
 * @param source  what made the vectors (encoder and prompt), shown in tables and part of cache keys
 * @param vectors (classes, d)
 */
public record ClassVectors(String source, float[][] vectors) {
    public ClassVectors {
        if (vectors.length == 0) throw new IllegalArgumentException(source + ": no class vectors");
        for (float[] v : vectors)
            if (v.length != vectors[0].length) throw new IllegalArgumentException(source + ": class vectors of different lengths");
    }

    public int dim() { return vectors[0].length; }
    public int classCount() { return vectors.length; }

    /** The rows of {@code classIds}, as a (classIds.length, d) float32 tensor. */
    public NDArray rows(NDManager manager, int[] classIds) {
        float[] flat = new float[classIds.length * dim()];
        for (int i = 0; i < classIds.length; i++) {
            if (classIds[i] < 0 || classIds[i] >= vectors.length)
                throw new IllegalArgumentException(source + ": class " + classIds[i] + " outside 0.." + (vectors.length - 1)
                        + " — were these vectors made for another split?");
            System.arraycopy(vectors[classIds[i]], 0, flat, i * dim(), dim());
        }
        return manager.create(flat, new Shape(classIds.length, dim()));
    }

    /** Checks that these vectors cover {@code set}'s classes (same count), naming both on mismatch. */
    public ClassVectors requireFor(ImageSet set) {
        if (set.classCount() != vectors.length)
            throw new IllegalArgumentException(source + " has " + vectors.length + " class vectors but " + set.name() + " has "
                    + set.classCount() + " classes: make the vectors from this set's class texts");
        return this;
    }
}
