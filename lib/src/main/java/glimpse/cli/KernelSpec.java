package glimpse.cli;

import com.google.gson.GsonBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Glimpse kernelspec ({@code build/env/jupyter/kernels/glimpse-java}): the chosen Java
 * kernel, the library and its dependencies on the classpath, and the one startup script of
 * imports (environment/startup/startup.jsh). Notebook metadata names this kernel.
 */
public final class KernelSpec {
    private KernelSpec() {}

    public static final String NAME = "glimpse-java";
    /** The name Jupyter shows; the same in every notebook's metadata (KernelSpecTest checks them). */
    public static final String DISPLAY_NAME = "Java (Glimpse)";
    /** The Glimpse kernel's protocol library and its needs, copied by the build into notebooks/target/kernel. */
    static final List<String> GLIMPSE_KERNEL_JARS = List.of("jjava-jupyter.jar", "jeromq.jar", "jnacl.jar");

    /** The folder to put on JUPYTER_PATH so Jupyter finds the kernelspec. */
    public static Path jupyterPath(Path home) { return home.resolve("build/env/jupyter"); }

    /**
     * The kernel and the Java that ran a notebook, for the report index: "glimpse kernel 0.1.0, Java 17.0.15+6
     * (Debian, OpenJDK 64-Bit Server VM)". The kernelspec runs {@code java} from PATH, as this command does, so
     * this JVM's version is the kernel's; a JJava or rapaio kernel is named by its jar.
     */
    public static String describe(KernelChoice choice) {
        String kernel = choice.kind() == KernelChoice.Kind.GLIMPSE ? "glimpse kernel " + glimpse.kernel.KernelVersion.VERSION
                : choice.kind().name().toLowerCase(java.util.Locale.ROOT) + " kernel (" + choice.jar().getFileName() + ")";
        return kernel + ", Java " + glimpse.kernel.KernelVersion.javaRuntime();
    }

    public static Path write(Path home, KernelChoice choice, List<Path> classpath, String jvmHeap) {
        try {
            Path dir = jupyterPath(home).resolve("kernels").resolve(NAME);
            Files.createDirectories(dir);
            Path startup = home.resolve("environment/startup/startup.jsh");

            List<String> argv = new ArrayList<>(List.of("java", "-Xmx" + jvmHeap, "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GLIMPSE_HOME", home.toString());
            if (choice.kind() == KernelChoice.Kind.GLIMPSE) {
                // the protocol jars beside choice.jar() serve the kernel itself; the notebooks' JShell sees only the classpath
                List<Path> jvm = new ArrayList<>(classpath);
                for (String j : GLIMPSE_KERNEL_JARS) jvm.add(choice.jar().resolveSibling(j));
                argv.addAll(List.of("-cp", String.join(File.pathSeparator, jvm.stream().map(Path::toString).toList()),
                        "glimpse.kernel.KernelMain", "{connection_file}"));
                env.put("GLIMPSE_KERNEL_CLASSPATH", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
                env.put("GLIMPSE_STARTUP", startup.toString());
                // the library's sources: Shift-Tab and name? show Glimpse's javadoc (JShell reads only the JDK's src.zip)
                env.put("GLIMPSE_KERNEL_SOURCEPATH", home.resolve("lib/src/main/java").toString());
            } else if (choice.kind() == KernelChoice.Kind.RAPAIO) {
                argv.addAll(List.of("-jar", choice.jar().toString(), "{connection_file}"));
                // rapaio splits its classpath on ';' whatever the platform
                env.put("RJK_CLASSPATH", String.join(";", classpath.stream().map(Path::toString).toList()));
                env.put("RJK_INIT_SCRIPT", startup.toString());
                env.put("RJK_TIMEOUT_MILLIS", "-1");
            } else {
                argv.addAll(List.of("-jar", choice.jar().toString(), "{connection_file}"));
                env.put("JJAVA_CLASSPATH", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
                env.put("JJAVA_STARTUP_SCRIPTS_PATH", startup.toString());
                env.put("JJAVA_TIMEOUT", "-1");
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("argv", argv);
            // one name whatever the kernel: the notebooks' metadata and the README use it, so opening a notebook changes nothing
            spec.put("display_name", DISPLAY_NAME);
            spec.put("language", "java");
            spec.put("interrupt_mode", "message");
            spec.put("env", env);
            spec.put("metadata", Map.of("glimpse_kernel_choice", choice.reason()));
            Files.writeString(dir.resolve("kernel.json"), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the kernelspec under " + jupyterPath(home), e);
        }
    }
}
