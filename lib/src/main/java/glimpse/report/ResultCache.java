package glimpse.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import glimpse.Glimpse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Experiment results cached on disk, keyed by the experiment's name and its config record (as
 * JSON), so re-opening a notebook re-renders instantly. GLIMPSE_RECOMPUTE=1 forces recomputation.
 * Results are written atomically: an interrupted run leaves either the old file or none.
 */
public final class ResultCache {
    private ResultCache() {}

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    public static <T> T getOrCompute(String name, Object config, Class<T> resultType, Supplier<T> compute) {
        Path file = fileFor(name, config);
        if (!Glimpse.recompute() && Files.isRegularFile(file)) {
            try {
                Entry stored = GSON.fromJson(Files.readString(file), Entry.class);
                T value = GSON.fromJson(stored.result(), resultType);
                if (value != null) {
                    System.out.println("[cache] " + name + ": reusing " + file.getFileName() + " (GLIMPSE_RECOMPUTE=1 to recompute)");
                    return value;
                }
            } catch (IOException | RuntimeException e) {
                System.out.println("[cache] " + name + ": unreadable cache entry " + file + " (" + e.getMessage() + "), recomputing");
            }
        }
        T value = compute.get();
        store(file, new Entry(name, GSON.toJsonTree(config), GSON.toJsonTree(value)));
        return value;
    }

    /** The cache file for a config: {@code cache/results/<name>-<sha256(config json) prefix>.json}. */
    public static Path fileFor(String name, Object config) {
        String json = config.getClass().getName() + GSON.toJson(config) + "|mode=" + Glimpse.mode();
        String key = sha256(json).substring(0, 16);
        return Glimpse.cacheDir().resolve("results").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + key + ".json");
    }

    private record Entry(String name, com.google.gson.JsonElement config, com.google.gson.JsonElement result) {}

    private static void store(Path file, Entry e) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "tmp-", ".json");
            Files.writeString(tmp, GSON.toJson(e));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write result cache " + file, ex);
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
