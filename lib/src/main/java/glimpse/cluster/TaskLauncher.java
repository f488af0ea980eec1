package glimpse.cluster;

import java.util.List;
import java.util.Map;

/** Starts a batch's tasks somewhere (Slurm, local processes) and says which are still queued or running. */
interface TaskLauncher {
    /** "slurm", "workers": how progress lines begin. */
    String name();

    /** Starts tasks {@code indices} of the batch (again, for a retry). */
    void start(List<Integer> indices);

    /** The tasks still queued or running, index → "pending" or "running"; any other started task has ended. */
    Map<Integer, String> live();

    /** How task {@code index}'s last start ended ("CANCELLED", "exit 1", …), as far as it can be told. */
    String howEnded(int index);

    /** The log of task {@code index}'s last start. */
    String log(int index);

    /** Stops every task still queued or running (the notebook was interrupted). */
    void cancelAll();
}
