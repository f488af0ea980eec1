package glimpse.fewshot;

/** N-way K-shot Q-query: the shape of an episode (Q queries per class). */
public record EpisodeShape(int ways, int shots, int queries) {
    public EpisodeShape {
        if (ways < 2 || shots < 1 || queries < 1)
            throw new IllegalArgumentException("an episode needs >= 2 ways, >= 1 shot and >= 1 query, not " + ways + "/" + shots + "/" + queries);
    }

    /** 5-way 5-shot 10-query, the training episodes of notebook 01. */
    public static EpisodeShape fiveWayFiveShot() { return new EpisodeShape(5, 5, 10); }
}
