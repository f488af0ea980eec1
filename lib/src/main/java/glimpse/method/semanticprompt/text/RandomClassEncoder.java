package glimpse.method.semanticprompt.text;

import glimpse.data.sampling.Seeds;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Control: a random Gaussian vector per distinct text, the same for the same (seed, text) in every
 * run — class identity without any meaning, to tell "the prompt helps because it names the class"
 * from "it helps because the words mean something".
 */
public final class RandomClassEncoder implements TextEncoder {
    private final int dim;
    private final long seed;

    public RandomClassEncoder(int dim, long seed) {
        if (dim <= 0) throw new IllegalArgumentException("dim must be positive, not " + dim);
        this.dim = dim;
        this.seed = seed;
    }

    @Override public String name() { return "random(" + dim + "-d, seed " + seed + ")"; }
    @Override public int dim() { return dim; }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][dim];
        for (int i = 0; i < out.length; i++) {
            SplittableRandom rng = Seeds.random(seed, textKey(texts.get(i)));
            for (int j = 0; j < dim; j++) out[i][j] = (float) gaussian(rng);
        }
        return out;
    }

    /** A 64-bit key of the text (FNV-1a over its UTF-8 bytes): String.hashCode's 32 bits collide too easily. */
    private static long textKey(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        return h;
    }

    private static double gaussian(SplittableRandom rng) {             // Box–Muller
        double u = 1.0 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
