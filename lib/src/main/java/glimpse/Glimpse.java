package glimpse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the workbook lives and how it runs: the home folder (manifests, build outputs), the
 * run mode, and the cache folder. Every setting reads a system property first, then an
 * environment variable, so notebooks, tests and the CLI agree.
 */
public final class Glimpse {
    private Glimpse() {}

    /**
     * quick: CI and first contact (minutes on 2 CPU cores); full: the numbers we quote; paper: GPU + real data;
     * smoke: paper mode's sections with the papers' architectures, image sizes and protocols but 2 steps per
     * stage and a handful of test episodes or queries ({@link glimpse.experiment.PaperScale}), with the CPU
     * sections at their quick budgets. Smoke proves that a paper section runs; its numbers mean nothing.
     */
    public enum Mode { QUICK, FULL, PAPER, SMOKE }

    public static Mode mode() {
        String v = setting("glimpse.mode", "GLIMPSE_MODE", "quick");
        try {
            return Mode.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GLIMPSE_MODE/glimpse.mode must be quick, full, paper or smoke, not '" + v + "'");
        }
    }

    /**
     * Picks the quick, full or paper value of a CPU section's knob by the current mode. Smoke mode takes
     * the quick value: it exists to try the paper sections, and the CPU sections around them only have
     * to run (their results are then the quick run's, from the cache).
     */
    public static <T> T byMode(T quick, T full, T paper) {
        return switch (mode()) { case QUICK, SMOKE -> quick; case FULL -> full; case PAPER -> paper; };
    }

    /** True in paper and smoke mode: the notebooks' paper-scale sections run (smoke: at 2 steps). */
    public static boolean paperSections() {
        Mode m = mode();
        return m == Mode.PAPER || m == Mode.SMOKE;
    }

    /**
     * The mode that keys cached results: the mode, except that smoke keys as quick, because its CPU
     * sections run exactly quick mode's specs (and its paper sections' specs, at 2 steps, differ from any other).
     */
    public static Mode budgetMode() {
        Mode m = mode();
        return m == Mode.SMOKE ? Mode.QUICK : m;
    }

    /** The repository root: glimpse.home / GLIMPSE_HOME, else the nearest parent holding data-manifests/. */
    public static Path home() {
        String v = setting("glimpse.home", "GLIMPSE_HOME", null);
        if (v != null) return Path.of(v).toAbsolutePath().normalize();
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("data-manifests"))) return q;
        }
        throw new IllegalStateException("Cannot find the Glimpse home (a folder holding data-manifests/) above " + p
                + ". Set GLIMPSE_HOME to the repository root.");
    }

    public static Path manifestsDir() { return home().resolve("data-manifests"); }

    /** Build outputs: GLIMPSE_BUILD or <home>/build. */
    public static Path buildDir() {
        String v = setting("glimpse.build", "GLIMPSE_BUILD", null);
        return v != null ? Path.of(v).toAbsolutePath() : home().resolve("build");
    }

    /** Rendered datasets and cached experiment results: GLIMPSE_CACHE or build/cache. */
    public static Path cacheDir() {
        String v = setting("glimpse.cache", "GLIMPSE_CACHE", null);
        return v != null ? Path.of(v).toAbsolutePath() : buildDir().resolve("cache");
    }

    /** When true, cached experiment results are ignored and recomputed (GLIMPSE_RECOMPUTE=1). */
    public static boolean recompute() {
        String v = setting("glimpse.recompute", "GLIMPSE_RECOMPUTE", "false");
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    public static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : v;
    }
}
