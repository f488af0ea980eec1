package glimpse.report;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Sends a display_data message through whichever Java kernel runs this JVM, found by reflection
 * so the library depends on neither: rapaio-jupyter-kernel ({@code MainApp.kernel.display(DisplayData)}) or JJava ({@code JavaNotebookStatics.kernel()} or, in its early releases,
 * {@code JJava.getKernelInstance()}, then {@code display(DisplayData)}). The JJava path follows
 * its published sources but could not be executed here (JJava is not installable offline). The
 * Glimpse kernel (glimpse.kernel, on JJava's protocol library) is reached through
 * {@code BaseKernel.notebookKernel()}.
 * Outside a kernel (tests, the CLI) it prints a text stand-in.
 */
final class KernelDisplay {
    private KernelDisplay() {}

    private static final String RAPAIO_GLOBAL = "org.rapaio.jupyter.kernel.global.Global";
    private static final String RAPAIO_MAIN = "org.rapaio.jupyter.kernel.MainApp";
    private static final String RAPAIO_DATA = "org.rapaio.jupyter.kernel.display.DisplayData";
    private static final String BASE_KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    /** JJava releases (and IJava, its ancestor): the class and static method that return the kernel, and its DisplayData. */
    private static final String[][] JJAVA = {
            {"org.dflib.jjava.kernel.JavaNotebookStatics", "kernel", "org.dflib.jjava.jupyter.kernel.display.DisplayData"},
            {"org.dflib.jjava.JJava", "getKernelInstance", "org.dflib.jjava.jupyter.kernel.display.DisplayData"},
            {"io.github.spencerpark.ijava.IJava", "getKernelInstance", "io.github.spencerpark.jupyter.kernel.display.DisplayData"},
            // any kernel built on JJava's protocol library, the Glimpse kernel (glimpse.kernel) among them; last, so a
            // JJava kernel is named as such. Its getter throws when no kernel runs (the class is on the tests' classpath).
            {BASE_KERNEL, "notebookKernel", "org.dflib.jjava.jupyter.kernel.display.DisplayData"}};

    /** Which kernel is present: "rapaio", "jjava" or "none". */
    static String kernel() {
        if (load(RAPAIO_GLOBAL).isPresent()) return "rapaio";
        for (String[] j : JJAVA) if (running(j)) return j[0].equals(BASE_KERNEL) ? "glimpse" : "jjava";
        return "none";
    }

    static void html(String html) { send("text/html", html); }

    static void png(String base64) { send("image/png", base64); }

    private static void send(String mime, String payload) {
        try {
            if (load(RAPAIO_GLOBAL).isPresent()) {
                Class<?> dataClass = load(RAPAIO_DATA).orElseThrow();
                Object data = dataClass.getMethod("withType", String.class, String.class).invoke(null, mime, payload);
                // Global.display(Object) would render the DisplayData as text; the kernel sends it as is
                Object kernel = load(RAPAIO_MAIN).orElseThrow().getField("kernel").get(null);
                findDisplay(kernel.getClass(), dataClass).invoke(kernel, data);
                return;
            }
            for (String[] j : JJAVA) {
                if (!running(j)) continue;
                Object kernel = load(j[0]).orElseThrow().getMethod(j[1]).invoke(null);
                Class<?> dataClass = load(j[2]).orElseThrow();
                Object data = dataClass.getConstructor().newInstance();
                dataClass.getMethod("putData", String.class, Object.class).invoke(data, mime, payload);
                Method display = findDisplay(kernel.getClass(), dataClass);
                display.invoke(kernel, data);
                return;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Java kernel's display API is not what Glimpse expects: " + e, e);
        }
        System.out.println(mime.equals("text/html") ? payload.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip() : "[" + mime + " image]");
    }

    /** Whether this kernel's class is loadable and its static getter returns a kernel (not null, no exception). */
    private static boolean running(String[] entry) {
        Optional<Class<?>> c = load(entry[0]);
        if (c.isEmpty()) return false;
        try {
            return c.get().getMethod(entry[1]).invoke(null) != null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Method findDisplay(Class<?> kernelClass, Class<?> dataClass) throws NoSuchMethodException {
        for (Class<?> c = kernelClass; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("display") && m.getParameterCount() == 1 && m.getParameterTypes()[0].isAssignableFrom(dataClass)) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(kernelClass.getName() + ".display(DisplayData)");
    }

    private static Optional<Class<?>> load(String name) {
        for (ClassLoader cl : new ClassLoader[]{Thread.currentThread().getContextClassLoader(), KernelDisplay.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (cl == null) continue;
            try {
                return Optional.of(Class.forName(name, false, cl));
            } catch (ClassNotFoundException | LinkageError ignored) {
                // not this loader
            }
        }
        return Optional.empty();
    }
}
