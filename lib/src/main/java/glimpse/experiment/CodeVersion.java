package glimpse.experiment;

import glimpse.Glimpse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A fingerprint of the code that computes results: SHA-256 over the compiled classes of the
 * packages that can change a number ({@link #COMPUTING_PACKAGES}) and the engine versions (DJL and
 * PyTorch), read from wherever this library was loaded (its jar, or {@code target/classes}).
 *
 * <p>Why a fingerprint of the build rather than a version number per experiment: a number has to
 * be bumped by hand, and a forgotten bump is exactly the stale result it exists to prevent; a
 * fingerprint cannot forget. Its cost is that any change to computing code — even one that moves
 * a line — makes every experiment recompute once. Rendering code (report, cli, bench) is left out,
 * so changing how a table or figure looks keeps the cached numbers.
 *
 * <p>{@code glimpse.codeVersion} / {@code GLIMPSE_CODE_VERSION} overrides it (tests; pinning a
 * cache on purpose).
 */
public final class CodeVersion {
    private CodeVersion() {}

    /** Packages (as class-file path prefixes) whose code can change an experiment's numbers. */
    public static final List<String> COMPUTING_PACKAGES = List.of(
            "glimpse/data/", "glimpse/nn/", "glimpse/train/", "glimpse/eval/", "glimpse/experiment/", "glimpse/fewshot/",
            "glimpse/classification/", "glimpse/method/", "glimpse/pretrain/", "glimpse/Glimpse.class");

    private static volatile String cached;

    /** 16 hex digits identifying the computing code and engine; stable across builds of the same sources. */
    public static String current() {
        String pinned = Glimpse.setting("glimpse.codeVersion", "GLIMPSE_CODE_VERSION", null);
        if (pinned != null) return pinned;
        String v = cached;
        if (v == null) cached = v = fingerprint(classesRoot());
        return v;
    }

    /** The engine versions that enter the fingerprint, e.g. "djl 0.35.1, pytorch 2.7.1". */
    public static String engine() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getClassLoader().getResourceAsStream("pytorch-engine.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "djl " + p.getProperty("djl_version", "?") + ", pytorch " + p.getProperty("pytorch_version", "?");
    }

    /** Fingerprint of the computing classes under {@code root} (a jar or a classes folder). */
    public static String fingerprint(Path root) {
        Map<String, byte[]> classes = computingClasses(root);
        if (classes.isEmpty()) throw new IllegalStateException("no Glimpse classes found in " + root + " to fingerprint");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(engine().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (var e : classes.entrySet()) {       // sorted by name: the order the files were found in does not matter
                sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, byte[]> computingClasses(Path root) {
        Map<String, byte[]> out = new TreeMap<>();
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = root.relativize(f).toString().replace('\\', '/');
                        if (isComputing(name)) out.put(name, Files.readAllBytes(f));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        if (!e.isDirectory() && isComputing(e.getName()))
                            try (InputStream in = jar.getInputStream(e)) { out.put(e.getName(), in.readAllBytes()); }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the library classes at " + root + " to fingerprint them", e);
        }
        return out;
    }

    private static boolean isComputing(String name) {
        if (!name.endsWith(".class")) return false;
        for (String p : COMPUTING_PACKAGES) if (name.startsWith(p)) return true;
        return false;
    }

    private static Path classesRoot() {
        try {
            return Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Cannot locate the Glimpse library classes to fingerprint them", e);
        }
    }
}
