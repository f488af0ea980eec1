package glimpse.data;

import glimpse.Glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The manifest registry: finds manifests, dispatches to their readers, memoises loaded sets. */
public final class Datasets {
    private Datasets() {}

    private static final Map<String, Supplier<DatasetReader>> READERS = Map.of(
            "idx", IdxDatasetReader::new,
            "glyphs", glimpse.data.glyphs.GlyphsDatasetReader::new,
            "glyph-diacritics", glimpse.data.glyphs.DiacriticGlyphsReader::new,
            "cifar-binary", CifarBinaryReader::new,
            "image-list", ImageListReader::new,
            "image-folder", ImageFolderReader::new,
            "retrieval-list", RetrievalListReader::new,
            "cub", CubReader::new,
            "stanford-cars", StanfordCarsReader::new
    );
    private static final Map<String, Dataset> LOADED = new ConcurrentHashMap<>();

    public static Manifest manifest(String id) {
        Path file = Glimpse.manifestsDir().resolve(id + ".json");
        if (!Files.isRegularFile(file))
            throw DatasetException.of("Unknown dataset '" + id + "'; known datasets: " + String.join(", ", ids()), null, file.toString(),
                    "use one of the known ids, or describe the dataset in " + file.getFileName() + " (the format is in data-manifests/README.md)", null);
        return Manifest.read(file);
    }

    /** The ids of the manifests in data-manifests/ (their file names; nothing is parsed). */
    public static List<String> ids() {
        try (Stream<Path> s = Files.list(Glimpse.manifestsDir())) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json")).map(f -> f.substring(0, f.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + Glimpse.manifestsDir() + ": " + e.getMessage(), e);
        }
    }

    public static List<Manifest> manifests() {
        try (Stream<Path> s = Files.list(Glimpse.manifestsDir())) {
            List<Manifest> out = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) out.add(Manifest.read(p));
            return out;
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + Glimpse.manifestsDir() + ": " + e.getMessage(), e);
        }
    }

    public static DatasetReader reader(Manifest m) {
        Supplier<DatasetReader> r = READERS.get(m.reader());
        if (r == null) throw DatasetException.of("Unknown reader '" + m.reader() + "'", m,
                "set \"reader\" to one of " + String.join(", ", new java.util.TreeSet<>(READERS.keySet())) + " (readers: data-manifests/README.md)");
        return r.get();
    }

    /**
     * Loads (once per JVM and manifest file) the dataset with this manifest id. A load that fails
     * leaves nothing behind: the next call reads the files again.
     */
    public static Dataset load(String id) {
        String key = Glimpse.manifestsDir().resolve(id + ".json").toAbsolutePath().normalize().toString();
        return LOADED.computeIfAbsent(key, k -> { Manifest m = manifest(id); return reader(m).read(m); });
    }

    public static DatasetReader.CheckReport check(String id) {
        Manifest m = manifest(id);
        return reader(m).check(m);
    }
}
