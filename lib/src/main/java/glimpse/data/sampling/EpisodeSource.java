package glimpse.data.sampling;

import glimpse.data.ImageSet;

/**
 * Where episodic training draws its episodes from: episode {@code index} of the stream seeded by
 * {@code seed}, the same for any order of requests ({@link Seeds#episode}). The N-way K-shot
 * {@link EpisodeSampler} and Meta-Dataset's variable-way, variable-shot {@link VariableEpisodeSampler}.
 */
public interface EpisodeSource {
    /** The images the episodes index. */
    ImageSet set();

    /** Episode {@code index} of the stream seeded by {@code seed}. */
    Episode episode(long seed, int index);
}
