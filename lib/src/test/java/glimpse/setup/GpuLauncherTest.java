package glimpse.setup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's GPU branch: the Maven profile, the flavour DJL is told, and no CPU natives left behind on a switch. */
class GpuLauncherTest {
    @TempDir
    Path tmp;

    private FakeMachine machine() {
        FakeMachine m = new FakeMachine(tmp).complete().uid(1000);
        // a java that also records the flavour DJL would see
        FakeMachine.write(m.bin.resolve("java"), "#!/bin/bash\necho \"${!#} flavor=${PYTORCH_FLAVOR-<unset>}\" >>\"$FAKE/java-calls\"\nexit 0\n");
        return m;
    }

    @Test
    void gpuBuildsTheGpuProfileAndTellsDjlTheCu128Flavour() {
        FakeMachine m = machine().env("GLIMPSE_GPU", "1");
        var r = m.launcher("doctor");
        assertEquals(0, r.rc(), r::toString);
        assertEquals(1, m.mvnCalls().size(), m.mvnCalls()::toString);
        assertTrue(m.mvnCalls().get(0).contains("-Pgpu"), m.mvnCalls()::toString);
        // two JVMs per command: the option preflight, then the command; both see the flavour
        assertEquals(List.of("doctor flavor=cu128", "doctor flavor=cu128"), m.javaCalls());
    }

    @Test
    void theCpuBuildHasNoProfileAndNoFlavourAndAUsersFlavourIsKept() {
        FakeMachine m = machine();
        m.launcher("doctor");
        assertFalse(m.mvnCalls().get(0).contains("-Pgpu"), m.mvnCalls()::toString);
        m.env("GLIMPSE_GPU", "1").env("PYTORCH_FLAVOR", "cu126");
        m.launcher("doctor");
        assertEquals(List.of("doctor flavor=<unset>", "doctor flavor=<unset>", "doctor flavor=cu126", "doctor flavor=cu126"), m.javaCalls());
    }

    @Test
    void switchingToTheGpuBuildRebuildsOnceAndDropsTheCpuNativesFromTheKernelClasspath() throws IOException {
        FakeMachine m = machine();
        m.launcher("doctor");
        Path natives = m.root.resolve("notebooks/target/kernel-classpath/pytorch-native-cpu-2.7.1-linux-x86_64.jar");
        Files.writeString(natives, "");   // what the cpu build's copy-dependencies leaves there
        m.env("GLIMPSE_GPU", "1");
        m.launcher("doctor");
        assertFalse(Files.exists(natives), "the gpu build's classpath still holds the CPU natives");
        m.launcher("doctor");
        assertEquals(2, m.mvnCalls().size(), "one build per profile switch, none when nothing changed: " + m.mvnCalls());
    }

    @Test
    void cpuNativesCopiedBackIntoTheGpuBuildTriggerARebuildWithoutThem() throws IOException {
        FakeMachine m = machine().env("GLIMPSE_GPU", "1");
        m.launcher("doctor");
        Path natives = m.root.resolve("notebooks/target/kernel-classpath/pytorch-native-cpu-2.7.1-linux-x86_64.jar");
        Files.writeString(natives, "");   // `mvn verify` without -Pgpu (./glimpse test) copies them back
        m.launcher("doctor");
        assertFalse(Files.exists(natives), "the gpu build would load the CPU libtorch from this jar");
        assertEquals(2, m.mvnCalls().size(), m.mvnCalls()::toString);
    }
}
