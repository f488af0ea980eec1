package glimpse.eval;

/**
 * The significance rule under every {@link Verdict}: a paired difference a − b, mean over training
 * seeds ± Student-t 95% CI, is significant only where the interval excludes zero and there are at
 * least two seeds (one training run's episode or test-image interval says nothing about another run).
 */
public final class Verdicts {
    private Verdicts() {}

    /** Whether the rule names a winner: at least two seeds and a CI over seeds that excludes zero. */
    public static boolean decided(MeanCi overSeeds, int seeds) {
        return seeds >= 2 && overSeeds.excludesZero();
    }
}
