package glimpse.eval;

/**
 * The one rule for saying "A beats B": a paired difference a − b, mean over training seeds ±
 * Student-t 95% CI; a winner only where the interval excludes zero and there are at least two
 * seeds (one training run's episode or test-image interval says nothing about another run).
 */
public final class Verdicts {
    private Verdicts() {}

    /** Whether the rule names a winner: at least two seeds and a CI over seeds that excludes zero. */
    public static boolean decided(MeanCi overSeeds, int seeds) {
        return seeds >= 2 && overSeeds.excludesZero();
    }

    /** "A better", "B better", "no significant difference (CI over seeds includes 0)", or "no verdict (one training run)". */
    public static String of(String a, String b, MeanCi overSeeds, int seeds) {
        if (seeds < 2) return "no verdict (one training run)";
        if (!decided(overSeeds, seeds)) return "no significant difference (CI over seeds includes 0)";
        return (overSeeds.mean() > 0 ? a : b) + " better";
    }

    /** The same rule, short: "A better", "no clear difference", "no verdict (1 run)". */
    public static String brief(String a, String b, MeanCi overSeeds, int seeds) {
        if (seeds < 2) return "no verdict (1 run)";
        return decided(overSeeds, seeds) ? (overSeeds.mean() > 0 ? a : b) + " better" : "no clear difference";
    }
}
