package glimpse.fewshot;

import glimpse.train.TrainConfig;

/**
 * Classification pre-training of the backbone on the training classes before episodic training;
 * its own full training config (steps, batch, optimiser, schedule, seed).
 */
public record Pretraining(TrainConfig training) {
    /** No pre-training. */
    public static final Pretraining NONE = new Pretraining(null);

    public boolean used() { return training != null && training.steps() > 0; }

    /** {@code steps} of batch {@code batch}, Adam at the episodic learning rate, cosine decay, the episodic seed. */
    public static Pretraining of(int steps, int batch, TrainConfig episodic) {
        return new Pretraining(TrainConfig.builder().steps(steps).batchSize(batch).adam(episodic.learningRate()).cosine()
                .seed(episodic.seed()).logEvery(0).build());
    }

    Pretraining withSeed(long seed) { return used() ? new Pretraining(training.with(b -> b.seed(seed))) : this; }
}
