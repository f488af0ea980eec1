package glimpse.cli;

import glimpse.Glimpse;
import glimpse.classification.ClassificationSpec;
import glimpse.classification.Sweep;
import glimpse.eval.Metric;
import glimpse.method.batchformer.BatchFormerMethod;
import glimpse.method.batchformer.TwoStreamLoss;
import glimpse.report.LongTailTables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The Slurm check of `test` (and `check-slurm`): on a one-node Slurm on loopback ({@link LocalSlurm}, 2 CPUs),
 * 03-BatchFormer's quick sweep (2 recipes × 2 imbalances, one seed each) runs through GLIMPSE_EXECUTOR=slurm
 * as one job array of 4 tasks, 2 at a time; once a task has written a training checkpoint it is cancelled
 * (scancel). Passes when the array had ≥ 4 tasks and never more than 2 running, the cancelled task was
 * reported, started again and resumed from its checkpoint, and the rendered table equals that of the same
 * sweep computed in this process. Skipped, saying why, without root or apt-get.
 */
final class SlurmCheck {
    private SlurmCheck() {}

    static final String NAME = "Slurm: a sweep as one job array on a one-node Slurm (4 tasks, 2 at a time), one task cancelled,"
            + " retried and resumed; its table equals the in-process run's";
    static final int STEPS = 300;

    static int command() {
        NotebookCommands.Checks checks = new NotebookCommands.Checks();
        run(checks);
        System.out.println(checks.passed + " passed, " + checks.failed + " failed" + (checks.skipped > 0 ? ", " + checks.skipped + " skipped" : ""));
        return checks.failed == 0 && checks.skipped == 0 ? 0 : 1;
    }

    static void run(NotebookCommands.Checks checks) {
        System.out.println("== Slurm check");
        String why = cannotInstall();
        if (why != null) { checks.skip(NAME, why); return; }
        String installed = install();
        if (installed != null) { System.out.println("        " + installed); checks.add(NAME, false); return; }
        long t0 = System.nanoTime();
        Path work = null;
        try (LocalSlurm slurm = LocalSlurm.start(2)) {
            work = Files.createTempDirectory("glimpse-slurm-check-");
            List<String> problems = sweepOnSlurm(slurm, work);
            problems.forEach(p -> System.out.println("        " + p));
            checks.add(NAME + String.format(" (%.0f s)", (System.nanoTime() - t0) / 1e9), problems.isEmpty());
        } catch (IOException | RuntimeException | InterruptedException e) {
            System.out.println("        " + e);
            checks.add(NAME, false);
        } finally {
            if (work != null) delete(work);
        }
    }

    /** Why Slurm cannot be set up here (null: it can). */
    static String cannotInstall() {
        if (!"root".equals(System.getProperty("user.name")))
            return "not root: the check installs slurm-wlm and munge and starts their daemons; run ./glimpse test as root (or ./glimpse check-slurm)";
        if (NotebookCommands.onPath("slurmctld") == null && NotebookCommands.onPath("apt-get") == null)
            return "no slurmctld and no apt-get to install Debian's slurm-wlm and munge; fix: install Slurm (slurmctld, slurmd, sbatch) and munge";
        return null;
    }

