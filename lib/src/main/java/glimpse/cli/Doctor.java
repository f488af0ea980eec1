package glimpse.cli;

import ai.djl.engine.Engine;
import glimpse.data.Manifests;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import glimpse.Glimpse;
import glimpse.data.Manifest;
import glimpse.nn.Devices;
import glimpse.nn.weights.PretrainedWeights;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * `./glimpse doctor`: what this machine can run, in one report a GPU user reads first. Sections:
 * engine, devices, host, datasets (the status `data list` gives), pretrained weights
 * ({@link PretrainedWeights}), notebooks × modes, then every problem with its fix. Exits 1 when
 * a problem blocks the requested build (CPU, or CUDA under GLIMPSE_GPU=1), else 0.
 */
final class Doctor {
    private Doctor() {}

    /**
     * The benchmarks each notebook's paper mode reads (manifest ids); the others run on the
     * embedded data in every mode. Weight files come from {@link PretrainedWeights#CATALOG}.
     */
    static final Map<String, List<String>> PAPER_DATA = Map.of(
            // ILSVRC in Meta-Dataset's split is the paper's own row; miniImageNet/tieredImageNet have no paper number of CTX's own
            "01-crosstransformers", List.of("miniimagenet", "tieredimagenet", "ilsvrc-2012-metadataset"),
            // the section runs each benchmark it finds; miniimagenet-folders is the other layout of miniimagenet
            "02-semantic-prompt", List.of("miniimagenet", "tieredimagenet", "cifar-fs", "fc100"),
            "03-batchformer", List.of("cifar-10", "cifar-100", "imagenet-lt"),
            "04-tasn", List.of("cub-200-2011-512"),
            "05-image-retrieval", List.of("sop", "cub-retrieval", "inshop"));

    /** Benchmarks a notebook's paper section also runs where present, and skips (saying so) where not. */
    static final Map<String, List<String>> OPTIONAL_PAPER_DATA = Map.of(
            "04-tasn", List.of("stanford-cars"));

    static int run(List<String> args) {
        return report(System.out) ? 1 : 0;
    }

