package glimpse;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a display_data message through whichever Java kernel runs this JVM, found by reflection
 * so the library depends on neither: rapaio-jupyter-kernel ({@code MainApp.kernel.display(DisplayData)}) or JJava ({@code JavaNotebookStatics.kernel()} or, in its early releases,
 * {@code JJava.getKernelInstance()}, then {@code display(DisplayData)}). The JJava path follows
 * its published sources but could not be executed here (JJava is not installable offline). The
 * Glimpse kernel (glimpse.kernel, on JJava's protocol library) is reached through
 * {@code BaseKernel.notebookKernel()}.
 * Outside a kernel (tests, the CLI) it prints a text stand-in.
 *
 * <p>A display may carry a display_id and be replaced later ({@link #update}): Jupyter's
 * update_display_data, which both kernels send ({@code DisplayData.setDisplayId} then
 * {@code kernel.updateDisplay(DisplayData)}). Frontends redraw the output in place and nbclient
 * stores only its last state in the saved notebook — how training progress stays one line.
 * It lives in the root package so that training (below the report layer) can use it.
 */
public final class KernelDisplay {
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

    /** Which kernel is present: "glimpse", "rapaio", "jjava" or "none". */
    public static String kernel() {
        if (load(RAPAIO_GLOBAL).isPresent()) return "rapaio";
        for (String[] j : JJAVA) if (running(j)) return j[0].equals(BASE_KERNEL) ? "glimpse" : "jjava";
        return "none";
    }

    public static void html(String html) { send(Map.of("text/html", html), null, false); }

    public static void png(String base64) { send(Map.of("image/png", base64), null, false); }

    /**
     * The execution count of the cell being run, read from the kernel's own counter (rapaio-jupyter-kernel's
     * static {@code RapaioKernel.executionCount}, or {@code BaseKernel.executionCount} of the Glimpse kernel and
     * JJava): what tells one cell from the next, so that a note can sum up a cell instead of printing a line
     * per event. Empty outside a kernel or where the counter is not found.
     */
    public static java.util.OptionalInt cell() {
        try {
            if (load(RAPAIO_GLOBAL).isPresent()) {
                Object kernel = load(RAPAIO_MAIN).orElseThrow().getField("kernel").get(null);
                return count(kernel.getClass(), null);
            }
            for (String[] j : JJAVA) {
                if (!running(j)) continue;
                Object kernel = load(j[0]).orElseThrow().getMethod(j[1]).invoke(null);
                return count(kernel.getClass(), kernel);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.empty();
    }

    /** The {@code executionCount} AtomicInteger field of the class or a superclass (static when {@code kernel} is null). */
    private static java.util.OptionalInt count(Class<?> kernelClass, Object kernel) throws ReflectiveOperationException {
        for (Class<?> c = kernelClass; c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField("executionCount");
                f.setAccessible(true);
                Object v = f.get(java.lang.reflect.Modifier.isStatic(f.getModifiers()) ? null : kernel);
                if (v instanceof java.util.concurrent.atomic.AtomicInteger n) return java.util.OptionalInt.of(n.get());
            } catch (NoSuchFieldException notHere) {
                // a superclass may hold it
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** True inside a Java kernel whose display API was found (not in tests or the CLI). */
    public static boolean inKernel() { return !kernel().equals("none"); }

    /**
     * Shows a bundle (mime type → payload, e.g. text/plain and text/html of one thing) under
     * {@code displayId}, to be replaced by {@link #update}. Outside a kernel: false, nothing shown.
     */
    public static boolean display(Map<String, String> bundle, String displayId) { return send(bundle, displayId, false); }

    /** Replaces what {@link #display} showed under {@code displayId}. Outside a kernel: false. */
    public static boolean update(Map<String, String> bundle, String displayId) { return send(bundle, displayId, true); }

    /**
     * Clears the running cell's output (Jupyter's clear_output); with {@code wait}, only when the next output
     * arrives, so a redraw does not flicker. Only the Glimpse kernel offers it (its {@code clearOutput(boolean)});
     * under another kernel or outside one: false, nothing cleared.
     */
    public static boolean clearOutput(boolean wait) {
        if (!kernel().equals("glimpse")) return false;
        try {
            Object kernel = load(BASE_KERNEL).orElseThrow().getMethod("notebookKernel").invoke(null);
            kernel.getClass().getMethod("clearOutput", boolean.class).invoke(kernel, wait);
            return true;
        } catch (NoSuchMethodException notGlimpse) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Glimpse kernel's clearOutput failed: " + e, e);
        }
    }

    private static boolean send(Map<String, String> bundle, String displayId, boolean update) {
        String method = update ? "updateDisplay" : "display";
        try {
            if (load(RAPAIO_GLOBAL).isPresent()) {
                Class<?> dataClass = load(RAPAIO_DATA).orElseThrow();
                var first = bundle.entrySet().iterator().next();
                Object data = dataClass.getMethod("withType", String.class, String.class).invoke(null, first.getKey(), first.getValue());
                fill(dataClass, data, bundle, displayId);
                // Global.display(Object) would render the DisplayData as text; the kernel sends it as is
                Object kernel = load(RAPAIO_MAIN).orElseThrow().getField("kernel").get(null);
                findDisplay(kernel.getClass(), dataClass, method).invoke(kernel, data);
                return true;
            }
            for (String[] j : JJAVA) {
                if (!running(j)) continue;
                Object kernel = load(j[0]).orElseThrow().getMethod(j[1]).invoke(null);
                Class<?> dataClass = load(j[2]).orElseThrow();
                Object data = dataClass.getConstructor().newInstance();
                fill(dataClass, data, bundle, displayId);
                displayTarget(kernel, dataClass, method).invoke(kernel, data);
                return true;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Java kernel's display API is not what Glimpse expects: " + e, e);
        }
        if (displayId != null) return false;   // progress and other live displays have their own stand-in
        bundle.forEach((mime, payload) -> System.out.println(mime.equals("text/html")
                ? payload.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip() : "[" + mime + " image]"));
        return false;
    }

    private static void fill(Class<?> dataClass, Object data, Map<String, String> bundle, String displayId) throws ReflectiveOperationException {
        Method put = dataClass.getMethod("putData", String.class, Object.class);
        for (var e : bundle.entrySet()) put.invoke(data, e.getKey(), e.getValue());
        if (displayId != null) dataClass.getMethod("setDisplayId", String.class).invoke(data, displayId);
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

    /** A bound call: the kernel's own method, else (JJava's protocol library) its {@code getIO().display} stream's. */
    private static Bound displayTarget(Object kernel, Class<?> dataClass, String method) throws ReflectiveOperationException {
        try {
            Method m = findDisplay(kernel.getClass(), dataClass, method);
            return (k, d) -> m.invoke(k, d);
        } catch (NoSuchMethodException onlyOnItsStream) {
            // BaseKernel (org.dflib.jjava.jupyter) has display(DisplayData) but updateDisplay only on JupyterIO.display
            Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
            Object stream = io.getClass().getField("display").get(io);
            Method m = findDisplay(stream.getClass(), dataClass, method);
            return (k, d) -> m.invoke(stream, d);
        }
    }

    private interface Bound { void invoke(Object kernel, Object data) throws ReflectiveOperationException; }

    private static Method findDisplay(Class<?> kernelClass, Class<?> dataClass, String name) throws NoSuchMethodException {
        for (Class<?> c = kernelClass; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1 && m.getParameterTypes()[0].isAssignableFrom(dataClass)) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(kernelClass.getName() + "." + name + "(DisplayData)");
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
