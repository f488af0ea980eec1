package glimpse.cli;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import glimpse.Glimpse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CUDA build (GLIMPSE_GPU=1, Maven profile {@code gpu}) and what it needs from the machine.
 *
 * <p>Maven Central has no CUDA natives for PyTorch 2.7.1, so the GPU build carries none: the
 * pytorch-jni 2.7.1-0.35.1 jar holds the linux-x86_64/cu128 JNI, and DJL's LibUtils (0.35.1) finds
 * libtorch 2.7.1+cu128 either in {@code PYTORCH_LIBRARY_PATH} (e.g. a pip torch 2.7.1+cu128's
 * {@code torch/lib}) or in its cache {@code ~/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64}, which it
 * fills once from publish.djl.ai. The launcher exports {@code PYTORCH_FLAVOR=cu128} (without it DJL
 * picks the flavour from the CUDA runtime it detects and falls back to the CPU build silently) and
 * runs every JVM with ai.djl.offline=true; {@link #loadEngine} lifts that for the one download.
 *
 * <p>DJL counts GPUs through the CUDA runtime library ({@code libcudart.so}, loaded by JNA from
 * the linker's paths), not through libtorch: without it the engine loads, reports 0 GPUs and
 * everything would silently run on the CPU. {@link #requireUsable} refuses that before a command.
 */
final class GpuSetup {
    private GpuSetup() {}

    static final String FLAVOR = "cu128";
    static final String TORCH_VERSION = "2.7.1";
    static final String CLASSIFIER = "linux-x86_64";
    /** CUDA 12.8 GA's Linux driver (NVIDIA CUDA 12.8 release notes, Table 3). */
    static final String DRIVER_FOR_CUDA_12_8 = "570.26";
    /** The oldest driver that runs any CUDA 12.x through minor-version compatibility (same notes). */
    static final String DRIVER_MINIMUM = "525.60.13";
    /** The commands that touch the engine, and so are refused when the CUDA build cannot run. */
    static final Set<String> ENGINE_COMMANDS = Set.of("run", "test", "bench", "notebook", "check-interactive");

    static boolean requested() {
        String v = Glimpse.setting("glimpse.gpu", "GLIMPSE_GPU", "0").trim();
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    /** True when no DJL native jar is on the classpath: the build of the `gpu` profile. */
    static boolean cudaBuild() {
        return Thread.currentThread().getContextClassLoader().getResource("native/lib/pytorch.properties") == null;
    }

    /** Where DJL keeps (or will download) libtorch 2.7.1+cu128. */
    static Path cacheDir() {
        return Utils.getEngineCacheDir("pytorch").resolve(TORCH_VERSION + "-" + FLAVOR + "-" + CLASSIFIER);
    }

    static String libraryPathSetting() { return Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"); }

    /** For engine commands under GLIMPSE_GPU=1: loads the CUDA engine or stops with one message naming each problem and its fix. */
    static void requireUsable(String command) {
        if (!requested() || !ENGINE_COMMANDS.contains(command)) return;
        List<Problem> problems = new ArrayList<>(machineProblems(NvidiaSmi.query()));
        if (problems.stream().noneMatch(Problem::blocks)) {
            Loaded loaded = loadEngine();
            problems.addAll(loaded.problems());
        }
        List<Problem> blocking = problems.stream().filter(Problem::blocks).toList();
        if (!blocking.isEmpty()) throw new IllegalStateException(message(blocking));
    }

    static String message(List<Problem> blocking) {
        return "GLIMPSE_GPU=1, but the CUDA build cannot run on this machine:\n"
                + blocking.stream().map(p -> "  - " + p.what() + "\n    fix: " + p.fix()).collect(Collectors.joining("\n"))
                + "\n  (`GLIMPSE_GPU=1 ./glimpse doctor` shows the whole picture; without GLIMPSE_GPU the CPU build runs.)";
    }

    /**
     * What can be checked before loading the engine: the platform, the driver (through nvidia-smi),
     * DJL's CUDA probe, and the DJL settings that would pick another libtorch. Stops at the first
     * blocking finding, because the later checks depend on it.
     */
    static List<Problem> machineProblems(NvidiaSmi.Report smi) {
        List<Problem> problems = new ArrayList<>();
        String os = System.getProperty("os.name"), arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            problems.add(Problem.blocking("the CUDA build exists for Linux x86_64 only (pytorch-jni 2.7.1-0.35.1 carries linux-x86_64/cu128), this is "
                    + os + " " + arch, "run without GLIMPSE_GPU (the CPU build) on this machine"));
            return problems;
        }
        if (!smi.answered()) {
            problems.add(Problem.blocking("no usable NVIDIA driver: " + smi.error(),
                    "install the NVIDIA driver " + DRIVER_FOR_CUDA_12_8 + " or newer (CUDA 12.8) so that `nvidia-smi` lists the GPU, "
                            + "or run without GLIMPSE_GPU=1 on the CPU"));
            return problems;
        }
        if (smi.gpus().isEmpty()) {
            problems.add(Problem.blocking("nvidia-smi lists no GPU", "check that the GPU is visible to this machine/container "
                    + "(e.g. docker run --gpus all), or run without GLIMPSE_GPU=1"));
            return problems;
        }
        String driver = smi.gpus().get(0).driverVersion();
        if (NvidiaSmi.compareVersions(driver, DRIVER_MINIMUM) < 0) {
            problems.add(Problem.blocking("NVIDIA driver " + driver + " is older than " + DRIVER_MINIMUM + ", the oldest that runs CUDA 12.x",
                    "upgrade the NVIDIA driver to " + DRIVER_FOR_CUDA_12_8 + " or newer"));
            return problems;
        }
        if (NvidiaSmi.compareVersions(driver, DRIVER_FOR_CUDA_12_8) < 0) {
            problems.add(Problem.limiting("NVIDIA driver " + driver + " predates CUDA 12.8 (" + DRIVER_FOR_CUDA_12_8
                    + "): libtorch cu128 runs under minor-version compatibility, where kernels that need PTX JIT fail",
                    "upgrade the NVIDIA driver to " + DRIVER_FOR_CUDA_12_8 + " or newer"));
        }
        if (CudaUtils.getGpuCount() == 0) {
            problems.add(Problem.blocking("DJL's CUDA probe sees no GPU: it counts GPUs through the CUDA runtime library libcudart.so "
                            + "(found by JNA in the linker's paths), and without it the engine reports 0 GPUs and everything runs on the CPU",
                    "install the CUDA 12.x runtime system-wide, e.g. `sudo apt-get install cuda-cudart-12-8` from NVIDIA's CUDA repository "
                            + "(or the CUDA Toolkit 12.8), then `sudo ldconfig`; `ldconfig -p | grep libcudart` must list it"));
            return problems;
        }
        String flavor = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
        if (flavor == null || flavor.isBlank()) {
            problems.add(Problem.blocking("PYTORCH_FLAVOR is not set: DJL would pick libtorch by the CUDA runtime it finds and fall back to the CPU build",
                    "run through ./glimpse (it exports PYTORCH_FLAVOR=" + FLAVOR + "), or export PYTORCH_FLAVOR=" + FLAVOR));
        } else if (!flavor.equals(FLAVOR)) {
            problems.add(Problem.blocking("PYTORCH_FLAVOR=" + flavor + ", but pytorch-jni 2.7.1-0.35.1 carries a JNI for " + FLAVOR + " only",
                    "export PYTORCH_FLAVOR=" + FLAVOR + " (or unset it and let ./glimpse set it)"));
        }
        String version = Utils.getEnvOrSystemProperty("PYTORCH_VERSION");
        if (version != null && !version.isBlank() && !version.equals(TORCH_VERSION)) {
            problems.add(Problem.blocking("PYTORCH_VERSION=" + version + ", but this build's JNI is for PyTorch " + TORCH_VERSION,
                    "unset PYTORCH_VERSION"));
        }
        String libraryPath = libraryPathSetting();
        if (libraryPath != null && !libraryPath.isBlank() && !Files.isRegularFile(Path.of(libraryPath).resolve("libtorch.so"))) {
            problems.add(Problem.blocking("PYTORCH_LIBRARY_PATH=" + libraryPath + " holds no libtorch.so",
                    "point it at the lib folder of a torch 2.7.1+cu128 install (python3 -c 'import torch, os; print(os.path.dirname(torch.__file__) + \"/lib\")'), or unset it to let DJL download libtorch"));
        }
        return problems;
    }

    /** The engine, or null with the problems that kept it from loading or from seeing a GPU. */
    record Loaded(Engine engine, List<Problem> problems) {}

    /**
     * Loads the engine. In the CUDA build with neither PYTORCH_LIBRARY_PATH nor a cached libtorch,
     * DJL downloads libtorch 2.7.1+cu128 (several GB, once): offline mode is lifted for that call only.
     */
    static Loaded loadEngine() {
        boolean download = cudaBuild() && libraryPathSetting() == null && !Files.isRegularFile(cacheDir().resolve("libtorch.so"));
        String offline = System.getProperty("ai.djl.offline");
        if (download) {
            System.err.println("[glimpse] first start of the CUDA build: DJL downloads libtorch " + TORCH_VERSION + "+" + FLAVOR
                    + " (with its CUDA, cuBLAS and cuDNN libraries: several GB) from https://publish.djl.ai/pytorch/" + TORCH_VERSION
                    + "/ into " + cacheDir() + "; later starts use it offline. An installed torch " + TORCH_VERSION + "+" + FLAVOR
                    + " can be used instead: PYTORCH_LIBRARY_PATH=<its torch/lib folder>.");
            System.setProperty("ai.djl.offline", "false");
        }
        Engine engine;
        try {
            engine = Engine.getInstance();
        } catch (RuntimeException | LinkageError e) {
            return new Loaded(null, List.of(Problem.blocking("the PyTorch engine did not load: " + causes(e), loadFix(download))));
        } finally {
            if (download) {
                if (offline == null) System.clearProperty("ai.djl.offline");
                else System.setProperty("ai.djl.offline", offline);
            }
        }
        List<Problem> problems = new ArrayList<>();
        if (cudaBuild() || requested()) {
            if (!cudaBuild()) {
                problems.add(Problem.blocking("GLIMPSE_GPU=1, but the classpath carries pytorch-native-cpu (the CPU build), whose libtorch DJL prefers",
                        "start through ./glimpse with GLIMPSE_GPU=1 (it builds the Maven profile gpu), or build with `mvn -Pgpu package`"));
            } else if (!engine.hasCapability(StandardCapabilities.CUDA)) {
                problems.add(Problem.blocking("the loaded libtorch has no CUDA (" + libraryFolder() + ")",
                        "export PYTORCH_FLAVOR=" + FLAVOR + "; if PYTORCH_LIBRARY_PATH is set, point it at a torch " + TORCH_VERSION + "+" + FLAVOR + " lib folder"));
            } else if (engine.getGpuCount() == 0) {
                problems.add(Problem.blocking("libtorch has CUDA but the engine counts 0 GPUs (DJL counts them through libcudart.so)",
                        "install the CUDA 12.x runtime system-wide (`sudo apt-get install cuda-cudart-12-8` from NVIDIA's repository), then `sudo ldconfig`"));
            }
        }
        return new Loaded(engine, problems);
    }

    private static String loadFix(boolean download) {
        if (!Utils.isOfflineMode() && download) {
            return "check the connection to https://publish.djl.ai (a proxy: -Dhttps.proxyHost/-Dhttps.proxyPort in JAVA_TOOL_OPTIONS) and re-run; "
                    + "or install torch " + TORCH_VERSION + "+" + FLAVOR + " (pip) and set PYTORCH_LIBRARY_PATH to its torch/lib folder";
        }
        if (download) return "DJL_OFFLINE=true forbids the one download of libtorch: unset it for one run, or set PYTORCH_LIBRARY_PATH to a torch "
                + TORCH_VERSION + "+" + FLAVOR + " lib folder";
        return "delete " + Utils.getEngineCacheDir("pytorch") + " (an interrupted extraction) and re-run; if it persists, run with "
                + "GLIMPSE_TRACE=1 and -Dorg.slf4j.simpleLogger.defaultLogLevel=debug for DJL's log";
    }

    /** "outer: inner: root" in one line, without repeating a message that a cause already gave. */
    static String causes(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(m)) parts.add(m);
        }
        return String.join(": ", parts);
    }

    /** The folder libtorch was loaded from, or a note when the engine is not loaded. */
    static String libraryFolder() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException e) {
            return "not loaded";
        }
    }

    /** DJL's cache folder name: version (2.7.1, or 2.7.1-20250812 from a native jar), flavour, classifier. */
    private static final java.util.regex.Pattern CACHE_FOLDER = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-\\d+)?-(.+)-(?:linux|osx|win)-[a-z0-9_]+");

    /** The flavour in the name of DJL's cache folder (2.7.1-20250812-cpu-linux-x86_64 → cpu), else PYTORCH_FLAVOR. */
    static String flavorOf(String folder) {
        String name = Path.of(folder).getFileName().toString();
        java.util.regex.Matcher m = CACHE_FOLDER.matcher(name);
        if (m.matches()) return m.group(1);
        String f = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
        return f == null ? "unknown (" + name + ")" : f.toLowerCase(Locale.ROOT) + " (PYTORCH_FLAVOR)";
    }
}
