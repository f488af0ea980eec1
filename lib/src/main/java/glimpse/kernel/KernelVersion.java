package glimpse.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The kernel's and the Java runtime's versions, apart from {@link GlimpseKernel} so that the CLI (whose
 * classpath lacks the kernel's protocol library) can name them in the report index.
 */
public final class KernelVersion {
    private KernelVersion() {}

    /** The kernel's version, from the library build (glimpse/kernel/version.properties, filtered by Maven). */
    public static final String VERSION = read();
    /** The Java release cells are written in (language_info.version): the feature version, as notebooks state it. */
    public static final String JAVA_RELEASE = String.valueOf(Runtime.version().feature());

    /** The runtime that runs the cells, e.g. "17.0.15+6 (Debian, OpenJDK 64-Bit Server VM)". */
    public static String javaRuntime() {
        return Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ", " + System.getProperty("java.vm.name", "?") + ")";
    }

    private static String read() {
        try (InputStream in = KernelVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            String v = p.getProperty("version", "");
            return v.isBlank() || v.startsWith("${") ? "unknown (built without Maven resources)" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
