package glimpse.cluster;

import glimpse.Glimpse;
import glimpse.experiment.BatchExecutor;
import glimpse.experiment.Experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GLIMPSE_EXECUTOR=workers ({@code ./glimpse run --workers N}): a batch's tasks as separate processes on
 * this machine, GLIMPSE_WORKERS (N) at a time — the same task processes as on a cluster, for a many-core
 * workstation. Each computes exactly what this process would, through the same code on the same
 * machine, so its result is bit-identical to the in-kernel one.
 */
public final class WorkersExecutor implements BatchExecutor {
    @Override public String name() { return "workers"; }

    static int workers() {
        String v = Glimpse.setting("glimpse.workers", "GLIMPSE_WORKERS", "2").trim();
        int n = Integer.parseInt(v);
        if (n < 1) throw new IllegalArgumentException("GLIMPSE_WORKERS must be at least 1, not " + v);
        return n;
    }

    @Override public <S, R> void computeAll(Experiment<S, R> experiment, List<S> misses) {
        TaskBatch batch = TaskBatch.create(experiment, misses);
        TaskLoop.run(batch, new Processes(batch, workers()), TaskCommand.retries(), Math.min(1.0, TaskCommand.pollSeconds()));
    }

    /** Up to {@code slots} task processes at once; the rest wait in order. */
    static final class Processes implements TaskLauncher {
        private final TaskBatch batch;
        private final int slots;
        private final ArrayDeque<Integer> queue = new ArrayDeque<>();
        private final Map<Integer, Process> running = new LinkedHashMap<>();
        private final Map<Integer, Integer> exitCodes = new HashMap<>();
        private final Map<Integer, Integer> starts = new HashMap<>();

        Processes(TaskBatch batch, int slots) {
            this.batch = batch;
            this.slots = slots;
        }

        @Override public String name() { return "workers"; }

        @Override public synchronized void start(List<Integer> indices) {
            queue.addAll(indices);
            fill();
        }

        private void fill() {
            running.entrySet().removeIf(e -> {
                if (e.getValue().isAlive()) return false;
                exitCodes.put(e.getKey(), e.getValue().exitValue());
                return true;
            });
            while (running.size() < slots && !queue.isEmpty()) {
                int i = queue.poll();
                int attempt = starts.merge(i, 1, Integer::sum);
                List<String> cmd = new ArrayList<>(TaskCommand.java());
                cmd.add(batch.taskFiles.get(i).toString());
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile(i, attempt).toFile());
                pb.environment().putAll(TaskCommand.environment());
                try {
                    running.put(i, pb.start());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start a task process (" + cmd.get(0) + "): " + e.getMessage(), e);
                }
            }
        }

        private Path logFile(int i, int attempt) { return batch.dir.resolve("logs").resolve(i + "-try" + attempt + ".log"); }

        @Override public synchronized Map<Integer, String> live() {
            fill();
            Map<Integer, String> out = new LinkedHashMap<>();
            running.keySet().forEach(i -> out.put(i, "running"));
            queue.forEach(i -> out.put(i, "pending"));
            return out;
        }

        @Override public synchronized String howEnded(int index) {
            Integer code = exitCodes.get(index);
            return code == null ? "ended" : code > 128 ? "was killed (signal " + (code - 128) + ")" : "exited with " + code;
        }

        @Override public String log(int index) { return logFile(index, starts.getOrDefault(index, 1)).toString(); }

        @Override public synchronized void cancelAll() {
            queue.clear();
            running.values().forEach(Process::destroy);
        }
    }
}
