package glimpse.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Training state beyond the model's parameters and the optimizer's moments that a run needs to
 * continue exactly — a cross-batch memory of embeddings (IRT), an EMA teacher, a running class
 * prior. Given to {@link TrainLoop#fit(ai.djl.ndarray.NDManager, ai.djl.nn.Block, BatchSource,
 * TrainConfig, StepLoss, TrainLoop.Extras)}, it is saved in every checkpoint and restored on resume.
 */
public interface TrainingState {
    /** A name unique within the run (it labels the state in the checkpoint). */
    String stateName();

    void saveState(DataOutputStream out) throws IOException;

    /** Restores what {@link #saveState} wrote (the same run, so the same shapes). */
    void loadState(DataInputStream in) throws IOException;
}
