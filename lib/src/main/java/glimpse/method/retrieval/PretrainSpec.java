package glimpse.method.retrieval;

import glimpse.train.TrainConfig;

/** The classification pre-training of one seed: descriptor + linear head, cross-entropy on the training classes of {@code data}. */
public record PretrainSpec(RetrievalData data, Descriptor descriptor, TrainConfig training) {}
