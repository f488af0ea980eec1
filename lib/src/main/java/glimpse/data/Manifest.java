package glimpse.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One dataset's description, read from {@code data-manifests/<id>.json}. The format is documented
 * in data-manifests/README.md. Reader-specific details (glyph fonts, split lists) sit in
 * {@link #options()} and are interpreted by the reader named in {@link #reader()}.
 */
public record Manifest(
        String id,
        String title,
        String homepage,
        String licence,
        String citation,
        List<String> purposes,
        Source source,
        List<FileEntry> files,
        String reader,
        Map<String, String> splits,
        List<String> classNames,
        List<String> classTexts,
        JsonObject options,
        Path location) {

    /**
     * Where the files come from. {@code kind} is one of: {@code debian-package} (read from
     * {@code path}, installed by {@code apt-get install <package>}), {@code download} (from
     * {@code url} into the cache), {@code user-directory} (a folder given by the environment
     * variable {@code env}), {@code generated} (rendered by the reader itself).
     */
    public record Source(String kind, String debianPackage, String path, String url, String env, String layout) {}

    /**
     * One file the reader needs, relative to the source folder. The checksum and size are of the
     * decoded content (after gunzip for .gz files), so a recompressed copy still verifies.
     */
    public record FileEntry(String name, String contentSha256, Long contentBytes) {}

    /** Paths (only {@link #location()}, which is never in the file) are written and read as strings. */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeHierarchyAdapter(Path.class, new com.google.gson.TypeAdapter<Path>() {
                @Override public void write(com.google.gson.stream.JsonWriter out, Path p) throws IOException {
                    if (p == null) out.nullValue(); else out.value(p.toString());
                }
                @Override public Path read(com.google.gson.stream.JsonReader in) throws IOException {
                    if (in.peek() == com.google.gson.stream.JsonToken.NULL) { in.nextNull(); return null; }
                    return Path.of(in.nextString());
                }
            }).create();

    public static Gson gson() { return GSON; }

    public static Manifest read(Path file) {
        if (!Files.isRegularFile(file))
            throw new DatasetException("No manifest at " + file + ". Manifests live in data-manifests/; run `./glimpse data list`.");
        try {
            Manifest m = GSON.fromJson(Files.readString(file), Manifest.class);
            if (m == null || m.id() == null || m.reader() == null || m.source() == null)
                throw new DatasetException("Manifest " + file + " lacks one of the required fields id, reader, source (see data-manifests/README.md)");
            return m.withLocation(file);
        } catch (IOException | JsonParseException e) {
            throw new DatasetException("Manifest " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    public Manifest withLocation(Path file) {
        return new Manifest(id, title, homepage, licence, citation, purposes, source, files, reader, splits,
                classNames, classTexts, options, file);
    }

    public List<FileEntry> filesOrEmpty() { return files == null ? List.of() : files; }
    public List<String> purposesOrEmpty() { return purposes == null ? List.of() : purposes; }
}
