package glimpse.kernel;

/**
 * Hands the object of a cell's last expression from the snippet to the kernel. JShell reports a
 * value only as a string; the kernel renders the object itself (a BufferedImage becomes a PNG), so
 * it evaluates {@code glimpse.kernel.LastValue.keep($N)} and takes what was kept. Snippets run in
 * the kernel's JVM and load this class through the same class loader, so the field is shared.
 */
public final class LastValue {
    private LastValue() {}

    private static Object kept;

    /** Called from a snippet. */
    public static void keep(Object value) { kept = value; }

    static Object take() {
        Object v = kept;
        kept = null;
        return v;
    }
}
