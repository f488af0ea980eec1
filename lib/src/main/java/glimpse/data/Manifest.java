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
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * One dataset's description, read from {@code data-manifests/<id>.json}. The format is documented
 * in data-manifests/README.md. Reader-specific details (glyph fonts, split lists) sit in
 * {@link #options()} and are interpreted by the reader named in {@link #reader()}.
 */
@RecordBuilder
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
        Path location) implements ManifestBuilder.With {

    /**
     * Where the files come from. {@code kind} is one of: {@code debian-package} (read from
     * {@code path}, installed by {@code apt-get install <package>}), {@code download} (from
     * {@code url} into the cache), {@code user-directory} (a folder given by the environment
     * variable {@code env}), {@code generated} (rendered by the reader itself), {@code npm-package} (the pinned
     * {@code npmPackages}, "name@version", installed by the set-up with {@code npm install --prefix} into the folder
     * above {@code path}, a {@code node_modules} folder). A relative {@code path} is relative to the Glimpse home.
     */
    public record Source(String kind, String debianPackage, String path, String url, String env, String layout, List<String> npmPackages) {
        public List<String> npmPackagesOrEmpty() { return npmPackages == null ? List.of() : npmPackages; }
    }

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

    /** Where a JSON parser says the problem is: "... at line 4 column 7 path $.source". */
    private static final java.util.regex.Pattern JSON_LOCATION =
            java.util.regex.Pattern.compile("^(.*?)\\s+at line (\\d+) column (\\d+)(?: path (\\S+))?", java.util.regex.Pattern.DOTALL);

    public static Manifest read(Path file) {
        if (!Files.isRegularFile(file))
            throw DatasetException.of("No manifest file", null, file.toString(), "manifests live in data-manifests/; `./glimpse data list` lists them", null);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw DatasetException.of("Cannot read the manifest (" + e + ")", null, file.toString(), "check the file's permissions", e);
        }
        Manifest m;
        try {
            m = GSON.fromJson(text, Manifest.class);
        } catch (JsonParseException e) {
            throw notParsed(file, e);
        }
        if (m == null || m.id() == null || m.reader() == null || m.source() == null)
            throw DatasetException.of("Manifest lacks one of the required fields id, reader, source", null, file.toString(),
                    "add them (the format is in data-manifests/README.md)", null);
        return m.withLocation(file);
    }

    /** Names the line and column of a syntax error (or of a value of the wrong type) in {@code file}. */
    private static DatasetException notParsed(Path file, JsonParseException e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        boolean syntax = root instanceof com.google.gson.stream.MalformedJsonException || root instanceof java.io.EOFException;
        String reason = root.getMessage() == null ? root.toString() : root.getMessage().lines().findFirst().orElse("");
        java.util.regex.Matcher at = JSON_LOCATION.matcher(reason);
        String what = syntax ? "Manifest is not valid JSON" : "Manifest does not match the manifest format";
        if (!at.find())
            return DatasetException.of(what + " (" + reason + ")", null, file.toString(),
                    "correct the file (the format is in data-manifests/README.md)", e);
        String line = at.group(2);
        return DatasetException.of(what + " at line " + line + ", column " + at.group(3) + ": " + at.group(1)
                        + (at.group(4) == null || at.group(4).equals("$") ? "" : " (in " + at.group(4) + ")"),
                null, file + ":" + line, "correct line " + line + " of " + file.getFileName() + " (the format is in data-manifests/README.md)", e);
    }


    public List<FileEntry> filesOrEmpty() { return files == null ? List.of() : files; }
    public List<String> purposesOrEmpty() { return purposes == null ? List.of() : purposes; }
}
