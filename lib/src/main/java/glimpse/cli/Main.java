package glimpse.cli;

import glimpse.CommandOptions;
import glimpse.CommandOptions.Parsed;
import glimpse.CommandOptions.UsageException;
import glimpse.Environment;
import glimpse.Glimpse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The `glimpse` command; ./glimpse (the launcher) sets up the machine and then calls this. Each command
 * declares what it accepts once ({@link CommandOptions}); an option it does not declare, or a GLIMPSE_*
 * variable holding a value it does not take, stops it with exit status 2 before anything runs.
 */
public final class Main {
    private Main() {}

    static final String[] NOTEBOOK_VARIABLES = {"GLIMPSE_KERNEL", "GLIMPSE_JJAVA_JAR", "GLIMPSE_DEVICE", "GLIMPSE_RECOMPUTE",
            "GLIMPSE_KERNEL_START_ATTEMPTS", "GLIMPSE_KERNEL_START_TIMEOUT", "GLIMPSE_KERNEL_HEAP", "GLIMPSE_CACHE", "GLIMPSE_BUILD",
            "GLIMPSE_DOWNLOAD", "GLIMPSE_CHECKPOINT_SECONDS", "GLIMPSE_GPU", "GLIMPSE_TRACE", "GLIMPSE_WEIGHTS_DIR", "GLIMPSE_CLIP_TEXT_ONNX",
            "GLIMPSE_CLIP_TOKENIZER", "GLIMPSE_WORDNET_DIR", "GLIMPSE_LOADER_WORKERS"};

    /** Every command, by name, with what it accepts. */
    static final Map<String, CommandOptions> COMMANDS = new LinkedHashMap<>();

    static {
        add(CommandOptions.command("run", "execute notebooks headless (default: all, in full mode unless GLIMPSE_MODE says otherwise);"
                        + " report in build/report/<mode>/")
                .flag("quick", "quick mode: minutes per notebook on 2 CPU cores")
                .flag("full", "full mode: the numbers we quote (the default)")
                .flag("paper", "paper-scale configs (a GPU and the real datasets)")
                .flag("smoke", "with --paper (or alone): every paper section at 2 steps per stage on whatever data the manifests"
                        + " point at (`./glimpse data fixtures DIR` writes fixtures), the CPU sections at quick budgets; proves the sections run")
                .flag("slurm", "compute each batch of experiments (seeds, sweeps, a table's arms) as one Slurm job array, each task one"
                        + " experiment on its node, into the shared cache; the notebook waits and renders from the cache (README: On a cluster)")
                .flag("slurm-dry-run", "print the first batch's sbatch script and task list, submit nothing (the notebook stops there)")
                .value("partition", "NAME", "--slurm: sbatch --partition")
                .value("account", "NAME", "--slurm: sbatch --account")
                .value("time", "TIME", "--slurm: time limit per task, e.g. 4:00:00")
                .value("cpus-per-task", "N", "--slurm: CPUs per task (default 1 quick, 4 full, 8 paper)")
                .value("gpus-per-task", "N", "--slurm: GPUs per task (default 1 in paper mode, else 0)")
                .value("mem", "SIZE", "--slurm: memory per task, e.g. 16G")
                .value("max-tasks", "N", "--slurm: at most N tasks of an array at once")
                .value("retries", "N", "--slurm/--workers: times a failed, cancelled or timed-out task is started again (default 2)")
                .value("workers", "N", "compute each batch of experiments as N local task processes at once (results identical to in-kernel)")
                .oneOf("quick", "full", "paper")
                .oneOf("quick", "full", "smoke")
                .oneOf("slurm", "slurm-dry-run")
                .positionals("[NOTEBOOK...]", 0, Integer.MAX_VALUE)
                .reads(concat(new String[] {"GLIMPSE_MODE", "GLIMPSE_EXECUTOR", "GLIMPSE_WORKERS", "GLIMPSE_TASK_RETRIES", "GLIMPSE_TASK_HEAP",
                        "GLIMPSE_SLURM_PARTITION", "GLIMPSE_SLURM_ACCOUNT", "GLIMPSE_SLURM_TIME", "GLIMPSE_SLURM_CPUS", "GLIMPSE_SLURM_GPUS",
                        "GLIMPSE_SLURM_MEM", "GLIMPSE_SLURM_MAX_TASKS"}, NOTEBOOK_VARIABLES)));
        add(CommandOptions.command("test", "unit tests (mvn verify; the full log goes to build/logs/mvn-verify.log), the browser test of"
                        + " interactive use, every notebook in quick mode; ends 'N passed, N failed'")
                .reads(concat(NOTEBOOK_VARIABLES, new String[] {"GLIMPSE_NO_BROWSER"})));
        add(CommandOptions.command("data", "`data list`: every dataset manifest and whether its files are there;"
                        + " `data check NAME`: verify one dataset (files, checksums, splits); `data fixtures DIR`: write a tiny fixture of every"
                        + " paper benchmark in its real layout and print the variables that point at them")
                .positionals("list | check NAME | fixtures DIR", 0, 2)
                .reads("GLIMPSE_CACHE", "GLIMPSE_DOWNLOAD", "GLIMPSE_GLYPHS_ACCEPT", "GLIMPSE_GLYPHS_RERENDER"));
        add(glimpse.bench.Bench.OPTIONS);
        add(CommandOptions.command("notebook", "classic Jupyter Notebook on loopback with the Glimpse kernel; prints the URL."
                        + " Other options go to Jupyter as they are")
                .passingOnTheRestTo("[JUPYTER-OPTION...]")
                .reads("GLIMPSE_MODE", "GLIMPSE_KERNEL", "GLIMPSE_JJAVA_JAR", "GLIMPSE_KERNEL_HEAP", "GLIMPSE_NOTEBOOK_PORT", "GLIMPSE_DEVICE"));
        add(CommandOptions.command("check-interactive", "only the browser test of interactive use (a part of test)"));
        add(CommandOptions.command("check-slurm", "only the Slurm check (a part of test): a one-node Slurm on loopback from a temporary"
                + " configuration runs a batch as a job array, one task cancelled and retried; needs root (installs slurm-wlm and munge)"));
        add(CommandOptions.command("task", "(run by the executors, not by hand) compute the one experiment of a task file into the cache")
                .positionals("FILE", 1, 1)
                .reads("GLIMPSE_CACHE", "GLIMPSE_HOME", "GLIMPSE_CHECKPOINT_SECONDS", "GLIMPSE_DEVICE"));
        add(CommandOptions.command("check-kernel", "only Jupyter's kernel conformance suite on the Glimpse kernel (a part of test)"));
        add(CommandOptions.command("kernel", "write the Jupyter kernelspec and print how to use it interactively")
                .reads("GLIMPSE_KERNEL", "GLIMPSE_JJAVA_JAR", "GLIMPSE_KERNEL_HEAP"));
        add(CommandOptions.command("doctor", "engine, devices, CUDA, memory, datasets, weight files, which notebooks run in which"
                        + " mode here, and each problem with its fix (run it first); exit 1 when something blocks the build asked for")
                .reads("GLIMPSE_GPU", "GLIMPSE_WEIGHTS_DIR", "GLIMPSE_DEVICE", "GLIMPSE_CACHE"));
        add(CommandOptions.command("weights", "`weights check --arch ARCH [--size PX] FILE`: read an ImageNet checkpoint (safetensors):"
                        + " loaded/missing/unexpected tensors and the logits of a fixed probe image; `weights convert IN.pth OUT.safetensors`:"
                        + " convert a PyTorch checkpoint with Debian's python3-torch (weights_only load)")
                .value("arch", "resnet34|resnet50|deit_small", "the architecture the file's tensors are mapped onto (check)")
                .value("size", "PX", "the probe image's side (check; default 224)")
                .positionals("check FILE | convert IN OUT", 2, 3)
                .reads("GLIMPSE_WEIGHTS_DIR"));
        add(CommandOptions.command("help", "this list, or one command's options and environment variables").positionals("[COMMAND]", 0, 1));
    }

