package glimpse.cli;

import glimpse.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class GpuSetupTest {
    private static final NvidiaSmi.Report NO_DRIVER = new NvidiaSmi.Report(List.of(), "nvidia-smi is not on PATH (no NVIDIA driver installed)");

    private static NvidiaSmi.Report driver(String version) {
        return new NvidiaSmi.Report(List.of(new NvidiaSmi.Gpu(0, "NVIDIA H100", version, 81559, 80000)), null);
    }

    @Test
    void withoutADriverTheOnlyProblemNamesNvidiaSmiAndTheDriverToInstall() {
        List<Problem> problems = GpuSetup.machineProblems(NO_DRIVER);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).blocks());
        assertTrue(problems.get(0).what().contains("nvidia-smi"), problems.get(0).what());
        assertTrue(problems.get(0).fix().contains(GpuSetup.DRIVER_FOR_CUDA_12_8), problems.get(0).fix());
    }

    @Test
    void aDriverOlderThanCuda12MinorCompatibilityBlocksBeforeAnythingElse() {
        List<Problem> problems = GpuSetup.machineProblems(driver("520.61.05"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).blocks() && problems.get(0).what().contains("520.61.05"), problems.toString());
    }

    @Test
    void aDriverBetweenCuda12AndCuda128OnlyLimitsThenTheCudaRuntimeIsChecked() {
        List<Problem> problems = GpuSetup.machineProblems(driver("550.54.15"));
        assertEquals(Problem.Severity.LIMITING, problems.get(0).severity(), problems.toString());
        // this machine has no libcudart, so DJL's probe counts no GPU: the next finding says so and how to install it
        assertTrue(problems.get(1).blocks() && problems.get(1).what().contains("libcudart"), problems.toString());
        assertTrue(problems.get(1).fix().contains("cuda-cudart-12-8"), problems.get(1).fix());
    }

    @Test
    void theMessageListsEachBlockingProblemWithItsFix() {
        String m = GpuSetup.message(GpuSetup.machineProblems(NO_DRIVER));
        assertTrue(m.startsWith("GLIMPSE_GPU=1, but the CUDA build cannot run on this machine:"), m);
        assertTrue(m.contains("\n    fix: install the NVIDIA driver"), m);
        assertTrue(m.contains("GLIMPSE_GPU=1 ./glimpse doctor"), m);
    }

    @Test
    void djlCacheFolderNamesGiveTheFlavour() {
        assertEquals("cpu", GpuSetup.flavorOf("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"));
        assertEquals("cu128", GpuSetup.flavorOf("/home/u/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64"));
    }

    @Test
    void causesJoinIntoOneLineWithoutRepeats() {
        var e = new RuntimeException("Failed to load PyTorch native library", new java.io.IOException("Offline mode is enabled."));
        assertEquals("Failed to load PyTorch native library: Offline mode is enabled.", GpuSetup.causes(e));
    }

    @Test
    void gpuRequestedOnTheCpuBuildsClasspathIsRefusedNotRunOnTheCpu() {
        System.setProperty("glimpse.gpu", "1");
        try {
            GpuSetup.Loaded loaded = GpuSetup.loadEngine();
            assertEquals(1, loaded.problems().size(), loaded.problems().toString());
            assertTrue(loaded.problems().get(0).blocks() && loaded.problems().get(0).what().contains("pytorch-native-cpu"), loaded.problems().toString());
        } finally {
            System.clearProperty("glimpse.gpu");
        }
    }

    /** The launcher's path on a machine without an NVIDIA driver: one message with the fix, exit 1, no stack trace. */
    @Test
    void gpuRunOnAMachineWithoutGpuStopsWithOneMessageAndNoStackTrace(@TempDir Path dir) throws Exception {
        assumeFalse(NvidiaSmi.query().answered(), "this machine has an NVIDIA driver; the no-GPU path cannot be taken here");
        Path log = dir.resolve("out.txt");
        Process p = ChildJvm.start(Main.class, Map.of("glimpse.gpu", "1"), log, "run", "00-tour", "--quick");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "glimpse run did not stop");
        String out = Files.readString(log);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.startsWith("glimpse: GLIMPSE_GPU=1, but the CUDA build cannot run on this machine:"), out);
        assertTrue(out.contains("nvidia-smi is not on PATH") && out.contains("fix: install the NVIDIA driver 570.26 or newer"), out);
        assertFalse(out.contains("\tat ") || out.contains("Exception"), out);
    }
}
