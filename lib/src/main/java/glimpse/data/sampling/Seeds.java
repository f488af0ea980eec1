package glimpse.data.sampling;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Every seeded random stream of the workbook, in one place: how a run's seed (and a stream index:
 * an episode, a step, a class, a code point) becomes the generator a choice is drawn from.
 *
 * <p>New code uses {@link #random(long, long...)}: a {@link SplittableRandom} seeded by
 * {@link #mix(long, long...)}, the SplitMix64 finaliser chained over the seed and the stream
 * coordinates, so neighbouring seeds and indices give unrelated streams. Give a new stream its own
 * constant first coordinate, so it cannot coincide with another stream of the same seed.
 *
 * <p>The named streams below were written one by one before this class existed. Saved test
 * episodes, long-tail subsets, batch orders, engine seeds and the Glyphs renders (checked by the
 * sha256 in its manifest) depend on their exact numbers, so each keeps its own formula and generator
 * type; the formulas are frozen, and the golden tests ({@code *GoldenTest}) hold their outputs.
 */
public final class Seeds {
    private Seeds() {}

    /** 2^64 / φ, odd: SplitMix64's increment, and the factor that spreads a small seed over 64 bits. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** An arbitrary odd constant: the episode streams' offset, and the long-tail class streams' factor. */
    static final long EPISODE_OFFSET = 0x632BE59BD9B4E019L;
    /** Mix13's first multiplier, reused as the engine seeds' per-step increment. */
    static final long ENGINE_STEP = 0xBF58476D1CE4E5B9L;
    /** Mix13's second multiplier. */
    static final long MIX13_M2 = 0x94D049BB133111EBL;
    /** java.util.Random's multiplier, xored into the seed so the attention batch is not the first batch. */
    static final long ATTENTION_SALT = 0x5DEECE66DL;

    /**
     * The SplitMix64 output function (Steele, Lea, Flood 2014, with Stafford's "Mix13" constants): a
     * bijection of 64-bit words in which every input bit affects every output bit.
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * ENGINE_STEP;
        z = (z ^ (z >>> 27)) * MIX13_M2;
        return z ^ (z >>> 31);
    }

    /** A seed for the stream at {@code coordinates} of {@code seed}: one SplitMix64 step per coordinate. */
    public static long mix(long seed, long... coordinates) {
        long h = splitMix64(seed);
        for (long c : coordinates) h = splitMix64(h ^ c);
        return h;
    }

    /** The generator of the stream at {@code coordinates} of {@code seed} (see {@link #mix}). */
    public static SplittableRandom random(long seed, long... coordinates) {
        return new SplittableRandom(mix(seed, coordinates));
    }

    private static long splitMix64(long state) { return mix64(state + GOLDEN_GAMMA); }

    // ---- the named streams (frozen formulas) ----

    /** Episode {@code index} of an episode stream: {@link EpisodeSampler#episode}. */
    public static Random episode(long seed, int index) {
        return new Random(mix64(seed * GOLDEN_GAMMA + index + EPISODE_OFFSET));
    }

    /** The augmentation and SimCLR-coin stream of training step {@code step}: the episode formula at the complemented seed. */
    public static Random episodeAugmentation(long seed, int step) {
        return episode(~seed, step);
    }

    /** The engine's seed for training step {@code step} (-1: initialisation); engines take a non-negative int. */
    public static int engineSeed(long seed, int step) {
        // a single round of the mixer, not mix64: this is the formula every saved run was seeded with
        long z = seed * GOLDEN_GAMMA + (step + 1) * ENGINE_STEP;
        z = (z ^ (z >>> 31)) * MIX13_M2;
        return (int) (z ^ (z >>> 32)) & 0x7fffffff;
    }

    /** The permutation stream of epoch {@code epoch}: {@link ShuffledBatches}. */
    public static SplittableRandom epoch(long seed, int epoch) {
        return new SplittableRandom(seed * GOLDEN_GAMMA + epoch);
    }

    /** Which images class {@code c} keeps in a {@link LongTail} (or balanced) subset. */
    public static SplittableRandom longTailClass(long seed, int c) {
        return new SplittableRandom(seed * GOLDEN_GAMMA + EPISODE_OFFSET * (c + 1));
    }

    /** The training batch BatchFormer's attention picture is drawn over. */
    public static SplittableRandom attentionBatch(long seed) {
        return new SplittableRandom(seed ^ ATTENTION_SALT);
    }

    /** The jitter of Glyphs instance {@code instance} of a code point; instance -1 orders the faces. */
    public static SplittableRandom glyphInstance(long seed, int codePoint, int instance) {
        return random(seed, codePoint, (long) instance << 32);
    }

    /** The shuffle of one script's classes in the Glyphs base/val/novel split. */
    public static Random glyphSplit(long splitSeed, Character.UnicodeScript script) {
        return new Random(splitSeed ^ script.ordinal());
    }

    /**
     * A generator seeded with {@code seed} as it is: the Glyphs sample grid and the classifier's test
     * subset were drawn this way. Fine for one stream per seed; for several, use {@link #random}.
     */
    public static Random plain(long seed) {
        return new Random(seed);
    }
}