    private static void add(CommandOptions c) { COMMANDS.put(c.name(), c); }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The overall help: every command's usage line and summary, then the environment variables. */
    static String usage() {
        StringBuilder s = new StringBuilder("usage: ./glimpse COMMAND [OPTION...]   (./glimpse help COMMAND, or COMMAND --help: its options)\n");
        for (CommandOptions c : COMMANDS.values()) s.append("  ").append(c.usageLine().substring("./glimpse ".length())).append('\n');
        s.append("environment:\n");
        for (Environment.Variable v : Environment.documented()) s.append("  ").append(v.describe()).append('\n');
        return s.toString().stripTrailing();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) { return run(args, System.getenv()); }

    /** As {@link #run(String[])} with {@code env} as the environment that is checked and read for the mode. */
    static int run(String[] args, Map<String, String> env) {
        if (args.length == 0) {
            System.err.println(usage());
            return 2;
        }
        String name = args[0];
        if (name.equals("-h") || name.equals("--help")) name = "help";
        CommandOptions command = COMMANDS.get(name);
        if (command == null) {
            System.err.println("glimpse: unknown command '" + args[0] + "'; the commands: " + String.join(", ", COMMANDS.keySet()) + "\n" + usage());
            return 2;
        }
        Parsed p;
        try {
            p = command.parse(Arrays.asList(args).subList(1, args.length));
        } catch (UsageException e) {
            System.err.println("glimpse " + command.name() + ": " + e.getMessage() + "\n" + command.help());
            return 2;
        }
        if (p.help()) {
            System.out.println(command.help());
            return 0;
        }
        if (name.equals("help")) return help(p.positionals());
        List<String> bad = Environment.errors(env);
        if (!bad.isEmpty()) {
            bad.forEach(b -> System.err.println("glimpse: " + b));
            return 2;
        }
        // the launcher asks this first (-Dglimpse.preflight=true), so that a bad option stops before minutes of set-up
        if (Boolean.getBoolean("glimpse.preflight")) return 0;
        Environment.warnings(env).forEach(w -> System.err.println("glimpse: warning: " + w));
        try {
            GpuSetup.requireUsable(name);
            return switch (name) {
                case "run" -> {
                    NotebookRunner.kernelSettings = executorSettings(p);
                    yield NotebookCommands.run(p.positionals(), mode(p, env.get("GLIMPSE_MODE")));
                }
                case "task" -> glimpse.cluster.TaskFile.run(java.nio.file.Path.of(p.positionals().get(0)).toAbsolutePath());
                case "check-slurm" -> SlurmCheck.command();
                case "test" -> NotebookCommands.test();
                case "data" -> DataCommand.run(p.positionals());
                case "kernel" -> NotebookCommands.kernel();
                case "notebook" -> NotebookCommands.notebook(p.positionals());
                case "check-interactive" -> NotebookCommands.checkInteractive();
                case "check-kernel" -> KernelConformance.command();
                case "bench" -> glimpse.bench.Bench.run(args);
                case "doctor" -> Doctor.run(p.positionals());
                case "weights" -> WeightsCommand.run(p.positionals(), p.value("arch", null), p.value("size", "224"));
                default -> throw new IllegalStateException("command " + name + " has no handler");
            };
        } catch (glimpse.data.DatasetException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("glimpse: " + e.getMessage());
            return 1;
        }
    }

