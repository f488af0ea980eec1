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
            "cifar-binary", CifarBinaryReader::new,
            "image-list", ImageListReader::new,
            "image-folder", ImageFolderReader::new
    );
    private static final Map<String, Dataset> LOADED = new ConcurrentHashMap<>();

    public static Manifest manifest(String id) {
        return Manifest.read(Glimpse.manifestsDir().resolve(id + ".json"));
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
        if (r == null) throw new DatasetException("Manifest " + m.location() + " names reader '" + m.reader()
                + "', which Glimpse does not have; known readers: " + READERS.keySet());
        return r.get();
    }

    /** Loads (once per JVM) the dataset with this manifest id. */
    public static Dataset load(String id) {
        return LOADED.computeIfAbsent(id, k -> { Manifest m = manifest(k); return reader(m).read(m); });
    }

    public static DatasetReader.CheckReport check(String id) {
        Manifest m = manifest(id);
        return reader(m).check(m);
    }
}
