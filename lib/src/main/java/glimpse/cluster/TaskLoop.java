package glimpse.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Waits for a batch: starts every task, shows progress ("12/30 done, 2 running, 16 pending") whenever
 * it changes, and reports a task that ended without storing its result — with how it ended, its log
 * and the spec it was computing — and starts it again, up to {@code retries} times; the retry resumes
 * from the training checkpoints the task left in the cache. Throws when a task has failed every try.
 */
final class TaskLoop {
    private TaskLoop() {}

    /** A task is taken as ended only when it is neither live nor stored on this many polls in a row (a shared filesystem may show a file late). */
    static final int ENDED_POLLS = 2;

    static void run(TaskBatch batch, TaskLauncher launcher, int retries, double pollSeconds) {
        int n = batch.size();
        int[] tries = new int[n];
        int[] missing = new int[n];
        boolean[] done = new boolean[n];
        List<String> failures = new ArrayList<>();
        TreeSet<Integer> gaveUp = new TreeSet<>();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) { all.add(i); tries[i] = 1; }
        say(launcher, batch.name() + ": " + n + " tasks (batch " + batch.dir + ")");
        Thread cancel = new Thread(launcher::cancelAll, "cancel-" + launcher.name() + "-tasks");
        Runtime.getRuntime().addShutdownHook(cancel);   // a notebook stopped while it waits leaves nothing running on the cluster
        boolean finished = false;
        try {
            launcher.start(all);
            String last = "";
            while (true) {
                Map<Integer, String> live = launcher.live();
                List<Integer> again = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (done[i] || gaveUp.contains(i)) continue;
                    if (batch.done(i)) { done[i] = true; continue; }
                    if (live.containsKey(i)) { missing[i] = 0; continue; }
                    if (++missing[i] < ENDED_POLLS) continue;
                    missing[i] = 0;
                    String report = "task " + i + " " + launcher.howEnded(i) + " without storing its result (try " + tries[i] + " of "
                            + (retries + 1) + "); log: " + launcher.log(i) + "; spec: " + batch.tasks.get(i).describe();
                    if (tries[i] <= retries) {
                        say(launcher, report + "; starting it again (it resumes from its checkpoints)");
                        tries[i]++;
                        again.add(i);
                    } else {
                        say(launcher, report + "; giving up");
                        failures.add(report);
                        gaveUp.add(i);
                    }
                }
                if (!again.isEmpty()) { launcher.start(again); live = launcher.live(); }
                int doneCount = 0, running = 0, pending = 0;
                for (int i = 0; i < n; i++) {
                    if (done[i]) doneCount++;
                    else if ("running".equals(live.get(i))) running++;
                    else if (!gaveUp.contains(i)) pending++;
                }
                String line = batch.name() + ": " + doneCount + "/" + n + " done, " + running + " running, " + pending + " pending"
                        + (gaveUp.isEmpty() ? "" : ", " + gaveUp.size() + " failed");
                if (!line.equals(last)) { say(launcher, line); last = line; }
                if (doneCount + gaveUp.size() == n) break;
                Thread.sleep((long) (pollSeconds * 1000));
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + launcher.name() + " tasks of " + batch.dir + "; they were cancelled", e);
        } finally {
            if (!finished) launcher.cancelAll();
            try { Runtime.getRuntime().removeShutdownHook(cancel); } catch (IllegalStateException shuttingDown) { /* the hook runs */ }
        }
        if (!failures.isEmpty())
            throw new IllegalStateException(failures.size() + " of " + n + " " + launcher.name() + " tasks of " + batch.name()
                    + " failed every try (GLIMPSE_TASK_RETRIES=" + retries + "):\n  " + String.join("\n  ", failures)
                    + "\nRun the cell again to retry them: what is stored is kept, and they resume from their checkpoints.");
    }

    /** A progress line, printed: in the cell, and on the console of `./glimpse run`, which echoes what cells print as they print it. */
    static void say(TaskLauncher launcher, String line) { say(launcher.name(), line); }

    static void say(String who, String line) { System.out.println("[" + who + "] " + line); }
}