    /** Installs slurm-wlm and munge when slurmctld, slurmd, sbatch or munged is missing; null when they are there. */
    static String install() {
        if (Stream.of("slurmctld", "slurmd", "sbatch", "munged").allMatch(c -> NotebookCommands.onPath(c) != null || Files.isExecutable(Path.of("/usr/sbin", c))))
            return null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                ProcessBuilder pb = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", "slurm-wlm", "munge").redirectErrorStream(true);
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() == 0) return null;
                if (!out.contains("Could not get lock") && !out.contains("lock-frontend")) return "apt-get install slurm-wlm munge failed: " + tail(out);
                Thread.sleep(15_000);                        // another install holds apt's lock: wait for it
            } catch (IOException | InterruptedException e) {
                return "apt-get install slurm-wlm munge failed: " + e;
            }
        }
        return "apt-get stayed locked by another install for minutes; run ./glimpse check-slurm again later";
    }

    /** The sweep on Slurm with one task cancelled mid-training, and in this process; what went wrong (empty: nothing). */
    static List<String> sweepOnSlurm(LocalSlurm slurm, Path work) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Path slurmCache = work.resolve("cache-slurm"), localCache = work.resolve("cache-local");
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("glimpse.mode", "quick", "glimpse.checkpointSeconds", "1",
                "glimpse.taskPollSeconds", "1", "glimpse.slurm.cpus", "1", "glimpse.slurm.maxTasks", "2", "glimpse.taskRetries", "2",
                "glimpse.slurm.conf", slurm.conf.toString()));
        // the fixture datasets (rendered Fashion-MNIST) are shared with the ordinary cache: only the results are apart
        Path data = Glimpse.cacheDir();
        Map<String, String> old = new java.util.HashMap<>();
        for (String k : List.of("glimpse.mode", "glimpse.checkpointSeconds", "glimpse.taskPollSeconds", "glimpse.slurm.cpus", "glimpse.slurm.maxTasks",
                "glimpse.taskRetries", "glimpse.slurm.conf", "glimpse.executor", "glimpse.cache"))
            old.put(k, System.getProperty(k));
        settings.forEach(System::setProperty);
        AtomicReference<String> cancelled = new AtomicReference<>();
        AtomicInteger maxRunning = new AtomicInteger(), maxTasks = new AtomicInteger();
        String onSlurm, inProcess;
        try {
            System.setProperty("glimpse.cache", slurmCache.toString());
            linkData(data, slurmCache);
            System.setProperty("glimpse.executor", "slurm");
            Thread watcher = new Thread(() -> cancelOneMidTraining(slurm, slurmCache, cancelled, maxRunning, maxTasks), "slurm-check-canceller");
            watcher.setDaemon(true);
            watcher.start();
            long t0 = System.nanoTime();
            onSlurm = table(sweep());
            System.out.printf("        on Slurm: %.0f s%n", (System.nanoTime() - t0) / 1e9);
            watcher.interrupt();
            System.setProperty("glimpse.executor", "inline");
            System.setProperty("glimpse.cache", localCache.toString());
            linkData(data, localCache);
            t0 = System.nanoTime();
            // the same numbers need the same float reductions: the tasks ran with OMP_NUM_THREADS threads (the job
            // script's default: --cpus-per-task, here 1), so this process computes with as many for the comparison
            String omp = System.getenv("OMP_NUM_THREADS");
            int taskThreads = omp != null && omp.trim().matches("[1-9]\\d*") ? Integer.parseInt(omp.trim()) : 1;
            ai.djl.engine.Engine.getInstance();                       // loads the native library the thread calls below go to
            int ownThreads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(taskThreads);
            try {
                inProcess = table(sweep());
            } finally {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(ownThreads);
            }
            System.out.printf("        in this process, one after another: %.0f s%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            old.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
        }
        if (maxTasks.get() < 4) problems.add("the job array had " + maxTasks.get() + " tasks, not at least 4");
        if (maxRunning.get() > 2) problems.add(maxRunning.get() + " tasks ran at once on 2 CPUs (the limit was 2)");
        if (cancelled.get() == null) problems.add("no task was seen with a checkpoint while running, so none was cancelled");
        else {
            String retryLog = retryLog(slurmCache, cancelled.get());
            if (retryLog == null) problems.add("task " + cancelled.get() + " was cancelled but no retry of it logged");
            else if (!retryLog.contains("resuming from")) problems.add("the retry of task " + cancelled.get() + " did not resume from its checkpoint");
            else System.out.println("        task " + cancelled.get() + " cancelled, retried, resumed: "
                    + retryLog.lines().filter(l -> l.contains("resuming from")).findFirst().orElse("").strip());
        }
        if (!onSlurm.equals(inProcess)) problems.add("the tables differ:\n--- Slurm\n" + onSlurm + "\n--- in process\n" + inProcess);
        else System.out.println("        the Slurm run's table equals the in-process run's:\n" + onSlurm.indent(8).stripTrailing());
        return problems;
    }

    /** 03-BatchFormer's quick recipes (CE, CE + BatchFormer) at ρ = 10 and 100, one seed, long enough to checkpoint. */
    static Sweep sweep() {
        var base = glimpse.method.batchformer.BatchFormerRecipe.cpu(100).with(b -> b.steps(STEPS).batchSize(32).testPerClass(20).seeds(1));
        BatchFormerMethod plain = BatchFormerMethod.baseline();
        ClassificationSpec bf = base.with(b -> b.method(plain.withMode(TwoStreamLoss.Mode.SHARED_CLASSIFIER)));
        return Sweep.run("rho", new double[] {10, 100}, List.of(base, bf), (spec, rho) -> spec.with(b -> b.imbalance(rho)));
    }

    static String table(Sweep s) { return LongTailTables.accuracy("Slurm check", s.ordered(), Metric.THIRDS).printAll(); }

    /**
     * Watches the array: the most tasks it held and ran at once; the first running task with a checkpoint
     * in {@code cache/runs/<label>/} is cancelled with scancel (its task id is put in {@code cancelled}).
     */
    static void cancelOneMidTraining(LocalSlurm slurm, Path cache, AtomicReference<String> cancelled, AtomicInteger maxRunning, AtomicInteger maxTasks) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String q = slurm.output(List.of("squeue", "-h", "-r", "-o", "%F %K %T"));
                if (q != null) {
                    List<String[]> rows = q.lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length == 3).toList();
                    maxTasks.accumulateAndGet(rows.size(), Math::max);
                    maxRunning.accumulateAndGet((int) rows.stream().filter(f -> f[2].equals("RUNNING")).count(), Math::max);
                    if (cancelled.get() == null)
                        for (String[] f : rows)
                            if (f[2].equals("RUNNING") && hasCheckpoint(cache, Integer.parseInt(f[1]))) {
                                slurm.output(List.of("scancel", f[0] + "_" + f[1]));
                                cancelled.set(f[1]);
                                System.out.println("        cancelled task " + f[1] + " of job " + f[0] + " mid-training (scancel " + f[0] + "_" + f[1] + ")");
                                break;
                            }
                }
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.out.println("        the watcher stopped: " + e);
        }
    }

    /** Whether task {@code index} of the (one) batch has saved a training checkpoint. */
    static boolean hasCheckpoint(Path cache, int index) throws IOException {
        Path batches = cache.resolve("batches");
        if (!Files.isDirectory(batches)) return false;
        try (Stream<Path> bs = Files.list(batches)) {
            for (Path b : bs.toList()) {
                List<String> tasks = Files.readAllLines(b.resolve("tasks.txt"));
                if (index >= tasks.size()) continue;
                String label = Path.of(tasks.get(index)).getFileName().toString().replaceFirst("\\.json$", "");
                Path runs = cache.resolve("runs").resolve(label);
                if (Files.isDirectory(runs)) try (Stream<Path> files = Files.walk(runs)) {
                    if (files.anyMatch(p -> p.getFileName().toString().equals("checkpoint.bin"))) return true;
                }
            }
        }
        return false;
    }

    /** The log of the second try of task {@code index} (the first is "<index>-job<first job>.log"), or null. */
    static String retryLog(Path cache, String index) throws IOException {
        try (Stream<Path> bs = Files.walk(cache.resolve("batches"))) {
            List<Path> logs = bs.filter(p -> p.getFileName().toString().startsWith(index + "-job")).sorted().toList();
            if (logs.size() < 2) return null;
            return Files.readString(logs.get(logs.size() - 1));
        }
    }

    /** The rendered datasets under {@code data} (everything but results, runs, tasks and batches), linked into a fresh cache. */
    static void linkData(Path data, Path cache) throws IOException {
        Files.createDirectories(cache);
        if (!Files.isDirectory(data)) return;
        try (Stream<Path> s = Files.list(data)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (List.of("results", "runs", "tasks", "batches", "locks").contains(n) || Files.exists(cache.resolve(n))) continue;
                Files.createSymbolicLink(cache.resolve(n), p.toAbsolutePath());
            }
        }
    }

    private static String tail(String s) {
        List<String> lines = s.strip().lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.out.println("        could not remove " + dir + ": " + e.getMessage());
        }
    }
}
