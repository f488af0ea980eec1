package glimpse.fewshot;

import glimpse.data.sampling.VariableEpisodes;

/**
 * The shape of an episode: N-way K-shot Q-query (Q queries per class), or, with {@code variable} set,
 * Meta-Dataset's variable-way, variable-shot episodes ({@link VariableEpisodes}), whose ways, shots
 * and queries are then the rules' upper bounds (at most maxWays classes, maxSupport supports of one
 * class, maxQueriesPerClass queries per class).
 *
 * @param variable the variable episodes' rules, or null for N-way K-shot (null is left out of cache keys: fixed shapes keep their keys)
 */
public record EpisodeShape(int ways, int shots, int queries, VariableEpisodes variable) {
    public EpisodeShape {
        if (ways < 2 || shots < 1 || queries < 1)
            throw new IllegalArgumentException("an episode needs >= 2 ways, >= 1 shot and >= 1 query, not " + ways + "/" + shots + "/" + queries);
    }

    /** N-way K-shot Q-query. */
    public EpisodeShape(int ways, int shots, int queries) { this(ways, shots, queries, null); }

    /** Meta-Dataset's variable-way, variable-shot episodes under {@code rules}. */
    public static EpisodeShape variable(VariableEpisodes rules) {
        return new EpisodeShape(rules.maxWays(), rules.maxSupport(), rules.maxQueriesPerClass(), rules);
    }

    public boolean isVariable() { return variable != null; }

    /** 5-way 5-shot 10-query, the training episodes of notebook 01. */
    public static EpisodeShape fiveWayFiveShot() { return new EpisodeShape(5, 5, 10); }
}
