package glimpse.cluster;

import glimpse.Glimpse;
import glimpse.experiment.Experiment;
import glimpse.experiment.ResultCache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of tasks in the shared cache: {@code cache/batches/<time>-<experiment>-<n>/} holds the task
 * list ({@code tasks.txt}: line i+1 is the task file of task i, in {@code cache/tasks/}) and the tasks'
 * logs ({@code logs/}); an executor adds its own files there (the Slurm script). Task i is done when
 * its result file is stored; nothing else is trusted, since a task may end in any way on any node.
 */
final class TaskBatch {
    final Path dir;
    final List<TaskFile> tasks;
    final List<Path> taskFiles;
    private final Experiment<?, ?> experiment;
    private final List<?> specs;

    private TaskBatch(Path dir, Experiment<?, ?> experiment, List<?> specs, List<TaskFile> tasks, List<Path> taskFiles) {
        this.dir = dir;
        this.experiment = experiment;
        this.specs = specs;
        this.tasks = tasks;
        this.taskFiles = taskFiles;
    }

    /** Writes the task files and the task list of {@code specs} into a new batch folder. */
    static TaskBatch create(Experiment<?, ?> experiment, List<?> specs) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Glimpse.cacheDir().resolve("batches").resolve(stamp + "-" + experiment.id().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + specs.size() + "-" + Long.toString(ProcessHandle.current().pid(), 36) + Long.toString(System.nanoTime() % 1296, 36));
        List<TaskFile> tasks = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Object spec : specs) {
            TaskFile t = TaskFile.of(experiment, spec);
            Path f = TaskFile.pathFor(experiment, spec);
            t.write(f);
            tasks.add(t);
            files.add(f.toAbsolutePath());
        }
        try {
            Files.createDirectories(dir.resolve("logs"));
            Files.write(dir.resolve("tasks.txt"), files.stream().map(Path::toString).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the batch folder " + dir + ": " + e.getMessage() + "; GLIMPSE_CACHE must be writable", e);
        }
        return new TaskBatch(dir.toAbsolutePath(), experiment, specs, tasks, files);
    }

    int size() { return tasks.size(); }

    String name() { return experiment.id(); }

    /** Whether task i's result is stored (read back, not just present). */
    boolean done(int i) { return ResultCache.isStored(experiment.id(), specs.get(i), experiment.resultType()); }

    Path tasksList() { return dir.resolve("tasks.txt"); }

    /** A line per task: its index, result label and spec key (the dry run's task list). */
    String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++)
            s.append(i).append("  ").append(taskFiles.get(i).getFileName()).append("  ").append(tasks.get(i).key()).append('\n');
        return s.toString();
    }
}
