package glimpse.cluster;

import glimpse.Glimpse;
import glimpse.experiment.CodeVersion;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a task process is started: this JVM's java, this library's class path, and the settings that
 * decide where and how a result is computed (home, cache, mode, data folders), so that a task on
 * another node stores its result under the file this process waits for.
 */
final class TaskCommand {
    private TaskCommand() {}

    /** {@code java -cp … glimpse.cli.Main task FILE} without the file. */
    static List<String> java() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String heap = System.getenv("GLIMPSE_TASK_HEAP");
        if (heap != null && !heap.isBlank()) cmd.add("-Xmx" + heap.trim());
        cmd.addAll(List.of("-cp", classpath(), "glimpse.cli.Main", "task"));
        return cmd;
    }

    /** The notebooks' class path in a kernel (GLIMPSE_KERNEL_CLASSPATH), else this JVM's; absolute, so a node can use it. */
    static String classpath() {
        String cp = System.getenv("GLIMPSE_KERNEL_CLASSPATH");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        List<String> out = new ArrayList<>();
        for (String p : cp.split(File.pathSeparator)) if (!p.isBlank()) out.add(Path.of(p).toAbsolutePath().toString());
        return String.join(File.pathSeparator, out);
    }

    /**
     * The environment of a task: every GLIMPSE_* variable of this process (data folders, device, checkpoint
     * cadence), then the settings this process may hold as system properties, made explicit; a task never
     * recomputes on its own (GLIMPSE_RECOMPUTE was applied when the batch was made) and never submits tasks.
     */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (glimpse.Environment.Variable v : glimpse.Environment.documented()) {     // the user's settings, not the kernel's own
            String value = System.getenv(v.name());
            if (value != null && !value.isBlank() && !v.name().matches("GLIMPSE_(EXECUTOR|WORKERS|SLURM_.*|TASK_RETRIES|TASK_POLL_SECONDS|KERNEL.*|NOTEBOOK_PORT|RUN_LOG)"))
                env.put(v.name(), value);
        }
        env.put("GLIMPSE_HOME", Glimpse.home().toString());
        env.put("GLIMPSE_CACHE", Glimpse.cacheDir().toString());
        env.put("GLIMPSE_BUILD", Glimpse.buildDir().toString());
        env.put("GLIMPSE_MODE", Glimpse.mode().name().toLowerCase());
        env.put("GLIMPSE_EXECUTOR", "inline");
        env.put("GLIMPSE_RECOMPUTE", "0");
        String pinned = Glimpse.setting("glimpse.codeVersion", "GLIMPSE_CODE_VERSION", null);
        if (pinned != null) env.put("GLIMPSE_CODE_VERSION", CodeVersion.current());
        for (String[] p : new String[][] {{"glimpse.checkpointSeconds", "GLIMPSE_CHECKPOINT_SECONDS"}, {"glimpse.device", "GLIMPSE_DEVICE"}}) {
            String v = Glimpse.setting(p[0], p[1], null);
            if (v != null) env.put(p[1], v);
        }
        return env;
    }

    /** Retries per task: GLIMPSE_TASK_RETRIES (default 2). */
    static int retries() { return Integer.parseInt(Glimpse.setting("glimpse.taskRetries", "GLIMPSE_TASK_RETRIES", "2").trim()); }

    /** Seconds between looks at the tasks: GLIMPSE_TASK_POLL_SECONDS (default 5). */
    static double pollSeconds() { return Double.parseDouble(Glimpse.setting("glimpse.taskPollSeconds", "GLIMPSE_TASK_POLL_SECONDS", "5").trim()); }
}
