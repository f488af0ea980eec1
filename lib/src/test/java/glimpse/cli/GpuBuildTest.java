package glimpse.cli;

import glimpse.Glimpse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA build's dependencies, without a GPU and without downloading libtorch: Maven resolves
 * the `gpu` profile of lib/pom.xml (from Maven Central; not offline, because on a fresh machine
 * the dependency plugin may not be downloaded yet when lib's tests run), and the JNI it relies on
 * is in the pytorch-jni jar. What this cannot
 * check here is DJL's run-time download of libtorch 2.7.1+cu128 (publish.djl.ai is unreachable).
 */
class GpuBuildTest {
    /** `mvn dependency:list` of lib for the DJL PyTorch group, with or without -Pgpu. */
    private static List<String> pytorchArtifacts(Path out, boolean gpu) throws IOException, InterruptedException {
        Path list = out.resolve(gpu ? "gpu.txt" : "cpu.txt"), log = out.resolve(gpu ? "gpu.log" : "cpu.log");
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", Glimpse.home().resolve("lib/pom.xml").toString()));
        if (gpu) cmd.add("-Pgpu");
        cmd.addAll(List.of("dependency:list", "-DincludeGroupIds=ai.djl.pytorch", "-DoutputFile=" + list, "-DexcludeTransitive=false"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("this test runs Maven (`mvn` on PATH), as ./glimpse test does: " + e.getMessage(), e);
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mvn dependency:list did not finish in 300 s");
        assertEquals(0, p.exitValue(), "mvn " + String.join(" ", cmd) + " failed:\n" + Files.readString(log));
        return Files.readAllLines(list).stream().map(String::trim).filter(l -> l.startsWith("ai.djl.pytorch:"))
                .map(l -> l.replaceAll(" -- .*", "")).sorted().toList();
    }

    @Test
    void theGpuProfileResolvesEngineAndJniWithoutAnyNativeJarAndTheCpuBuildKeepsItsNatives(@TempDir Path dir) throws Exception {
        assertEquals(List.of("ai.djl.pytorch:pytorch-engine:jar:0.35.1:compile", "ai.djl.pytorch:pytorch-jni:jar:2.7.1-0.35.1:compile"),
                pytorchArtifacts(dir, true));
        assertEquals(List.of("ai.djl.pytorch:pytorch-engine:jar:0.35.1:compile", "ai.djl.pytorch:pytorch-jni:jar:2.7.1-0.35.1:compile",
                "ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1:compile"), pytorchArtifacts(dir, false));
    }

    @Test
    void theJniJarCarriesTheCu128LibraryForTheEngineVersionGpuSetupExpects() throws IOException {
        ClassLoader cl = GpuBuildTest.class.getClassLoader();
        assertNotNull(cl.getResource("jnilib/linux-x86_64/" + GpuSetup.FLAVOR + "/libdjl_torch.so"), "pytorch-jni has no linux-x86_64/cu128 JNI");
        assertEquals(GpuSetup.TORCH_VERSION + "-0.35.1", properties(cl.getResource("jnilib/pytorch.properties")).getProperty("jni_version"));
        // DJL's LibUtils downloads libtorch for this version when no native jar is on the classpath
        assertEquals(GpuSetup.TORCH_VERSION, properties(cl.getResource("pytorch-engine.properties")).getProperty("pytorch_version"));
    }

    private static Properties properties(URL url) throws IOException {
        assertNotNull(url);
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        }
        return p;
    }
}