    private static int help(List<String> about) {
        if (about.isEmpty()) {
            System.out.println(usage());
            return 0;
        }
        CommandOptions c = COMMANDS.get(about.get(0));
        if (c == null) {
            System.err.println("glimpse help: no command '" + about.get(0) + "'; the commands: " + String.join(", ", COMMANDS.keySet()));
            return 2;
        }
        System.out.println(c.help());
        return 0;
    }

    /**
     * The GLIMPSE_EXECUTOR / GLIMPSE_SLURM_* / GLIMPSE_WORKERS settings `run`'s options give the notebook
     * kernels (empty without --slurm, --slurm-dry-run or --workers: the environment's, if any, apply).
     */
    static Map<String, String> executorSettings(Parsed p) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean slurm = p.has("slurm") || p.has("slurm-dry-run");
        String workers = p.value("workers", null);
        if (slurm && workers != null) throw new IllegalArgumentException("give --slurm or --workers, not both");
        String[][] slurmOnly = {{"partition", "GLIMPSE_SLURM_PARTITION"}, {"account", "GLIMPSE_SLURM_ACCOUNT"}, {"time", "GLIMPSE_SLURM_TIME"},
                {"cpus-per-task", "GLIMPSE_SLURM_CPUS"}, {"gpus-per-task", "GLIMPSE_SLURM_GPUS"}, {"mem", "GLIMPSE_SLURM_MEM"},
                {"max-tasks", "GLIMPSE_SLURM_MAX_TASKS"}};
        for (String[] o : slurmOnly) {
            String v = p.value(o[0], null);
            if (v == null) continue;
            if (!slurm) throw new IllegalArgumentException("--" + o[0] + " is an option of --slurm; add --slurm (or --slurm-dry-run)");
            out.put(o[1], v);
        }
        if (slurm) out.put("GLIMPSE_EXECUTOR", "slurm");
        if (p.has("slurm-dry-run")) out.put("GLIMPSE_SLURM_DRY_RUN", "1");
        if (workers != null) {
            out.put("GLIMPSE_EXECUTOR", "workers");
            out.put("GLIMPSE_WORKERS", workers);
        }
        String retries = p.value("retries", null);
        if (retries != null) {
            if (!slurm && workers == null) throw new IllegalArgumentException("--retries is an option of --slurm and --workers");
            out.put("GLIMPSE_TASK_RETRIES", retries);
        }
        List<String> bad = Environment.errors(out);
        if (!bad.isEmpty()) throw new IllegalArgumentException("an option of run has a value it does not take: " + String.join("; ", bad));
        return out;
    }

    /** `run`'s mode: its flag; else GLIMPSE_MODE (already checked to be a mode); else full. Says which it took. */
    static Glimpse.Mode mode(Parsed p, String fromEnvironment) {
        if (p.has("smoke")) return Glimpse.Mode.SMOKE;   // --paper --smoke and --smoke alike
        for (Glimpse.Mode m : Glimpse.Mode.values())
            if (p.has(m.name().toLowerCase(Locale.ROOT))) return m;
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            Glimpse.Mode m = Glimpse.Mode.valueOf(fromEnvironment.trim().toUpperCase(Locale.ROOT));
            System.out.println("mode: " + m.name().toLowerCase(Locale.ROOT) + " (from GLIMPSE_MODE; --quick, --full or --paper overrides it)");
            return m;
        }
        return Glimpse.Mode.FULL;
    }
}
