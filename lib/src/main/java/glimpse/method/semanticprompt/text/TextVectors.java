package glimpse.method.semanticprompt.text;

/** Small vector helpers for text features: norms, cosine, {@link #eqnorm}. */
public final class TextVectors {
    private TextVectors() {}

    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors of length " + a.length + " and " + b.length);
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += (double) a[i] * b[i];
        return dot / (norm(a) * norm(b));
    }

    public static float[] l2Normalised(float[] v) { return scaledTo(v, 1.0); }

    /**
     * {@code eqnorm} (arXiv 2303.14123, official code's default): g ← g / ‖g‖ · L for every class
     * vector, so all classes enter the projections with the same norm L (the mean raw CLIP norm of
     * the base classes for CLIP; 9 for SBERT and GloVe). A zero vector (a text with no known word)
     * has no direction and is an error.
     */
    public static float[][] eqnorm(float[][] vectors, double targetNorm) {
        if (!(targetNorm > 0)) throw new IllegalArgumentException("eqnorm's target norm must be positive, not " + targetNorm);
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) out[i] = scaledTo(vectors[i], targetNorm);
        return out;
    }

    /** The mean L2 norm of the rows: eqnorm's L from the base classes' raw features. */
    public static double meanNorm(float[][] vectors) {
        double s = 0;
        for (float[] v : vectors) s += norm(v);
        return s / vectors.length;
    }

    private static float[] scaledTo(float[] v, double target) {
        double n = norm(v);
        if (n == 0) throw new IllegalArgumentException("a zero vector cannot be rescaled to norm " + target + " (a text with no known token?)");
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / n * target);
        return out;
    }
}
