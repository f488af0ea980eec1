package glimpse.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The note a fixture folder carries ({@value #FILE}): the folder was written by
 * {@code ./glimpse data fixtures} (synthetic pictures in a benchmark's real on-disk layout), not
 * extracted from the real dataset. Readers check such a folder's layout as usual, but not the sizes
 * and checksums the manifest pins for the real files; {@code ./glimpse data check} says it is a
 * fixture and how it differs from the real set.
 *
 * @param writtenBy what wrote it
 * @param seed      the seed its pictures and file order were drawn with
 * @param manifests per manifest id the folder serves: what the fixture holds and what the real set holds
 */
public record FixtureMarker(String writtenBy, long seed, Map<String, Entry> manifests) {
    public static final String FILE = "glimpse-fixture.json";

    /** One manifest's view of the fixture: {@code written} ("train: 200 classes, 200 images; …") and {@code realSet}. */
    public record Entry(String written, String realSet) {}

    public FixtureMarker {
        manifests = new LinkedHashMap<>(manifests);
    }

    /** The marker of {@code dir}, or null when {@code dir} is null or carries none. */
    public static FixtureMarker in(Path dir) {
        if (dir == null || !Files.isRegularFile(dir.resolve(FILE))) return null;
        Path file = dir.resolve(FILE);
        try {
            FixtureMarker m = Manifest.gson().fromJson(Files.readString(file), FixtureMarker.class);
            if (m == null || m.manifests() == null) throw new com.google.gson.JsonParseException("no manifests field");
            return m;
        } catch (IOException | com.google.gson.JsonParseException e) {
            throw DatasetException.of("Unreadable fixture note (" + e.getMessage() + ")", file, null,
                    "write the fixtures again with `./glimpse data fixtures DIR`, or delete " + FILE + " if this folder holds the real dataset", e);
        }
    }

    /** The marker of the folder the user named for {@code m} (its environment variable or system property), or null. */
    public static FixtureMarker of(Manifest m) { return in(SourceFiles.userDir(m)); }

    public void writeTo(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), Manifest.gson().toJson(this) + "\n");
    }
}
