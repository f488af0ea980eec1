package glimpse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Java kernel runs the notebooks, and why. The Glimpse kernel (glimpse.kernel.KernelMain, on
 * JJava's protocol library, jars copied by the build beside the rapaio jar) is the default: it is
 * the one `./glimpse test` drives in a browser. JJava (where a user has it) and
 * rapaio-jupyter-kernel 3.0.1 (whose start-up race KernelMain documents) are there on request.
 *
 * @param kind   the kernel
 * @param jar    its jar
 * @param reason one sentence for the log and the report
 */
public record KernelChoice(Kind kind, Path jar, String reason) {

    public enum Kind { GLIMPSE, JJAVA, RAPAIO }

    /**
     * What the decision looks at; built from the real environment by {@link #fromEnvironment}.
     * rapaioJar is notebooks/target/kernel/rapaio-jupyter-kernel.jar; the Glimpse kernel's protocol
     * jars (jjava-jupyter.jar, jeromq.jar, jnacl.jar) lie beside it.
     */
    public record Inputs(String requested, String jjavaJarSetting, List<Path> kernelDirs, Path rapaioJar) {}

    public static KernelChoice decide(Inputs in) {
        String want = in.requested() == null || in.requested().isBlank() ? "auto" : in.requested().trim().toLowerCase();
        Optional<Path> jjava = findJJava(in);
        switch (want) {
            case "glimpse":
                return glimpse(in, "GLIMPSE_KERNEL=glimpse requested it");
            case "rapaio":
                return rapaio(in, "GLIMPSE_KERNEL=rapaio requested it");
            case "jjava":
                return jjava.map(j -> new KernelChoice(Kind.JJAVA, j, "GLIMPSE_KERNEL=jjava requested it; jar " + j))
                        .orElseThrow(() -> new IllegalStateException("GLIMPSE_KERNEL=jjava but no JJava jar was found: "
                                + lookedAt(in) + ". Install it (`pip install jjava`) or set GLIMPSE_JJAVA_JAR to its jar."));
            case "auto":
                return glimpse(in, "the Glimpse kernel (default; GLIMPSE_KERNEL=jjava or rapaio picks another)"
                        + jjava.map(j -> "; JJava is also installed at " + j).orElse(""));
            default:
                throw new IllegalArgumentException("GLIMPSE_KERNEL must be auto, glimpse, jjava or rapaio, not '" + want + "'");
        }
    }

    private static KernelChoice glimpse(Inputs in, String why) {
        Path protocol = in.rapaioJar() == null ? null : in.rapaioJar().resolveSibling("jjava-jupyter.jar");
        if (protocol == null || !Files.isRegularFile(protocol))
            throw new IllegalStateException("the Glimpse kernel's protocol jar is missing at " + protocol + ": run `mvn package` (./glimpse does it)");
        return new KernelChoice(Kind.GLIMPSE, protocol, why);
    }

    private static KernelChoice rapaio(Inputs in, String why) {
        if (in.rapaioJar() == null || !Files.isRegularFile(in.rapaioJar()))
            throw new IllegalStateException("rapaio-jupyter-kernel jar missing at " + in.rapaioJar() + ": run `mvn package` (./glimpse does it)");
        return new KernelChoice(Kind.RAPAIO, in.rapaioJar(), why);
    }

    private static String lookedAt(Inputs in) {
        return "GLIMPSE_JJAVA_JAR " + (in.jjavaJarSetting() == null ? "unset" : "= " + in.jjavaJarSetting())
                + ", kernelspecs under " + in.kernelDirs();
    }

    private static final Pattern JJAVA_JAR = Pattern.compile("\"([^\"]*jjava[^\"]*\\.jar)\"", Pattern.CASE_INSENSITIVE);

    /** GLIMPSE_JJAVA_JAR if it names a file, else a kernelspec whose argv runs a jjava*.jar that exists. */
    static Optional<Path> findJJava(Inputs in) {
        if (in.jjavaJarSetting() != null && !in.jjavaJarSetting().isBlank()) {
            Path p = Path.of(in.jjavaJarSetting());
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : in.kernelDirs()) {
            if (!Files.isDirectory(dir)) continue;
            try (var specs = Files.list(dir)) {
                for (Path spec : specs.sorted().toList()) {
                    Path json = spec.resolve("kernel.json");
                    if (!Files.isRegularFile(json) || spec.getFileName().toString().startsWith("glimpse")) continue;
                    Matcher m = JJAVA_JAR.matcher(Files.readString(json));
                    while (m.find()) {
                        Path jar = spec.resolve(m.group(1).replace("{resource_dir}", spec.toString()));
                        if (Files.isRegularFile(jar)) return Optional.of(jar);
                    }
                }
            } catch (java.io.IOException ignored) {
                // an unreadable kernelspec folder is simply not a candidate
            }
        }
        return Optional.empty();
    }

    /** The standard Jupyter data folders' kernels/ directories, plus JUPYTER_PATH and JUPYTER_DATA_DIR. */
    public static Inputs fromEnvironment(Path rapaioJar) {
        List<Path> dirs = new ArrayList<>();
        String jp = System.getenv("JUPYTER_PATH");
        if (jp != null) for (String p : jp.split(java.io.File.pathSeparator)) if (!p.isBlank()) dirs.add(Path.of(p, "kernels"));
        String dd = System.getenv("JUPYTER_DATA_DIR");
        if (dd != null) dirs.add(Path.of(dd, "kernels"));
        dirs.add(Path.of(System.getProperty("user.home"), ".local", "share", "jupyter", "kernels"));
        dirs.add(Path.of("/usr/local/share/jupyter/kernels"));
        dirs.add(Path.of("/usr/share/jupyter/kernels"));
        return new Inputs(System.getenv("GLIMPSE_KERNEL"), System.getenv("GLIMPSE_JJAVA_JAR"), dirs, rapaioJar);
    }
}
