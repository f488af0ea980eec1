package glimpse.data;

import glimpse.Glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The manifests in data-manifests/, by id. Separate from the reader registry ({@link Datasets}) so
 * that a reader which builds on another dataset's manifest (the diacritic glyphs on the glyph fonts)
 * looks it up here without importing the registry that names it.
 */
public final class Manifests {
    private Manifests() {}

    /** The manifest with this id (data-manifests/&lt;id&gt;.json); a clear error naming the known ids otherwise. */
    public static Manifest of(String id) {
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

    public static List<Manifest> all() {
        try (Stream<Path> s = Files.list(Glimpse.manifestsDir())) {
            List<Manifest> out = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) out.add(Manifest.read(p));
            return out;
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + Glimpse.manifestsDir() + ": " + e.getMessage(), e);
        }
    }
}
