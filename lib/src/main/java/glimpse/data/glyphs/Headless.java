package glimpse.data.glyphs;

/** Rendering needs no display: make AWT headless unless the caller already chose. */
final class Headless {
    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }
}