    /**
     * `test` runs the doctor once and keeps its report in {@code file}; the check fails only when
     * the doctor itself crashes (what it finds is the report, not a test result).
     */
    static void saveReport(Path file, NotebookCommands.Checks checks) {
        String name = "doctor runs (report: " + file + ")";
        try {
            Files.createDirectories(file.getParent());
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, java.nio.charset.StandardCharsets.UTF_8)) {
                report(out);
            }
            checks.add(name, true);
        } catch (IOException | RuntimeException | LinkageError e) {
            System.out.println("  doctor crashed: " + e);
            checks.add(name, false);
        }
    }

    /** Prints the report; true when a problem blocks the requested build. */
    static boolean report(PrintStream out) {
        long t0 = System.nanoTime();
        boolean gpu = GpuSetup.requested();
        List<Problem> problems = new ArrayList<>();
        out.println("Glimpse doctor: " + (gpu ? "CUDA build requested (GLIMPSE_GPU=1)" : "CPU build (GLIMPSE_GPU unset)")
                + ", classpath carries " + (GpuSetup.cudaBuild() ? "no native jar (Maven profile gpu)" : "pytorch-native-cpu " + GpuSetup.TORCH_VERSION + " (Maven profile cpu)"));

        NvidiaSmi.Report smi = NvidiaSmi.query();
        Engine engine = null;
        if (gpu || GpuSetup.cudaBuild()) problems.addAll(GpuSetup.machineProblems(smi));
        if (problems.stream().noneMatch(Problem::blocks)) {
            GpuSetup.Loaded loaded = GpuSetup.loadEngine();
            engine = loaded.engine();
            problems.addAll(loaded.problems());
        }
        engine(out, engine);
        devices(out, engine, smi, gpu, problems);
        host(out, engine, problems);
        Map<String, Boolean> dataThere = datasets(out);
        Map<String, PretrainedWeights.Status> weights = weights(out, problems);
        notebooks(out, engine, dataThere, weights, problems);

        out.println();
        out.println("problems");
        if (problems.isEmpty()) out.println("  none");
        problems.forEach(p -> out.println("  " + p.render()));
        boolean blocked = problems.stream().anyMatch(Problem::blocks);
        out.printf(Locale.ROOT, "%n%s (%.1f s)%n", blocked ? "the requested build cannot run here: fix the [blocking] problems above"
                : "nothing blocks the " + (gpu ? "CUDA" : "CPU") + " build", (System.nanoTime() - t0) / 1e9);
        return blocked;
    }

    private static void engine(PrintStream out, Engine e) {
        section(out, "engine");
        row(out, "DJL", Engine.getDjlVersion());
        if (e == null) {
            row(out, "PyTorch", "not loaded (see problems)");
            return;
        }
        String folder = GpuSetup.libraryFolder();
        row(out, "PyTorch", e.getEngineName() + " " + e.getVersion());
        row(out, "flavour", GpuSetup.flavorOf(folder));
        row(out, "library", folder);
        row(out, "features", String.join(" ", JniUtils.getFeatures()));
    }

    private static void devices(PrintStream out, Engine e, NvidiaSmi.Report smi, boolean gpu, List<Problem> problems) {
        section(out, "devices");
        int engineGpus = e == null ? 0 : e.getGpuCount();
        row(out, "engine GPUs", e == null ? "unknown (engine not loaded)" : engineGpus + (e.hasCapability(StandardCapabilities.CUDA) ? " (libtorch with CUDA)" : " (libtorch without CUDA)"));
        row(out, "CUDA runtime", CudaUtils.getGpuCount() > 0 ? cudaVersion() + " (libcudart, as DJL's probe finds it)" : "not found by DJL's probe (libcudart.so)");
        if (!smi.answered()) row(out, "driver", smi.error());
        else if (smi.gpus().isEmpty()) row(out, "driver", "nvidia-smi lists no GPU");
        for (NvidiaSmi.Gpu g : smi.gpus()) {
            boolean cuda128 = NvidiaSmi.compareVersions(g.driverVersion(), GpuSetup.DRIVER_FOR_CUDA_12_8) >= 0;
            row(out, "GPU " + g.index(), String.format(Locale.ROOT, "%s, driver %s (%s), memory free %s of %s", g.name(), g.driverVersion(),
                    cuda128 ? "runs CUDA 12.8" : "older than " + GpuSetup.DRIVER_FOR_CUDA_12_8 + ", CUDA 12.8's", mib(g.freeMiB()), mib(g.totalMiB())));
        }
        if (e != null) {
            try {
                row(out, "tensors on", Devices.get() + " (glimpse.nn.Devices, GLIMPSE_DEVICE=" + Glimpse.setting("glimpse.device", "GLIMPSE_DEVICE", "auto") + ")");
            } catch (RuntimeException ex) {
                problems.add(Problem.blocking(ex.getMessage(), "set GLIMPSE_DEVICE=auto (or cpu)"));
            }
        }
        if (!gpu && smi.answered() && !smi.gpus().isEmpty()) {
            problems.add(Problem.advice("this machine has " + smi.gpus().size() + " NVIDIA GPU(s) and the CPU build is running",
                    "GLIMPSE_GPU=1 ./glimpse doctor, then GLIMPSE_GPU=1 ./glimpse run NN --paper"));
        }
    }

    private static String cudaVersion() {
        String v = CudaUtils.getCudaVersionString();
        return v.length() >= 3 ? Integer.parseInt(v.substring(0, v.length() - 1)) + "." + v.charAt(v.length() - 1) : v;
    }

    private static void host(PrintStream out, Engine e, List<Problem> problems) {
        section(out, "host");
        int cores = Runtime.getRuntime().availableProcessors();
        row(out, "cores", String.valueOf(cores));
        String omp = System.getenv("OMP_NUM_THREADS");
        if (e != null) {
            row(out, "threads", "intra-op " + JniUtils.getNumThreads() + ", inter-op " + JniUtils.getNumInteropThreads()
                    + " (OMP_NUM_THREADS " + (omp == null ? "unset" : omp) + ")");
        }
        long[] mem = memory();
        row(out, "memory", mem[0] < 0 ? "unknown" : "available " + gib(mem[0]) + " of " + gib(mem[1]));
        row(out, "JVM heap", "max " + gib(Runtime.getRuntime().maxMemory()));
        if (mem[0] >= 0 && mem[0] < 4L << 30) {
            problems.add(Problem.limiting("only " + gib(mem[0]) + " of host memory is available; full mode's notebooks want about 4 GiB each",
                    "close other programs, or run notebooks one at a time (./glimpse run NN)"));
        }
    }

    /** {available, total} bytes: MemAvailable/MemTotal from /proc/meminfo, else the JVM's view of free/total memory. */
    static long[] memory() {
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try (Stream<String> lines = Files.lines(meminfo)) {
                Map<String, Long> kb = new LinkedHashMap<>();
                lines.forEach(l -> {
                    String[] f = l.split("[:\\s]+");
                    if (f.length >= 2 && (f[0].equals("MemAvailable") || f[0].equals("MemTotal"))) kb.put(f[0], Long.parseLong(f[1]));
                });
                if (kb.size() == 2) return new long[] {kb.get("MemAvailable") * 1024, kb.get("MemTotal") * 1024};
            } catch (IOException | NumberFormatException ignored) {
                // fall through to the JVM's view
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return new long[] {os.getFreeMemorySize(), os.getTotalMemorySize()};
        }
        return new long[] {-1, -1};
    }

    /** Every manifest with `data list`'s status; returns id → usable. */
    private static Map<String, Boolean> datasets(PrintStream out) {
        section(out, "datasets (data-manifests/, as `./glimpse data list`)");
        Map<String, Boolean> there = new LinkedHashMap<>();
        for (Manifest m : Manifests.all()) {
            DataCommand.Look look = DataCommand.look(m);
            there.put(m.id(), look.usable());
            row(out, m.id(), look.text());
        }
        return there;
    }

    private static Map<String, PretrainedWeights.Status> weights(PrintStream out, List<Problem> problems) {
        section(out, "pretrained weights (folder " + PretrainedWeights.dir() + "; GLIMPSE_WEIGHTS_DIR)");
        Map<String, PretrainedWeights.Status> all = new LinkedHashMap<>();
        for (PretrainedWeights.Entry w : PretrainedWeights.CATALOG) {
            PretrainedWeights.Status s = PretrainedWeights.status(w);
            all.put(w.arch(), s);
            row(out, w.arch(), w.fileName() + ": " + s.summary() + " — " + w.notebook() + " paper" + (w.optional() ? " (optional)" : "")
                    + (w.loadedByRecipe() ? "" : "; the paper recipe does not load it yet (it starts from scratch; `weights check` reads it)"));
            if (!s.usable()) row(out, "", "from " + w.source());
            if (!s.usable() && Files.exists(s.file())) {
                problems.add(Problem.limiting(s.file() + " is " + s.summary(), "replace it with " + w.source()));
            }
        }
        return all;
    }

    /**
     * Which modes each notebook can run here: quick and full need only embedded data; smoke runs the paper
     * sections at 2 steps on whatever data is there (skipping, with the fix, what is not); paper needs its
     * benchmarks, weights, and wants a GPU.
     */
    private static void notebooks(PrintStream out, Engine e, Map<String, Boolean> dataThere, Map<String, PretrainedWeights.Status> weights,
                                  List<Problem> problems) {
        section(out, "notebooks (modes that can run here)");
        boolean gpuVisible = e != null && e.getGpuCount() > 0;
        for (String nb : notebookNames()) {
            List<String> missing = new ArrayList<>(), optional = new ArrayList<>();
            // a paper section runs each of its benchmarks that is there and skips the others, saying so: it needs one of them
            List<String> ids = PAPER_DATA.getOrDefault(nb, List.of());
            List<String> absent = ids.stream().filter(id -> !dataThere.getOrDefault(id, false))
                    .map(id -> "dataset " + id + " (" + Manifests.of(id).source().env() + ")").toList();
            if (!ids.isEmpty() && absent.size() == ids.size()) missing.add(String.join(" or ", absent));
            else optional.addAll(absent);
            for (String id : OPTIONAL_PAPER_DATA.getOrDefault(nb, List.of()))
                if (!dataThere.getOrDefault(id, false)) optional.add("dataset " + id + " (" + Manifests.of(id).source().env() + ")");
            for (PretrainedWeights.Entry w : PretrainedWeights.CATALOG) {
                if (!w.notebook().equals(nb) || weights.get(w.arch()).usable()) continue;
                // a file the paper recipe does not load yet is no requirement: said, not counted as missing
                (w.optional() || !w.loadedByRecipe() ? optional : missing).add("weights " + w.fileName()
                        + (w.loadedByRecipe() ? "" : " (not loaded by the paper recipe yet)"));
            }
            String engineState = e == null ? "no (engine not loaded)" : "yes";
            if (!hasPaperSection(nb)) {   // 00 and 06: smoke and paper mode have nothing of their own to run there
                row(out, nb, "quick " + engineState + ", full " + engineState + "; smoke, paper: no paper section"
                        + " (its cells run as they are, smoke at quick budgets; `test` smoke-runs " + String.join(", ", NotebookCommands.PAPER_NOTEBOOKS) + " only)");
                continue;
            }
            String paper = e == null ? "no (engine not loaded)" : !missing.isEmpty() ? "no: needs " + String.join(", ", missing)
                    : gpuVisible ? "yes (GPU)" : "yes, on the CPU (slow: a GPU is recommended)";
            if (!optional.isEmpty() && missing.isEmpty() && e != null) paper += "; without " + String.join(", ", optional);
            row(out, nb, "quick " + engineState + ", full " + engineState + ", smoke " + engineState + ", paper " + paper);
            if (!missing.isEmpty()) {
                problems.add(Problem.limiting(nb + " cannot run in paper mode: missing " + String.join(", ", missing), paperFix(missing)));
            }
        }
    }

    /** Whether {@code nb} ("03-batchformer") has a paper section: the notebooks `test` smoke-runs ({@link NotebookCommands#PAPER_NOTEBOOKS}). */
    static boolean hasPaperSection(String nb) {
        return NotebookCommands.PAPER_NOTEBOOKS.stream().anyMatch(prefix -> nb.startsWith(prefix + "-"));
    }

    private static String paperFix(List<String> missing) {
        List<String> fixes = new ArrayList<>();
        if (missing.stream().anyMatch(m -> m.startsWith("dataset"))) fixes.add("set each dataset's variable, named in brackets, to its folder, then `./glimpse data check ID`");
        if (missing.stream().anyMatch(m -> m.startsWith("weights"))) fixes.add("put the weight files in " + PretrainedWeights.dir()
                + " (or set GLIMPSE_WEIGHTS_DIR); where each comes from is in the weights section");
        fixes.add("meanwhile the paper section runs end to end on fixtures: `./glimpse data fixtures build/fixtures`, the exports it prints,"
                + " then `./glimpse run NN --paper --smoke`");
        return String.join("; ", fixes);
    }

    /** notebooks/*.ipynb of the Glimpse home, sorted, without the extension. */
    static List<String> notebookNames() {
        Path dir = Glimpse.home().resolve("notebooks");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).map(n -> n.substring(0, n.length() - 6)).sorted().toList();
        } catch (IOException ex) {
            return List.of();
        }
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println(title);
    }

    private static void row(PrintStream out, String key, String value) {
        out.printf(Locale.ROOT, "  %-22s %s%n", key, value);
    }

    private static String mib(long m) { return m < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", m / 1024.0); }

    private static String gib(long bytes) { return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30)); }
}
