package glimpse.cluster;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import glimpse.AtomicWrites;
import glimpse.Glimpse;
import glimpse.SpecJson;
import glimpse.experiment.CodeVersion;
import glimpse.experiment.Experiment;
import glimpse.experiment.Experiments;
import glimpse.experiment.ResultCache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One task: which experiment, the spec (written by {@link TaskCodec}), and the result file the
 * submitting notebook waits for, stored as {@code cache/tasks/<label>.json}. The task process
 * ({@code glimpse task FILE}) rebuilds the spec, checks that it would store the result under that
 * same file (same code version, mode and data; else the node runs another build), and computes it
 * through the cached runner: locked, checkpointed, written atomically.
 *
 * @param experiment the {@link Experiment} class (its {@code INSTANCE}, or a no-argument constructor)
 * @param name       the experiment's id
 * @param result     the result file the submitter waits for
 * @param mode       the mode it was submitted in
 * @param spec       the spec, by {@link TaskCodec}
 * @param key        the spec as its cache key shows it ({@link SpecJson}), for people reading a failure
 */
public record TaskFile(String experiment, String name, String result, String codeVersion, String mode, JsonElement spec, JsonElement key) {
    private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().setPrettyPrinting().disableHtmlEscaping().create();

    static TaskFile of(Experiment<?, ?> experiment, Object spec) {
        return new TaskFile(experiment.getClass().getName(), experiment.id(), ResultCache.fileFor(experiment.id(), spec).toString(),
                CodeVersion.current(), Glimpse.mode().name().toLowerCase(), TaskCodec.encode(spec), SpecJson.tree(spec));
    }

    /** {@code cache/tasks/<label>.json}: one file per result, whichever batch asks for it. */
    static Path pathFor(Experiment<?, ?> experiment, Object spec) {
        return Glimpse.cacheDir().resolve("tasks").resolve(ResultCache.label(experiment.id(), spec) + ".json");
    }

    /** Writes it atomically (a node never reads half a task). */
    void write(Path file) {
        try {
            AtomicWrites.writeString(file, GSON.toJson(this));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the task file " + file + ": " + e.getMessage() + "; the cache (GLIMPSE_CACHE) must be writable", e);
        }
    }

    static TaskFile read(Path file) {
        try {
            return GSON.fromJson(Files.readString(file), TaskFile.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read the task file " + file + ": " + e.getMessage()
                    + "; it is written by the notebook that submits the batch (into the shared cache, GLIMPSE_CACHE)", e);
        }
    }

    /** The spec, rebuilt. */
    Object specValue() { return TaskCodec.decode(spec); }

    /** The spec in one line, for reports. */
    String describe() { return name + " " + key; }

    /** The experiment object named by {@link #experiment}. */
    @SuppressWarnings("unchecked")
    Experiment<Object, Object> experimentValue() {
        try {
            Class<?> c = Class.forName(experiment);
            for (Field f : c.getDeclaredFields())
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == c) {
                    f.setAccessible(true);
                    return (Experiment<Object, Object>) f.get(null);
                }
            var constructor = c.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (Experiment<Object, Object>) constructor.newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("the task's experiment " + experiment + " cannot be made here (" + e + "); the node must run the"
                    + " same build as the machine that submitted it", e);
        }
    }

    /**
     * Computes this task's result into the cache ({@code glimpse task FILE}); 0 when it is stored. Exits with
     * 3 when this process would store it under another file than the one the submitter waits for.
     */
    public static int run(Path file) {
        TaskFile task = read(file);
        Experiment<Object, Object> experiment = experimentValue(task);
        Object spec = task.specValue();
        Path here = ResultCache.fileFor(experiment.id(), spec);
        if (!here.toString().equals(task.result())) {
            System.err.println("glimpse task: this node would store the result of " + file + " as\n  " + here + "\nbut the notebook waits for\n  "
                    + task.result() + "\n(code version here " + CodeVersion.current() + ", submitted by " + task.codeVersion() + "; mode here "
                    + Glimpse.mode().name().toLowerCase() + ", submitted in " + task.mode() + "). The node must see the same build, cache and"
                    + " data folders as the submitting machine (a shared filesystem; the same GLIMPSE_*_DIR variables).");
            return 3;
        }
        System.out.println("task: " + task.describe() + "\n  result: " + here + "\n  on " + hostname() + ", pid " + ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        Experiments.cached(experiment, spec);
        System.out.printf("task: done in %.1f s; stored %s%n", (System.nanoTime() - t0) / 1e9, here);
        return 0;
    }

    private static Experiment<Object, Object> experimentValue(TaskFile t) { return t.experimentValue(); }

    static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }
}
