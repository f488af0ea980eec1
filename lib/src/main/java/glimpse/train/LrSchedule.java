package glimpse.train;

/** How the learning rate moves over a run: a factor in [0, 1] applied to the base lr at each step. */
public enum LrSchedule {
    CONSTANT, COSINE, STEP, MILESTONES;

    /** The factor at 0-based {@code step}: linear warm-up first, then this schedule. */
    public float factor(TrainConfig c, int step) {
        if (step < c.warmupSteps()) return (step + 1) / (float) c.warmupSteps();
        int s = step - c.warmupSteps();
        int span = Math.max(1, c.steps() - c.warmupSteps());
        return switch (this) {
            case CONSTANT -> 1f;
            case COSINE -> (float) (0.5 * (1 + Math.cos(Math.PI * Math.min(s, span) / span)));
            case STEP -> (float) Math.pow(c.decayFactor(), s / c.decayEvery());
            case MILESTONES -> (float) Math.pow(c.decayFactor(), c.milestones().stream().filter(m -> step >= m).count());
        };
    }
}
