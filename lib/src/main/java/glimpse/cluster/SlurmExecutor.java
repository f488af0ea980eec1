package glimpse.cluster;

import glimpse.experiment.BatchExecutor;
import glimpse.experiment.Experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * GLIMPSE_EXECUTOR=slurm ({@code ./glimpse run --slurm}): a batch's cache misses as ONE Slurm job array
 * ({@link SlurmScript}), submitted with sbatch, watched with squeue, failed tasks looked up with scontrol
 * and resubmitted as a new array of just those tasks, everything cancelled with scancel when the
 * notebook is stopped. Slurm schedules; this only submits and waits. The cache, the build and the data
 * must be on a filesystem every node sees at the same path.
 */
public final class SlurmExecutor implements BatchExecutor {
    @Override public String name() { return "slurm"; }

    @Override public <S, R> void computeAll(Experiment<S, R> experiment, List<S> misses) {
        SlurmOptions options = SlurmOptions.fromSettings();
        TaskBatch batch = TaskBatch.create(experiment, misses);
        String script = SlurmScript.of("glimpse-" + experiment.id(), batch.size(), options, batch.dir.toString(), batch.tasksList().toString(),
                TaskCommand.environment(), TaskCommand.java());
        Path scriptFile = batch.dir.resolve("job.sh");
        try {
            Files.writeString(scriptFile, script);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the job script " + scriptFile + ": " + e.getMessage(), e);
        }
        if (options.dryRun()) {
            TaskLoop.say("slurm", "dry run: " + experiment.id() + ", " + batch.size() + " tasks; nothing submitted.\n== " + scriptFile + "\n" + script
                    + "== " + batch.tasksList() + " (task id, task file, spec)\n" + batch.describe());
            throw new IllegalStateException("slurm dry run: the first batch's script and tasks are printed above (also in " + batch.dir
                    + "); nothing was submitted, so the notebook stops here. Run without --slurm-dry-run to submit.");
        }
        TaskLoop.run(batch, new Jobs(batch, scriptFile), TaskCommand.retries(), TaskCommand.pollSeconds());
    }

    /** The array jobs of one batch: each task's current job, as Slurm reports it. */
    static final class Jobs implements TaskLauncher {
        private final TaskBatch batch;
        private final Path script;
        private final Map<Integer, String> jobOf = new HashMap<>();
        private final Set<String> jobs = new LinkedHashSet<>();
        private Map<Integer, String> lastLive = Map.of();

        Jobs(TaskBatch batch, Path script) {
            this.batch = batch;
            this.script = script;
        }

        @Override public String name() { return "slurm"; }

        @Override public void start(List<Integer> indices) {
            String array = indices.stream().map(String::valueOf).collect(Collectors.joining(","));
            List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
            if (indices.size() < batch.size()) cmd.add("--array=" + array + throttle());   // a retry: only these tasks
            cmd.add(script.toString());
            String out = Slurm.call(cmd).strip();
            String job = out.split(";")[0].strip();   // --parsable: "jobid[;cluster]"
            if (!job.matches("\\d+")) throw new IllegalStateException("sbatch answered '" + out + "', not a job id; script: " + script);
            jobs.add(job);
            for (int i : indices) jobOf.put(i, job);
            TaskLoop.say(this, "submitted " + (indices.size() == batch.size() ? "job array " + job + " (" + indices.size() + " tasks)"
                    : "job " + job + " for task" + (indices.size() == 1 ? " " : "s ") + array));
        }

        /** The script's own %N limit, kept for a retry's --array. */
        private String throttle() {
            try {
                for (String line : Files.readAllLines(script))
                    if (line.startsWith("#SBATCH --array=") && line.contains("%")) return line.substring(line.indexOf('%'));
            } catch (IOException ignored) { /* no limit then */ }
            return "";
        }

        @Override public Map<Integer, String> live() {
            Map<Integer, String> out = new LinkedHashMap<>();
            if (jobs.isEmpty()) return out;
            // one line per array task (-r), "<array job id> <task id> <state>"
            String table = Slurm.callQuietly(List.of("squeue", "-h", "-r", "-j", String.join(",", new LinkedHashSet<>(jobOf.values())), "-o", "%F %K %T"));
            if (table == null) return lastLive;        // squeue failed this time (a busy controller): nothing is taken as ended
            for (String line : table.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 3 || !f[1].matches("\\d+")) continue;
                int i = Integer.parseInt(f[1]);
                if (!f[0].equals(jobOf.get(i))) continue;              // an earlier try of this task, still leaving
                String state = f[2];
                if (state.equals("PENDING") || state.equals("CONFIGURING") || state.equals("REQUEUED")) out.put(i, "pending");
                else if (state.equals("RUNNING") || state.equals("COMPLETING") || state.equals("SUSPENDED")) out.put(i, "running");
            }
            lastLive = out;
            return out;
        }

        @Override public String howEnded(int index) {
            String job = jobOf.get(index) + "_" + index;
            String info = Slurm.callQuietly(List.of("scontrol", "show", "job", job));
            String state = field(info, "JobState"), exit = field(info, "ExitCode"), reason = field(info, "Reason");
            if (state == null) return "(job " + job + ", no longer known to Slurm)";
            return "(job " + job + ") " + state + (exit != null ? " exit " + exit : "") + (reason != null && !reason.equals("None") ? " " + reason : "");
        }

        private static String field(String info, String name) {
            if (info == null) return null;
            var m = java.util.regex.Pattern.compile("\\b" + name + "=(\\S+)").matcher(info);
            return m.find() ? m.group(1) : null;
        }

        @Override public String log(int index) { return batch.dir.resolve("logs").resolve(index + "-job" + jobOf.get(index) + ".log").toString(); }

        @Override public void cancelAll() {
            if (!jobs.isEmpty()) Slurm.callQuietly(new ArrayList<>(List.of("scancel")) {{ addAll(jobs); }});
        }
    }

    /** Runs Slurm's commands. */
    static final class Slurm {
        private Slurm() {}

        static String call(List<String> cmd) {
            String out = callQuietly(cmd);
            if (out == null) throw new IllegalStateException("`" + String.join(" ", cmd) + "` failed; is Slurm's client installed and"
                    + " SLURM_CONF pointing at the cluster? (see the lines above)");
            return out;
        }

        /** The command's output, or null when it fails (its message printed). */
        static String callQuietly(List<String> cmd) {
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                String conf = System.getProperty("glimpse.slurm.conf");   // a cluster of this process's own (the Slurm check's), else SLURM_CONF's
                if (conf != null) pb.environment().put("SLURM_CONF", conf);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); return null; }
                if (p.exitValue() != 0) {
                    System.out.println("[slurm] `" + String.join(" ", cmd) + "` exited " + p.exitValue() + ": " + out.strip());
                    return null;
                }
                return out;
            } catch (IOException e) {
                System.out.println("[slurm] cannot run " + cmd.get(0) + ": " + e.getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
