package glimpse.data.sampling;

import glimpse.data.DatasetException;
import glimpse.data.ImageSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Meta-Dataset's variable-way, variable-shot episodes ({@link VariableEpisodes}) over one split, as a
 * seeded stream: episode i depends only on (seed, i) through {@link Seeds#episode}, the stream of
 * {@link EpisodeSampler} — training is a pure function of the step, and {@link #testEpisodes} saves the
 * evaluation list so every method is scored on the same episodes.
 */
public final class VariableEpisodeSampler implements EpisodeSource {
    private final ImageSet set;
    private final VariableEpisodes rules;
    private final int[][] byClass;

    public VariableEpisodeSampler(ImageSet set, VariableEpisodes rules) {
        if (set.classCount() < rules.minWays())
            throw new IllegalArgumentException(set.name() + " has " + set.classCount() + " classes, too few for episodes of at least "
                    + rules.minWays() + " ways");
        this.set = set;
        this.rules = rules;
        this.byClass = new int[set.classCount()][];
        int[] counts = set.countsPerClass();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < 2)
                throw new IllegalArgumentException(set.name() + ": class " + c + " '" + set.classNames().get(c) + "' has " + counts[c]
                        + " image(s); a variable episode needs at least 2 per class (one support, one query): drop the class from the split");
            byClass[c] = set.indicesOfClass(c);
        }
    }

    @Override public ImageSet set() { return set; }
    public VariableEpisodes rules() { return rules; }

    /** A fresh episode from the caller's generator. */
    public Episode sample(Random rng) { return rules.sample(byClass, rng); }

    @Override public Episode episode(long seed, int index) { return sample(Seeds.episode(seed, index)); }

    public List<Episode> episodes(long seed, int count) {
        List<Episode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(episode(seed, i));
        return out;
    }

    /**
     * The fixed test episodes of (dataset, split, rules, seed), saved beside the N-way K-shot ones
     * ({@link EpisodeSampler#testEpisodes}) and refused in the same way when the split has changed.
     */
    public static List<Episode> testEpisodes(String datasetId, String split, ImageSet set, VariableEpisodes rules, long seed, int count) {
        Path file = testEpisodesFile(datasetId, split, rules, seed);
        String fingerprint = EpisodeSampler.fingerprint(set);
        if (Files.isRegularFile(file)) {
            EpisodeSampler.SavedEpisodes saved = EpisodeSampler.SavedEpisodes.read(file);
            if (!saved.labelsFingerprint().equals(fingerprint) || saved.setSize() != set.size())
                throw new DatasetException("Saved test episodes " + file + " were drawn from a different " + datasetId + "/" + split
                        + " (" + saved.setSize() + " images, labels fingerprint " + saved.labelsFingerprint() + "; now " + set.size()
                        + ", " + fingerprint + "). Delete the file to draw new episodes; earlier results are then not comparable.");
            if (saved.episodes().size() >= count) return List.copyOf(saved.episodes().subList(0, count));
        }
        List<Episode> eps = new VariableEpisodeSampler(set, rules).episodes(seed, count);
        // ways/shots/queries 0: variable; the rules are in the file name
        new EpisodeSampler.SavedEpisodes(datasetId, split, 0, 0, 0, seed, set.size(), fingerprint, eps).write(file);
        return eps;
    }

    static Path testEpisodesFile(String datasetId, String split, VariableEpisodes rules, long seed) {
        String name = String.format("%s_%s_variable-%d-%dway_q%d_s%d-%d_seed%d.json", datasetId, split, rules.minWays(), rules.maxWays(),
                rules.maxQueriesPerClass(), rules.maxSupport(), rules.maxSupportPerClass(), seed).replaceAll("[^A-Za-z0-9._-]", "-");
        return EpisodeSampler.testEpisodesFile(datasetId, split, 0, 0, 0, seed).resolveSibling(name);
    }
}
