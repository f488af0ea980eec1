package glimpse.method.semanticprompt;

import glimpse.Glimpse;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Seeds;
import glimpse.method.semanticprompt.text.BagOfWordsEncoder;
import glimpse.method.semanticprompt.text.CachedTextEncoder;
import glimpse.method.semanticprompt.text.ClassTexts;
import glimpse.method.semanticprompt.text.GloveAverageEncoder;
import glimpse.method.semanticprompt.text.MiniLmEncoder;
import glimpse.method.semanticprompt.text.RandomClassEncoder;
import glimpse.method.semanticprompt.text.TextEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where Semantic Prompt's class vectors come from (arXiv 2303.14123 §3.2 and §4.3, text-encoder
 * ablation): a frozen encoder applied to "A photo of &lt;name&gt;", eqnorm'ed to {@code eqnorm}
 * (9, the official value for SBERT and GloVe features).
 *
 * <p>{@code shuffled} is the negative control: within each split every class is given another
 * class's text (a derangement, {@link #derangement}), so the vectors still tell the classes apart
 * but say nothing true about the image. If SP's gain survives it, the gain is not semantic.
 *
 * @param shuffleSeed seed of the derangement (the same for every training seed: one control)
 */
public record SpText(Encoder encoder, boolean shuffled, double eqnorm, long shuffleSeed) {
    /** MiniLM: the bundled sentence encoder (SBERT family); GLOVE: wink's GloVe-derived word vectors averaged; two controls. */
    public enum Encoder { MINILM, GLOVE, BAG_OF_WORDS, RANDOM }

    public static SpText of(Encoder encoder) { return new SpText(encoder, false, 9.0, 17); }

    public SpText withShuffled(boolean v) { return new SpText(encoder, v, eqnorm, shuffleSeed); }

    public String label() {
        String name = switch (encoder) {
            case MINILM -> "MiniLM"; case GLOVE -> "GloVe avg"; case BAG_OF_WORDS -> "bag of words"; case RANDOM -> "random vectors";
        };
        return name + (shuffled ? ", shuffled texts" : "");
    }

    /**
     * Whether GloVe vectors are ready without an npm download (their binary cache exists): quick
     * runs use GloVe only then, instead of fetching 307 MB.
     */
    public static boolean gloveReady() {
        return java.nio.file.Files.isRegularFile(Glimpse.cacheDir().resolve("text-features").resolve("wink-sg-100d.glwv"));
    }

    /** Class vectors of the training and test splits (one encoder for both, so the widths agree). */
    public List<ClassVectors> vectors(ImageSet train, ImageSet test) {
        TextEncoder e = encoder(train, test);
        return List.of(vectors(e, train, 0), vectors(e, test, 1));
    }

    private ClassVectors vectors(TextEncoder e, ImageSet set, int split) {
        ClassVectors v = ClassTexts.classVectors(e, set, eqnorm);
        if (!shuffled) return v;
        int[] to = derangement(set.classCount(), Seeds.random(shuffleSeed, split));
        float[][] moved = new float[v.classCount()][];
        for (int c = 0; c < moved.length; c++) moved[c] = v.vectors()[to[c]];
        return new ClassVectors(v.source() + ", shuffled (derangement seed " + shuffleSeed + ")", moved);
    }

    private TextEncoder encoder(ImageSet train, ImageSet test) {
        TextEncoder e = switch (encoder) {
            case MINILM -> MiniLmEncoder.load();
            case GLOVE -> GloveAverageEncoder.winkOnDemand();
            case RANDOM -> new RandomClassEncoder(384, 0);
            case BAG_OF_WORDS -> {          // one vocabulary over both splits' prompts: train and test vectors share coordinates
                List<String> all = new ArrayList<>(ClassTexts.prompts(train));
                all.addAll(ClassTexts.prompts(test));
                yield new BagOfWordsEncoder(all);
            }
        };
        return encoder == Encoder.MINILM ? new CachedTextEncoder(e, Glimpse.cacheDir().resolve("text-features")) : e;
    }

    /**
     * A uniformly random cyclic permutation of 0..n−1 (Sattolo's algorithm: Fisher–Yates drawing
     * j &lt; i instead of j ≤ i): one n-cycle, so no element maps to itself — a derangement.
     */
    public static int[] derangement(int n, SplittableRandom rng) {
        if (n < 2) throw new IllegalArgumentException("a derangement needs at least 2 classes, not " + n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
