package glimpse.train;

import glimpse.KernelDisplay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Training progress: step, mean loss since the last report, lr, images/s over that window, elapsed, ETA.
 *
 * <p>In a notebook it is ONE output, redrawn in place (a display with a display_id, updated with
 * update_display_data, see {@link KernelDisplay}): a bar with the figures while training, replaced
 * at the end by one summary line — the line the saved notebook keeps, since nbclient stores a
 * display's last state. Printed lines would instead pile up in the saved output (a stream keeps
 * every line, and carriage returns are stored verbatim). The headless runner's console still sees
 * the run live: each report is also appended to the file named by {@code GLIMPSE_PROGRESS_LOG},
 * which the runner echoes. Outside a kernel (CLI, tests) the reports are printed lines, as before.
 */
final class Progress {
    /** The environment variable naming the file the headless runner tails for its live echo. */
    static final String LOG_ENV = "GLIMPSE_PROGRESS_LOG";
    /** In a notebook the line is redrawn at most this often (and at each report step). */
    static final double REDRAW_SECONDS = 1.0;
    static final int BAR = 20;

    private final int totalSteps;
    private final int every;
    private final PrintStream out;
    private final Sink sink;
    private final long start = System.nanoTime();
    private long windowStart = start, lastDraw = start;
    private long windowImages, totalImages;
    private double windowLoss;
    private int windowSteps;
    private double lastLoss = Double.NaN;
    private final int firstStep;

    /** Where the live line goes: a display to redraw (notebook), or nothing. */
    interface Sink {
        /** Shows or redraws the live line; false when there is nowhere to draw it. */
        boolean draw(String text, String html, boolean first);
    }

    Progress(int firstStep, int totalSteps, int every, PrintStream out) {
        this(firstStep, totalSteps, every, out, KernelDisplay.inKernel() ? kernelSink() : null);
    }

    Progress(int firstStep, int totalSteps, int every, PrintStream out, Sink sink) {
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
        this.every = every;
        this.out = out;
        this.sink = sink;
    }

    private boolean drawn;

    void stepDone(int step, float loss, int images, float lr) {
        if (Float.isFinite(loss)) {   // a skipped step's NaN would hide the window's loss
            windowLoss += loss;
            windowSteps++;
        }
        windowImages += images;
        totalImages += images;
        if (every <= 0) return;
        int done = step + 1;
        boolean report = done % every == 0 || done == totalSteps;
        long now = System.nanoTime();
        boolean redraw = sink != null && (report || (now - lastDraw) / 1e9 >= REDRAW_SECONDS);
        if (!report && !redraw) return;
        double window = (now - windowStart) / 1e9, elapsed = (now - start) / 1e9;
        double eta = elapsed / (done - firstStep) * (totalSteps - done);
        double meanLoss = windowSteps > 0 ? windowLoss / windowSteps : Double.NaN;
        if (Double.isFinite(meanLoss)) lastLoss = meanLoss;
        double rate = windowImages / Math.max(window, 1e-9);
        String figures = String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %.0f img/s  elapsed %s  ETA %s", done, totalSteps,
                meanLoss, lr, rate, clock(elapsed), clock(eta));
        if (sink != null) {
            String text = done == totalSteps ? summary(elapsed) : bar(done) + " " + figures;
            drawn |= sink.draw(text, "<pre style=\"margin:0\">" + escape(text) + "</pre>", !drawn);
            lastDraw = now;
        }
        if (report) {
            // one print per line: a notebook kernel sends each write of a printf as its own message
            if (!drawn) { out.print(figures + System.lineSeparator()); out.flush(); }
            echo(figures);
        }
        windowStart = now;
        windowImages = 0;
        windowLoss = 0;
        windowSteps = 0;
    }

    /** The line the notebook keeps: steps, time, the last window's mean loss, throughput over the whole run. */
    String summary(double elapsed) {
        return String.format(Locale.ROOT, "trained %d steps%s in %s · loss %.4f (mean of the last %d) · %.0f img/s", totalSteps,
                firstStep > 0 ? " (resumed at " + firstStep + ")" : "", clock(elapsed), lastLoss, Math.min(every, totalSteps - firstStep),
                totalImages / Math.max(elapsed, 1e-9));
    }

    /** "[██████░░░░░░░░░░░░░░]  30%": the share of steps done, in 20 cells. */
    String bar(int done) {
        int full = (int) Math.round(BAR * done / (double) Math.max(1, totalSteps));
        return "[" + "█".repeat(full) + "░".repeat(BAR - full) + "] " + String.format(Locale.ROOT, "%3.0f%%", 100.0 * done / Math.max(1, totalSteps));
    }

    private static void echo(String line) {
        String file = System.getenv(LOG_ENV);
        if (file == null || file.isBlank()) return;
        try {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the echo is a courtesy to the console; the notebook's own line is unaffected
        }
    }

    private static volatile boolean warned;

    /** A fresh display per training, redrawn through the kernel. */
    static Sink kernelSink() {
        String id = "glimpse-progress-" + UUID.randomUUID();
        return (text, html, first) -> {
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("text/plain", text);
            bundle.put("text/html", html);
            try {
                return first ? KernelDisplay.display(bundle, id) : KernelDisplay.update(bundle, id);
            } catch (IllegalStateException e) {
                // a kernel whose display API differs must not stop a training run: fall back to printed lines
                if (!warned) { warned = true; System.err.println("progress display unavailable (" + e.getMessage() + "); printing lines instead"); }
                return false;
            }
        };
    }

    private static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
