package glimpse.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import glimpse.AtomicWrites;
import glimpse.Glimpse;
import glimpse.SpecJson;
import glimpse.train.RunCheckpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Experiment results cached on disk, keyed by the experiment's name, its spec record (as JSON),
 * the mode and the {@link CodeVersion} of the code that computes it (the spec's key by the one
 * rule of {@link SpecJson}: how a run is watched is never in it): after a change to that code
 * a cached number is never shown again, it is recomputed. GLIMPSE_RECOMPUTE=1 recomputes anyway.
 *
 * <p>While a result is computed, every training run inside it checkpoints into
 * {@code cache/runs/<file name>/} ({@link RunCheckpoints}); a run that was killed resumes from
 * there and ends bit-identical to an uninterrupted one. The folder is removed once the result is
 * stored. Results are written atomically: an interrupted or failed write leaves the old file or
 * none, never a partial one. A result is computed under a file lock ({@code cache/locks/<label>.lock},
 * {@link CacheLock}): two processes that want it, on one machine or on two nodes of a cluster sharing
 * the cache, compute it once.
 */
public final class ResultCache {
    private ResultCache() {}

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    /** What a cache file holds besides the result: enough to say where a reused number came from. */
    record Entry(String name, String codeVersion, String engine, String mode, String computedAt, double computeSeconds,
                 JsonElement spec, JsonElement result) {}

    /**
     * The stored result of {@code spec}, or {@code compute} applied to the checkpoints of this
     * computation (in {@code cache/runs/<file name>/}), stored.
     */
    public static <T> T getOrCompute(String name, Object spec, Class<T> resultType, Function<RunCheckpoints, T> compute) {
        Path file = fileFor(name, spec);
        if (!Glimpse.recompute()) {
            java.util.Optional<T> stored = stored(name, spec, resultType);
            if (stored.isPresent()) return stored.get();
        }
        // computed once however many processes want it (notebooks, cluster tasks on other nodes): the first to
        // take the lock computes, the others wait for it and then read what it stored
        try (CacheLock lock = CacheLock.take(Glimpse.cacheDir().resolve("locks").resolve(label(name, spec) + ".lock"), name)) {
            if (!Glimpse.recompute()) {          // another process may have stored it since we looked
                java.util.Optional<T> stored = stored(name, spec, resultType);
                if (stored.isPresent()) return stored.get();
            }
            return compute(name, spec, file, compute);
        }
    }

    private static <T> T compute(String name, Object spec, Path file, Function<RunCheckpoints, T> compute) {
        Path runDir = runDir(name, spec);
        if (Glimpse.recompute()) RunCheckpoints.delete(runDir);   // recompute means from scratch, not from a checkpoint
        List<Path> older = othersOf(file);   // listed once: computing the result does not add any
        if (!older.isEmpty())
            CacheNote.stale(name, older.size(), CodeVersion.current());
        long t0 = System.nanoTime();
        T value;
        try (RunCheckpoints checkpoints = RunCheckpoints.in(runDir)) {
            value = compute.apply(checkpoints);
            store(file, new Entry(name, CodeVersion.current(), CodeVersion.engine(), Glimpse.mode().name().toLowerCase(),
                    Instant.now().toString(), (System.nanoTime() - t0) / 1e9, SpecJson.tree(spec), GSON.toJsonTree(value)));
            checkpoints.finished();                  // only now are the checkpoints of its training runs no longer needed
        }
        for (Path stale : older) {
            try { Files.deleteIfExists(stale); } catch (IOException ignored) { /* a stale file left behind is only ignored */ }
        }
        return value;
    }

