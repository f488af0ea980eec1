package glimpse.train;

import java.io.PrintStream;

/** The progress line: step, mean loss since the last line, lr, images/s over that window, elapsed, ETA. */
final class Progress {
    private final int totalSteps;
    private final int every;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long windowStart = start;
    private long windowImages;
    private double windowLoss;
    private int windowSteps;
    private final int firstStep;

    Progress(int firstStep, int totalSteps, int every, PrintStream out) {
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
        this.every = every;
        this.out = out;
    }

    void stepDone(int step, float loss, int images, float lr) {
        if (Float.isFinite(loss)) {   // a skipped step's NaN would hide the window's loss
            windowLoss += loss;
            windowSteps++;
        }
        windowImages += images;
        int done = step + 1;
        if (every <= 0 || (done % every != 0 && done != totalSteps)) return;
        long now = System.nanoTime();
        double window = (now - windowStart) / 1e9, elapsed = (now - start) / 1e9;
        double eta = elapsed / (done - firstStep) * (totalSteps - done);
        // one print per line: a notebook kernel sends each write of a printf as its own message
        out.print(String.format("step %d/%d  loss %.4f  lr %.2e  %.0f img/s  elapsed %s  ETA %s%n", done, totalSteps,
                windowLoss / windowSteps, lr, windowImages / Math.max(window, 1e-9), clock(elapsed), clock(eta)));
        out.flush();
        windowStart = now;
        windowImages = 0;
        windowLoss = 0;
        windowSteps = 0;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
