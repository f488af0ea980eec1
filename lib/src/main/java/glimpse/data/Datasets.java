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

/** The reader registry: dispatches a manifest ({@link Manifests}) to its reader, memoises loaded sets. */
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
            "stanford-cars", StanfordCarsReader::new,
            "emoji", glimpse.data.emoji.EmojiReader::new
    );
    private static final Map<String, Dataset> LOADED = new ConcurrentHashMap<>();

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
        return LOADED.computeIfAbsent(key, k -> { Manifest m = Manifests.of(id); return reader(m).read(m); });
    }

    public static DatasetReader.CheckReport check(String id) {
        Manifest m = Manifests.of(id);
        return reader(m).check(m);
    }
}