    /** The stored result of {@code spec} (said in the cell's cache note), or empty when none is stored or it cannot be read. */
    public static <T> java.util.Optional<T> stored(String name, Object spec, Class<T> resultType) {
        Path file = fileFor(name, spec);
        if (!Files.isRegularFile(file)) return java.util.Optional.empty();
        try {
            Entry stored = GSON.fromJson(Files.readString(file), Entry.class);
            T value = GSON.fromJson(stored.result(), resultType);
            if (value != null) {
                CacheNote.reused(name, stored.codeVersion(), stored.computedAt(), stored.engine(), file.toString());
                return java.util.Optional.of(value);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("[cache] " + name + ": unreadable cache entry " + file + " (" + e.getMessage() + "), recomputing");
        }
        return java.util.Optional.empty();
    }

    /** Whether a readable result of {@code spec} is stored (nothing is said in the cell). */
    public static boolean isStored(String name, Object spec, Class<?> resultType) {
        Path file = fileFor(name, spec);
        if (!Files.isRegularFile(file)) return false;
        try {
            return GSON.fromJson(GSON.fromJson(Files.readString(file), Entry.class).result(), resultType) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Removes the stored result of {@code spec} and its training checkpoints (GLIMPSE_RECOMPUTE with a batch executor). */
    public static void forget(String name, Object spec) {
        try {
            Files.deleteIfExists(fileFor(name, spec));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the cached result " + fileFor(name, spec) + " to recompute it: " + e.getMessage(), e);
        }
        RunCheckpoints.delete(runDir(name, spec));
    }

    /** The name of a result in the cache: its file name without ".json" ({@code <name>-<spec hash>-<code version>}). */
    public static String label(String name, Object spec) {
        return fileFor(name, spec).getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** Where the training runs of {@code spec}'s computation checkpoint: {@code cache/runs/<label>/}. */
    public static Path runDir(String name, Object spec) {
        return Glimpse.cacheDir().resolve("runs").resolve(label(name, spec));
    }

    /**
     * The cache file: {@code cache/results/<name>-<spec hash>-<code version>.json}, the spec hash over
     * the spec's type, its JSON and the mode.
     */
    public static Path fileFor(String name, Object spec) {
        return dir().resolve(prefix(name, spec) + CodeVersion.current() + ".json");
    }

    private static String prefix(String name, Object spec) {
        String specJson = SpecJson.of(spec);
        String json = spec.getClass().getName() + specJson + "|mode=" + Glimpse.budgetMode() + fixtureData(specJson);
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sha256(json).substring(0, 16) + "-";
    }

    private static Path dir() { return Glimpse.cacheDir().resolve("results"); }

    /**
     * "|fixtures=cub-200-2011,…" when a dataset the spec names (by its manifest id, as a JSON string) is
     * read from a fixture folder ({@code ./glimpse data fixtures}), else "". A spec names its dataset, not
     * the files behind it: without this, a number computed on synthetic fixture pictures would be keyed
     * like one computed on the real benchmark and shown for it later. Real data keeps the key it always
     * had, and so do specs on the embedded data while fixtures are in use (a smoke run's CPU sections
     * reuse quick mode's results).
     */
    static String fixtureData(String specJson) {
        List<String> ids = new java.util.ArrayList<>();
        for (glimpse.data.Manifest m : glimpse.data.Manifests.all())
            if (specJson.contains("\"" + m.id() + "\"") && glimpse.data.FixtureMarker.of(m) != null) ids.add(m.id());
        return ids.isEmpty() ? "" : "|fixtures=" + String.join(",", ids);
    }

    /** Cached results of the same name and spec computed by other code versions. */
    private static List<Path> othersOf(Path file) {
        String name = file.getFileName().toString();
        String prefix = name.substring(0, name.length() - (CodeVersion.current().length() + ".json".length()));
        if (!Files.isDirectory(file.getParent())) return List.of();
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> { String n = p.getFileName().toString(); return n.startsWith(prefix) && n.endsWith(".json") && !n.equals(name)
                    && n.length() == name.length(); }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Writes to a temporary file beside the target and moves it into place; on failure removes the temporary file. */
    static void store(Path file, Entry e) {
        try {
            AtomicWrites.writeString(file, GSON.toJson(e));
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the result of '" + e.name() + "' to " + file + ": " + ex
                    + ". Nothing was cached; free disk space (or set GLIMPSE_CACHE to a folder with room) and run the cell again."
                    + " The training checkpoints in " + Glimpse.cacheDir().resolve("runs") + " are kept, so it resumes instead of retraining.", ex);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
