package glimpse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every GLIMPSE_* environment variable a user may set, with the values it accepts. The CLI checks the
 * whole environment against it before a command starts, so a mistyped value (GLIMPSE_MODE=bogus) stops
 * with a message naming the variable, its values and the fix, instead of being ignored or failing an hour
 * later in a notebook; a GLIMPSE_* name that is not here (a typo of a name) is reported as a warning.
 * Commands' help lists the variables they read from here ({@link CommandOptions#reads}).
 */
public final class Environment {
    private Environment() {}

    /** One variable: its name, the values it takes as the help shows them, what it does, and its check. */
    public record Variable(String name, String values, String help, Predicate<String> valid) {
        public String describe() { return name + "=" + values + "  " + help; }
    }

    private static final Predicate<String> ANY = v -> true;
    private static final Pattern POSITIVE_INT = Pattern.compile("[1-9]\\d{0,8}");
    private static final Pattern POSITIVE_NUMBER = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)");

    private static Predicate<String> oneOf(String... values) {
        List<String> ok = List.of(values);
        return v -> ok.contains(v.trim().toLowerCase(Locale.ROOT));
    }

    private static final Map<String, Variable> ALL = new LinkedHashMap<>();

    private static void add(String name, String values, String help, Predicate<String> valid) {
        ALL.put(name, new Variable(name, values, help, valid));
    }

    static {
        add("GLIMPSE_MODE", "quick|full|paper|smoke", "the mode of notebooks opened by hand (default quick), and of `run` when no"
                + " --quick/--full/--paper/--smoke is given", oneOf("quick", "full", "paper", "smoke"));
        add("GLIMPSE_KERNEL", "auto|glimpse|jjava|rapaio", "the Jupyter kernel (default auto: the Glimpse kernel)", oneOf("auto", "glimpse", "jjava", "rapaio"));
        add("GLIMPSE_JJAVA_JAR", "PATH", "JJava's jar, for GLIMPSE_KERNEL=jjava", ANY);
        add("GLIMPSE_DEVICE", "auto|cpu|gpu", "where tensors live (default auto: a GPU when the CUDA build sees one)", oneOf("auto", "cpu", "gpu"));
        add("GLIMPSE_GPU", "0|1", "1: build with the CUDA natives (Maven profile gpu)", oneOf("0", "1"));
        add("GLIMPSE_RECOMPUTE", "0|1", "1: ignore cached experiment results and recompute them", oneOf("0", "1", "true", "false"));
        add("GLIMPSE_KERNEL_START_ATTEMPTS", "N", "kernel starts tried per notebook (default 3)", v -> POSITIVE_INT.matcher(v.trim()).matches());
        add("GLIMPSE_KERNEL_START_TIMEOUT", "SECONDS", "how long one kernel start may take to answer (default 15)", v -> POSITIVE_INT.matcher(v.trim()).matches());
        add("GLIMPSE_KERNEL_HEAP", "SIZE", "the notebook kernel's Java heap, as -Xmx takes it (default 8g)", v -> v.trim().matches("\\d+[kKmMgG]?"));
        add("GLIMPSE_NOTEBOOK_PORT", "PORT", "the port of `notebook` (default 8888)", v -> v.trim().matches("\\d{1,5}") && Integer.parseInt(v.trim()) <= 65535);
        add("GLIMPSE_CACHE", "DIR", "cached datasets and results (default build/cache)", ANY);
        add("GLIMPSE_BUILD", "DIR", "build outputs, reports (default build/)", ANY);
        add("GLIMPSE_HOME", "DIR", "the repository root (the launcher sets it)", ANY);
        add("GLIMPSE_DOWNLOAD", "true|false", "false: never download a dataset (default true)", oneOf("true", "false"));
        add("GLIMPSE_CHECKPOINT_SECONDS", "SECONDS", "seconds between training checkpoints (default 30)", v -> POSITIVE_NUMBER.matcher(v.trim()).matches());
        add("GLIMPSE_GLYPHS_ACCEPT", "SHA256", "accept a Glyphs rendering whose checksum differs from the manifest's", v -> v.trim().matches("[0-9a-fA-F]{64}"));
        add("GLIMPSE_GLYPHS_RERENDER", "0|1", "1: render the Glyphs set again", oneOf("0", "1", "true", "false"));
        add("GLIMPSE_NO_BROWSER", "0|1", "1: do not install chromium; the figure checks are skipped, saying why", oneOf("0", "1"));
        add("GLIMPSE_TRACE", "0|1", "1: trace the launcher's set-up (bash -x)", oneOf("0", "1"));
        add("GLIMPSE_PYTHON", "PATH", "the Python that runs Jupyter (the launcher sets it)", ANY);
        add("GLIMPSE_DEBUG_KERNEL_START", "1", "set: the notebook executor prints why a kernel start failed", ANY);
        add("GLIMPSE_WEIGHTS_DIR", "DIR", "pretrained weight files (safetensors) the paper recipes start from (default build/weights)", ANY);
        add("GLIMPSE_RUN_LOG", "FILE", "where per-seed results and cache details go (`run` sets it beside each page)", ANY);
        add("GLIMPSE_CLIP_TEXT_ONNX", "FILE", "CLIP's text tower as ONNX (output text_embeds): Semantic Prompt's paper recipe uses it instead of MiniLM", ANY);
        add("GLIMPSE_CLIP_TOKENIZER", "FILE", "the tokenizer.json of GLIMPSE_CLIP_TEXT_ONNX (default: beside it)", ANY);
        add("GLIMPSE_WORDNET_DIR", "DIR", "WordNet 3.0's dict folder (data.noun) that names ImageNet ids (default /usr/share/wordnet, Debian's wordnet-base)", ANY);
        add("GLIMPSE_LOADER_WORKERS", "N", "decoding threads of the streamed paper-resolution input (default: the cores less one)", v -> v.trim().matches("[1-9][0-9]*"));
        add("GLIMPSE_NOTEBOOK", "NAME", "the notebook a kernel runs (`run` sets it): its verdicts against the papers are recorded for 06-results", ANY);
        add("GLIMPSE_CODE_VERSION", "TEXT", "pins the code version that keys cached results (tests)", ANY);
        add("GLIMPSE_EXECUTOR", "inline|workers|slurm", "where a batch of experiments (seeds, sweeps) is computed: here, one by one (default);"
                + " as N local processes (`run --workers N`); as one Slurm job array (`run --slurm`)", oneOf("inline", "workers", "slurm"));
        add("GLIMPSE_WORKERS", "N", "task processes at once with GLIMPSE_EXECUTOR=workers (default 2)", v -> POSITIVE_INT.matcher(v.trim()).matches());
        add("GLIMPSE_TASK_RETRIES", "N", "times a failed, cancelled or timed-out task is started again (default 2)", v -> v.trim().matches("\\d{1,3}"));
        add("GLIMPSE_TASK_POLL_SECONDS", "SECONDS", "seconds between looks at a batch's tasks (default 5)", v -> POSITIVE_NUMBER.matcher(v.trim()).matches());
        add("GLIMPSE_TASK_HEAP", "SIZE", "a task process's Java heap, as -Xmx takes it (default: the JVM's)", v -> v.trim().matches("\\d+[kKmMgG]?"));
        add("GLIMPSE_SLURM_PARTITION", "NAME", "sbatch --partition of the job arrays", ANY);
        add("GLIMPSE_SLURM_ACCOUNT", "NAME", "sbatch --account of the job arrays", ANY);
        add("GLIMPSE_SLURM_TIME", "TIME", "sbatch --time per task, e.g. 4:00:00", v -> v.trim().matches("[0-9:-]+"));
        add("GLIMPSE_SLURM_CPUS", "N", "CPUs per task (default 1 quick, 4 full, 8 paper)", v -> POSITIVE_INT.matcher(v.trim()).matches());
        add("GLIMPSE_SLURM_GPUS", "N", "GPUs per task, as --gres=gpu:N (default 1 in paper mode, else 0)", v -> v.trim().matches("\\d{1,2}"));
        add("GLIMPSE_SLURM_MEM", "SIZE", "sbatch --mem per task, e.g. 16G", v -> v.trim().matches("\\d+[KMGT]?"));
        add("GLIMPSE_SLURM_MAX_TASKS", "N", "at most N tasks of an array at once (the array's %N)", v -> POSITIVE_INT.matcher(v.trim()).matches());
        add("GLIMPSE_SLURM_DRY_RUN", "0|1", "1: print the first batch's sbatch script and task list, submit nothing", oneOf("0", "1", "true", "false"));
        // set by the launcher, the set-up or the CLI for the processes they start: valid whatever they hold
        for (String internal : List.of("GLIMPSE_ROOT", "GLIMPSE_ENV_DIR", "GLIMPSE_BROWSER_SKIP_REASON", "GLIMPSE_INTERACTIVE_SKIP_REASON",
                "GLIMPSE_PLAYWRIGHT_VERSION", "GLIMPSE_PROGRESS_LOG", "GLIMPSE_KERNEL_CLASSPATH", "GLIMPSE_STARTUP", "GLIMPSE_PLAYWRIGHT",
                "GLIMPSE_CHROMIUM", "GLIMPSE_JUPYTER", "GLIMPSE_INTERACTIVE_DIR", "GLIMPSE_KERNEL_SOURCEPATH", "GLIMPSE_NPM_DATA_SKIP_REASON"))
            add(internal, "…", "set by Glimpse itself for the processes it starts", ANY);
        manifestFolders().forEach((name, ids) -> add(name, "DIR", "the folder of " + String.join(", ", ids)
                + " in its standard layout (data-manifests/; `./glimpse data check ID`)", ANY));
    }

    /**
     * The folder variables the dataset manifests name ({@code "env": "GLIMPSE_CUB_DIR"}), each with the
     * manifests that read it. Read as text: this package sits below glimpse.data, and a manifest the
     * data layer cannot parse is reported there, with its file, not here.
     */
    /** Set by {@link #manifestFolders} during class initialisation (no initialiser here, so it is not reset after). */
    private static boolean manifestsRead;

    static Map<String, List<String>> manifestFolders() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        Pattern env = Pattern.compile("\"env\"\\s*:\\s*\"(GLIMPSE_[A-Z0-9_]+)\"");
        java.nio.file.Path dir;
        try {
            dir = Glimpse.home().resolve("data-manifests");
        } catch (IllegalStateException noHome) {
            return out;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                java.util.regex.Matcher m = env.matcher(java.nio.file.Files.readString(f));
                String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                while (m.find()) out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(id);
            }
            manifestsRead = true;
        } catch (java.io.IOException e) {
            return out;
        }
        return out;
    }

    /** The declared variable called {@code name}; an undeclared name is a programming error. */
    public static synchronized Variable variable(String name) {
        Variable v = ALL.get(name);
        if (v == null) {
            // the manifests were read when this class was first used, maybe under another home (a test's sandbox): read them again
            manifestFolders().forEach((folder, ids) -> { if (!ALL.containsKey(folder)) add(folder, "DIR", "the folder of " + String.join(", ", ids)
                    + " in its standard layout (data-manifests/; `./glimpse data check ID`)", ANY); });
            v = ALL.get(name);
        }
        if (v == null) throw new IllegalStateException(name + " is not declared in glimpse.Environment");
        return v;
    }

    /** One message per GLIMPSE_* variable of {@code env} whose value the variable does not take, with the fix. */
    public static List<String> errors(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Variable v : ALL.values()) {
            String value = env.get(v.name());
            if (value == null || value.isBlank() || v.valid().test(value)) continue;
            out.add(v.name() + "='" + value + "' is not one of its values; it takes " + v.values() + " (" + v.help() + "); fix: set it to one of"
                    + " them, or unset it (unset " + v.name() + ")");
        }
        return out;
    }

    /** One warning per GLIMPSE_* name of {@code env} that Glimpse does not read (a typo?), with the known names. */
    public static List<String> warnings(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String name : env.keySet().stream().sorted().toList()) {
            if (!name.startsWith("GLIMPSE_") || ALL.containsKey(name)) continue;
            // without the manifests (no Glimpse home found) a dataset folder variable cannot be told from a typo: say nothing
            if (name.endsWith("_DIR") && !manifestsRead) continue;
            out.add(name + " is set but Glimpse reads no such variable" + closest(name).map(c -> "; did you mean " + c + "?").orElse("")
                    + " (`./glimpse help` lists them)");
        }
        return out;
    }

    /** The user-facing variables, for the overall help. */
    public static List<Variable> documented() {
        return ALL.values().stream().filter(v -> !v.values().equals("…")).toList();
    }

    private static java.util.Optional<String> closest(String name) {
        String best = null;
        int bestDistance = 3;                                     // at most two edits away
        for (String known : ALL.keySet()) {
            int d = editDistance(name, known);
            if (d < bestDistance) { bestDistance = d; best = known; }
        }
        return java.util.Optional.ofNullable(best);
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
