package glimpse.data.sampling;

import glimpse.Glimpse;
import glimpse.data.DatasetException;
import glimpse.data.ImageSet;
import glimpse.data.Manifest;
import glimpse.data.SourceFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one N-way K-shot Q-query episode sampler. Classes are drawn uniformly without replacement,
 * then K+Q distinct images of each class; episode labels are 0..N-1. Training draws from a caller's
 * {@link Random}; evaluation uses {@link #episode(long, int)}, where episode i depends only on
 * (seed, i) (stream {@link Seeds#episode}), and {@link #testEpisodes} saves that list so every method is scored on the same
 * episodes.
 */
public final class EpisodeSampler implements EpisodeSource {
    private final ImageSet set;
    private final int ways, shots, queries;
    private final int[][] byClass;

    public EpisodeSampler(ImageSet set, int ways, int shots, int queries) {
        if (ways < 1 || shots < 1 || queries < 0)
            throw new IllegalArgumentException("need ways >= 1, shots >= 1, queries >= 0; got " + ways + "-way " + shots + "-shot " + queries + "-query");
        if (set.classCount() < ways)
            throw new IllegalArgumentException(set.name() + " has " + set.classCount() + " classes, too few for " + ways + "-way episodes");
        this.set = set; this.ways = ways; this.shots = shots; this.queries = queries;
        this.byClass = new int[set.classCount()][];
        int[] counts = set.countsPerClass();
        for (int c = 0; c < set.classCount(); c++) {
            if (counts[c] < shots + queries)
                throw new IllegalArgumentException(set.name() + ": class " + c + " '" + set.classNames().get(c) + "' has "
                        + counts[c] + " images, fewer than the " + (shots + queries) + " that a " + shots + "-shot "
                        + queries + "-query episode needs; use fewer shots/queries or restrict the set to larger classes");
            byClass[c] = set.indicesOfClass(c);
        }
    }

    @Override public ImageSet set() { return set; }
    public int ways() { return ways; }
    public int shots() { return shots; }
    public int queries() { return queries; }

    /** A fresh episode from the caller's generator (episodic training). */
    public Episode sample(Random rng) {
        int[] classes = Draws.sample(set.classCount(), ways, rng);
        int[][] s = new int[ways][], q = new int[ways][];
        for (int c = 0; c < ways; c++) {
            int[] picked = Draws.sample(byClass[classes[c]], shots + queries, rng);
            s[c] = java.util.Arrays.copyOfRange(picked, 0, shots);
            q[c] = java.util.Arrays.copyOfRange(picked, shots, shots + queries);
        }
        return Episode.of(classes, s, q);
    }

    /** Episode {@code index} of the stream seeded by {@code seed}: the same for any order of requests. */
    @Override public Episode episode(long seed, int index) {
        return sample(Seeds.episode(seed, index));
    }

    public List<Episode> episodes(long seed, int count) {
        List<Episode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(episode(seed, i));
        return out;
    }

    /**
     * The fixed test episodes of (dataset, split, N, K, Q, seed): read from the cache file when it
     * holds enough of them, otherwise generated and saved. The file records a fingerprint of the
     * image set's labels, so episodes saved for a different rendering of the data are refused.
     */
    public static List<Episode> testEpisodes(String datasetId, String split, ImageSet set, int ways, int shots,
                                             int queries, long seed, int count) {
        Path file = testEpisodesFile(datasetId, split, ways, shots, queries, seed);
        String fingerprint = fingerprint(set);
        if (Files.isRegularFile(file)) {
            SavedEpisodes saved = SavedEpisodes.read(file);
            if (!saved.labelsFingerprint().equals(fingerprint) || saved.setSize() != set.size())
                throw new DatasetException("Saved test episodes " + file + " were drawn from a different " + datasetId + "/" + split
                        + " (" + saved.setSize() + " images, labels fingerprint " + saved.labelsFingerprint() + "; now " + set.size()
                        + ", " + fingerprint + "). Delete the file to draw new episodes; earlier results are then not comparable.");
            if (saved.episodes().size() >= count) return List.copyOf(saved.episodes().subList(0, count));
        }
        List<Episode> eps = new EpisodeSampler(set, ways, shots, queries).episodes(seed, count);
        new SavedEpisodes(datasetId, split, ways, shots, queries, seed, set.size(), fingerprint, eps).write(file);
        return eps;
    }

    public static Path testEpisodesFile(String datasetId, String split, int ways, int shots, int queries, long seed) {
        String name = String.format("%s_%s_%dway_%dshot_%dquery_seed%d.json", datasetId, split, ways, shots, queries, seed)
                .replaceAll("[^A-Za-z0-9._-]", "-");
        return Glimpse.cacheDir().resolve("episodes").resolve(name);
    }

    /** sha256 of the label sequence: changes when images are added, removed or relabelled. */
    static String fingerprint(ImageSet set) {
        int[] ys = set.labels();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * ys.length);
        for (int y : ys) b.putInt(y);
        return SourceFiles.sha256(b.array()).substring(0, 16);
    }

    /** The saved list; the file is small JSON, readable by people checking which images were used. */
    record SavedEpisodes(String dataset, String split, int ways, int shots, int queries, long seed, int setSize,
                         String labelsFingerprint, List<Episode> episodes) {
        static SavedEpisodes read(Path file) {
            try {
                SavedEpisodes s = Manifest.gson().fromJson(Files.readString(file), SavedEpisodes.class);
                if (s == null || s.episodes() == null) throw new IOException("no episodes in file");
                return s;
            } catch (IOException | RuntimeException e) {
                throw new DatasetException("Cannot read saved test episodes " + file + " (" + e.getMessage()
                        + "). Delete the file to draw them again.", e);
            }
        }

        void write(Path file) {
            try {
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
                Files.writeString(tmp, new com.google.gson.Gson().toJson(this));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new DatasetException("Cannot save test episodes to " + file + ": " + e.getMessage(), e);
            }
        }
    }

}
