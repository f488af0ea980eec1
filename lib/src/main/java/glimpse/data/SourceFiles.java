package glimpse.data;

import glimpse.Glimpse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Locates a manifest's files (user folder, Debian package, download cache), decodes and verifies them. */
public final class SourceFiles {
    private SourceFiles() {}

    /**
     * The folder the user named for this dataset: the system property {@code glimpse.dir.<id>}, else
     * the environment variable the manifest names in {@code source.env}; null when neither is set.
     */
    public static Path userDir(Manifest m) {
        String v = m.source().env() == null ? System.getProperty("glimpse.dir." + m.id())
                : Glimpse.setting("glimpse.dir." + m.id(), m.source().env(), null);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** The folders searched, in order: the user's folder ({@link #userDir}), the package path, the download cache. */
    public static List<Path> candidateDirs(Manifest m) {
        List<Path> dirs = new ArrayList<>();
        Manifest.Source s = m.source();
        if (userDir(m) != null) dirs.add(userDir(m));
        if (s.path() != null) dirs.add(packagePath(m));
        dirs.add(downloadDir(m));
        return dirs;
    }

    /** {@code source.path}; a relative one (an npm prefix under build/) is relative to the Glimpse home, not to the working folder. */
    public static Path packagePath(Manifest m) {
        Path p = Path.of(m.source().path());
        return p.isAbsolute() ? p : Glimpse.home().resolve(p);
    }

    /**
     * The command that installs a manifest's pinned npm packages where the reader looks ({@code source.path} is the
     * prefix's node_modules folder); null when it lists none. The set-up runs the same command.
     */
    public static String npmInstallCommand(Manifest m) {
        if (m.source().npmPackagesOrEmpty().isEmpty() || m.source().path() == null) return null;
        Path modules = packagePath(m);
        Path prefix = modules.getFileName() != null && modules.getFileName().toString().equals("node_modules") ? modules.getParent() : modules;
        return "npm install --prefix " + prefix + " --no-audit --no-fund " + String.join(" ", m.source().npmPackagesOrEmpty());
    }

    public static Path downloadDir(Manifest m) { return Glimpse.cacheDir().resolve("downloads").resolve(m.id()); }

    /** The folder holding all of the manifest's files, downloading them if the manifest allows it. */
    public static Path resolveDir(Manifest m) {
        for (Path d : candidateDirs(m)) {
            if (m.filesOrEmpty().stream().allMatch(f -> Files.isRegularFile(d.resolve(f.name())))) return d;
        }
        if (m.source().url() != null && !"false".equals(Glimpse.setting("glimpse.download", "GLIMPSE_DOWNLOAD", "true"))) {
            download(m);
            return downloadDir(m);
        }
        Path where = candidateDirs(m).get(0);
        Manifest.FileEntry absent = m.filesOrEmpty().stream().filter(f -> !Files.isRegularFile(where.resolve(f.name()))).findFirst()
                .orElse(m.filesOrEmpty().isEmpty() ? null : m.filesOrEmpty().get(0));
        Manifest.Source s = m.source();
        Path user = userDir(m);
        String why = user == null && s.env() != null && s.path() == null ? ": " + s.env() + " is not set"
                : user != null && !Files.isDirectory(user) ? ": " + s.env() + "=" + user + " is not a folder" : "";
        throw DatasetException.of("Dataset '" + m.id() + "' is missing" + (absent == null ? "" : " (" + absent.name() + ")") + why,
                where.resolve(absent == null ? "" : absent.name()), m, fixFor(m));
    }

    public static String fixFor(Manifest m) {
        Manifest.Source s = m.source();
        List<String> ways = new ArrayList<>();
        if (s.debianPackage() != null) ways.add("`sudo apt-get install " + s.debianPackage() + "` (files land in " + s.path() + ")");
        if (npmInstallCommand(m) != null) ways.add("`" + npmInstallCommand(m) + "` (what `./glimpse run` and `./glimpse test` do on set-up)");
        if (s.env() != null) ways.add("set " + s.env() + " to a folder holding " + names(m));
        if (s.url() != null) ways.add("allow the download from " + s.url() + " (GLIMPSE_DOWNLOAD is not false)");
        return String.join("; or ", ways);
    }

    /**
     * The fix for a file that is there but damaged or not the one the manifest describes: replace it
     * with an intact copy, in whichever ways the manifest's source allows.
     */
    public static String fixForDamaged(Path file, Manifest m) {
        Manifest.Source s = m.source();
        List<String> ways = new ArrayList<>();
        if (s.url() != null && file.toAbsolutePath().startsWith(downloadDir(m).toAbsolutePath()))
            ways.add("delete " + file + " so that it is re-downloaded from " + s.url());
        if (s.debianPackage() != null && s.path() != null && file.startsWith(Path.of(s.path())))
            ways.add("`sudo apt-get install --reinstall " + s.debianPackage() + "`");
        if (npmInstallCommand(m) != null && file.toAbsolutePath().startsWith(packagePath(m).toAbsolutePath()))
            ways.add("`" + npmInstallCommand(m) + "` (reinstalls the pinned versions)");
        if (s.env() != null) ways.add("set " + s.env() + " to a folder holding intact copies of " + names(m));
        return "replace " + file.getFileName() + " with an intact copy" + (ways.isEmpty() ? "" : ": " + String.join("; or ", ways));
    }

    private static String names(Manifest m) {
        return String.join(", ", m.filesOrEmpty().stream().map(Manifest.FileEntry::name).toList());
    }

    /** Reads a file fully, gunzipping .gz files; a corrupt archive is reported with the file and manifest. */
    public static byte[] readContent(Path file, Manifest m) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, Files.size(file) * 2));
            in.transferTo(out);
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw DatasetException.of("Corrupt gzip data (" + e.getMessage() + "): the file is damaged or cut short", file, m,
                    fixForDamaged(file, m));
        } catch (IOException e) {
            throw DatasetException.of("Cannot read (" + e + ")", file, m, fixFor(m));
        }
    }

    /**
     * Checks the decoded content against the manifest's sha256 and size. A file in a fixture folder
     * ({@link FixtureMarker}) is exempt: the pins describe the real release, which a fixture is not
     * (its reader still checks the layout, and `data check` says it is a fixture).
     */
    public static void verify(byte[] content, Path file, Manifest.FileEntry entry, Manifest m) {
        if (FixtureMarker.in(file.toAbsolutePath().getParent()) != null) return;
        if (entry.contentBytes() != null && entry.contentBytes() != content.length)
            throw DatasetException.of("Size mismatch: " + content.length + " bytes decoded, manifest says " + entry.contentBytes()
                    + ": the file is not the one the manifest describes", file, m, fixForDamaged(file, m));
        if (entry.contentSha256() != null) {
            String got = sha256(content);
            if (!got.equalsIgnoreCase(entry.contentSha256()))
                throw DatasetException.of("Checksum mismatch: sha256 " + got + ", manifest says " + entry.contentSha256()
                        + ": the file is not the one the manifest describes", file, m, fixForDamaged(file, m));
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void download(Manifest m) {
        Path dir = downloadDir(m);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            Files.createDirectories(dir);
            for (Manifest.FileEntry f : m.filesOrEmpty()) {
                Path target = dir.resolve(f.name());
                if (Files.isRegularFile(target)) continue;
                URI uri = URI.create(m.source().url().endsWith("/") ? m.source().url() + f.name() : m.source().url() + "/" + f.name());
                System.err.println("Downloading " + uri + " -> " + target);
                // the partial file keeps the name's ending, so that readContent gunzips a .gz download before verifying it
                Path part = dir.resolve(".part-" + f.name());
                try {
                    HttpResponse<Path> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofFile(part));
                    if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " for " + uri);
                    try {
                        verify(readContent(part, m), part, f, m);
                    } catch (DatasetException e) {
                        String env = m.source().env();
                        throw DatasetException.of("The download " + uri + " is not the file the manifest describes ("
                                + e.getMessage().lines().findFirst().orElse("") + "); it was not kept", target, m,
                                "the server's copy differs from the one the manifest pins: obtain a verified copy and "
                                        + (env != null ? "set " + env + " to its folder" : "place it at " + target));
                    }
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    // a cut-short or unverified download is never left where a later run could take it for the file
                    Files.deleteIfExists(part);
                }
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw DatasetException.of("Download failed (" + e.getMessage() + ")", dir, m, fixFor(m));
        }
    }
}
