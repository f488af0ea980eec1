package glimpse.train;

import ai.djl.nn.Block;

import java.util.List;

/**
 * Saving and resuming one training run in the folder its {@link Watch} names (nothing happens
 * without one): on start it restores the newest intact checkpoint, after each step it saves when
 * one is due — every {@code checkpointEvery} steps, every {@code checkpointSeconds} seconds, and
 * after the last step.
 */
final class Checkpointing {
    private final TrainConfig config;
    private final Block model;
    private final Updater updater;
    private final List<TrainingState> states;
    private long lastSave = System.nanoTime();

    Checkpointing(TrainConfig config, Block model, Updater updater, List<TrainingState> states) {
        this.config = config;
        this.model = model;
        this.updater = updater;
        this.states = states;
    }

    /** The run's history restored from its checkpoint (model, optimizer and training states too), or a fresh one. */
    RunHistory resume() {
        Checkpoint.State saved = config.watch().checkpoints() ? Checkpoint.load(config, model, updater, states) : null;
        if (saved == null) return RunHistory.fresh(config.steps());
        RunHistory run = RunHistory.resumed(config.steps(), saved);
        if (config.watch().logEvery() > 0 || run.start() < config.steps())
            System.out.println("resuming from " + Checkpoint.file(config) + " at step " + run.start() + " of " + config.steps());
        return run;
    }

    /** Saves after step {@code step} when a checkpoint is due. */
    void stepDone(int step, RunHistory run) {
        Watch w = config.watch();
        if (!w.checkpoints()) return;
        long now = System.nanoTime();
        boolean due = step + 1 == config.steps()
                || (w.checkpointEvery() > 0 && (step + 1) % w.checkpointEvery() == 0)
                || (w.checkpointSeconds() > 0 && (now - lastSave) / 1e9 >= w.checkpointSeconds());
        if (!due) return;
        Checkpoint.save(config, run.state(step), model, updater, states);
        lastSave = System.nanoTime();
    }
}
