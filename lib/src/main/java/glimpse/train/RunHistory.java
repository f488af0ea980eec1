package glimpse.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run has done so far: the loss of every step, one curve per named loss term,
 * the skipped steps, the images seen and the time spent — over every session of the run, so a
 * resumed run carries on the history its checkpoint saved ({@link Checkpoint.State}) and ends with
 * the same {@link TrainResult} as an uninterrupted one.
 */
final class RunHistory {
    private final int steps;
    private final int start;
    private final float[] losses;
    private final Map<String, float[]> termCurves = new LinkedHashMap<>();
    private final List<Integer> skipped = new ArrayList<>();
    private final double earlierSeconds;
    private final long earlierImages;
    private final long sessionStart = System.nanoTime();
    private long images;

    private RunHistory(int steps, Checkpoint.State saved) {
        this.steps = steps;
        this.losses = new float[steps];
        if (saved == null) {
            start = 0;
            earlierSeconds = 0;
            earlierImages = 0;
            return;
        }
        start = Math.min(saved.completedSteps(), steps);
        System.arraycopy(saved.losses(), 0, losses, 0, Math.min(start, saved.losses().length));
        saved.termCurves().forEach((name, curve) -> {
            float[] c = nanCurve(steps);
            System.arraycopy(curve, 0, c, 0, Math.min(curve.length, steps));
            termCurves.put(name, c);
        });
        for (int k : saved.skippedSteps()) skipped.add(k);
        earlierSeconds = saved.wallSeconds();
        earlierImages = saved.images();
    }

    /** A run of {@code steps} steps starting at step 0. */
    static RunHistory fresh(int steps) { return new RunHistory(steps, null); }

    /** A run of {@code steps} steps continuing from a checkpoint's state. */
    static RunHistory resumed(int steps, Checkpoint.State saved) { return new RunHistory(steps, saved); }

    /** The first step of this session (0 unless resumed). */
    int start() { return start; }

    /** Records step {@code step}'s loss (one curve per term when there are several) and images; returns the loss. */
    float record(int step, LossTerms terms, int stepImages) {
        float total = terms.total().getFloat();
        losses[step] = total;
        if (terms.terms().size() > 1)      // one curve per term; a single term is the loss curve itself
            for (var t : terms.terms().entrySet())
                termCurves.computeIfAbsent(t.getKey(), k -> nanCurve(steps))[step] = t.getValue().getFloat();
        for (var t : terms.monitors().entrySet())   // monitored values always get a curve: they are not the loss
            termCurves.computeIfAbsent(t.getKey(), k -> nanCurve(steps))[step] = t.getValue().getFloat();
        images += stepImages;
        return total;
    }

    /** Marks step {@code step} as skipped; returns the number of skipped steps so far. */
    int skip(int step) {
        skipped.add(step);
        return skipped.size();
    }

    List<Integer> skippedSteps() { return List.copyOf(skipped); }

    /** What a checkpoint after step {@code step} saves. */
    Checkpoint.State state(int step) {
        return new Checkpoint.State(step + 1, Arrays.copyOf(losses, step + 1), wallSeconds(), earlierImages + images,
                skipped.stream().mapToInt(Integer::intValue).toArray(), termCurves);
    }

    TrainResult result() {
        double wall = wallSeconds();
        return new TrainResult(steps, TrainResult.tailMean(losses, steps), losses, wall, wall > 0 ? (earlierImages + images) / wall : 0,
                start, skipped.size(), termCurves);
    }

    private double wallSeconds() { return earlierSeconds + (System.nanoTime() - sessionStart) / 1e9; }

    private static float[] nanCurve(int steps) {
        float[] c = new float[steps];
        Arrays.fill(c, Float.NaN);    // a term absent from a step (e.g. only on SimCLR episodes) has no value there
        return c;
    }
}
