package glimpse.experiment;

import glimpse.Glimpse;

/**
 * How long a notebook's paper section runs: the paper's values in paper mode; in smoke mode the same
 * architectures, image sizes and protocols, but {@value #SMOKE_STEPS} steps per training stage,
 * {@value #SMOKE_EPISODES} test episodes, at most {@value #SMOKE_QUERIES} retrieval queries and one seed.
 * A recipe's {@code paper(…)} factory passes every budget through here, so the smoke run that
 * {@code ./glimpse test} makes on the fixtures exercises exactly the code a GPU run will.
 */
public final class PaperScale {
    private PaperScale() {}

    public static final int SMOKE_STEPS = 2, SMOKE_EPISODES = 2, SMOKE_QUERIES = 200, SMOKE_SEEDS = 1;

    /** True in smoke mode: budgets are cut, numbers mean nothing. */
    public static boolean smoke() { return Glimpse.mode() == Glimpse.Mode.SMOKE; }

    /** Optimisation steps (or epochs) of one training stage. */
    public static int steps(int paper) { return smoke() ? Math.min(paper, SMOKE_STEPS) : paper; }

    /** Test episodes of a few-shot evaluation. */
    public static int episodes(int paper) { return smoke() ? Math.min(paper, SMOKE_EPISODES) : paper; }

    /** Retrieval queries (the gallery is what the benchmark has). */
    public static int queries(int paper) { return smoke() ? Math.min(paper, SMOKE_QUERIES) : paper; }

    /** Training seeds. */
    public static int seeds(int paper) { return smoke() ? Math.min(paper, SMOKE_SEEDS) : paper; }

    /**
     * Any other knob that the fixtures cannot hold at the paper's value (a batch larger than a fixture's
     * split, say): the paper's value, or {@code smoke} in smoke mode. Say at the call why it changes.
     */
    public static <T> T of(T paper, T smoke) { return smoke() ? smoke : paper; }
}
