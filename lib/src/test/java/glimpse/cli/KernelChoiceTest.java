package glimpse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which kernel runs the notebooks, and the reason given, in each situation a user can be in. */
class KernelChoiceTest {
    @TempDir Path tmp;

    Path rapaioJar() throws IOException {
        Path p = tmp.resolve("rapaio-jupyter-kernel.jar");
        if (!Files.exists(p)) Files.writeString(p, "jar");
        return p;
    }

    /** A kernelspec folder as `pip install jjava` leaves it: kernel.json runs a jar in the folder. */
    Path installJJavaSpec(Path kernels) throws IOException {
        Path spec = kernels.resolve("java");
        Files.createDirectories(spec);
        Files.writeString(spec.resolve("jjava-1.0-a6.jar"), "jar");
        Files.writeString(spec.resolve("kernel.json"),
                "{\"argv\": [\"java\", \"-jar\", \"{resource_dir}/jjava-1.0-a6.jar\", \"{connection_file}\"], \"language\": \"java\"}");
        return spec.resolve("jjava-1.0-a6.jar");
    }

    /** The Glimpse kernel's protocol jar, as the build copies it beside the rapaio jar. */
    Path protocolJar() throws IOException {
        Path p = rapaioJar().resolveSibling("jjava-jupyter.jar");
        Files.writeString(p, "jar");
        return p;
    }

    @Test
    void autoPicksTheGlimpseKernelAndMentionsAnInstalledJJava() throws IOException {
        Path jar = protocolJar();
        KernelChoice c = KernelChoice.decide(new KernelChoice.Inputs(null, null, List.of(tmp.resolve("none")), rapaioJar()));
        assertEquals(KernelChoice.Kind.GLIMPSE, c.kind());
        assertEquals(jar, c.jar());
        Path kernels = tmp.resolve("kernels");
        Path jjava = installJJavaSpec(kernels);
        KernelChoice withJJava = KernelChoice.decide(new KernelChoice.Inputs("auto", null, List.of(kernels), rapaioJar()));
        assertEquals(KernelChoice.Kind.GLIMPSE, withJJava.kind());
        assertTrue(withJJava.reason().contains(jjava.toString()), withJJava.reason());
    }

    @Test
    void aMissingProtocolJarIsAClearError() throws IOException {
        var e = assertThrows(IllegalStateException.class,
                () -> KernelChoice.decide(new KernelChoice.Inputs("glimpse", null, List.of(), rapaioJar())));
        assertTrue(e.getMessage().contains("jjava-jupyter.jar") && e.getMessage().contains("mvn package"), e.getMessage());
    }

    @Test
    void jjavaOnRequestFromAnInstalledKernelspec() throws IOException {
        Path kernels = tmp.resolve("kernels");
        Path jar = installJJavaSpec(kernels);
        KernelChoice c = KernelChoice.decide(new KernelChoice.Inputs("jjava", null, List.of(kernels), rapaioJar()));
        assertEquals(KernelChoice.Kind.JJAVA, c.kind());
        assertEquals(jar, c.jar());
    }

    @Test
    void anExplicitJarSettingWinsAndAMissingOneIsNotUsed() throws IOException {
        Path jar = tmp.resolve("my-jjava.jar");
        Files.writeString(jar, "jar");
        protocolJar();
        assertEquals(KernelChoice.Kind.JJAVA, KernelChoice.decide(new KernelChoice.Inputs("jjava", jar.toString(), List.of(), rapaioJar())).kind());
        assertThrows(IllegalStateException.class,
                () -> KernelChoice.decide(new KernelChoice.Inputs("jjava", tmp.resolve("gone.jar").toString(), List.of(), rapaioJar())));
        assertEquals(KernelChoice.Kind.GLIMPSE, KernelChoice.decide(new KernelChoice.Inputs(null, tmp.resolve("gone.jar").toString(), List.of(), rapaioJar())).kind());
    }

    @Test
    void userCanForceRapaioEvenWithJJavaInstalled() throws IOException {
        Path kernels = tmp.resolve("kernels");
        installJJavaSpec(kernels);
        KernelChoice c = KernelChoice.decide(new KernelChoice.Inputs("rapaio", null, List.of(kernels), rapaioJar()));
        assertEquals(KernelChoice.Kind.RAPAIO, c.kind());
        assertTrue(c.reason().contains("requested"));
    }

    @Test
    void askingForJJavaWithoutItIsAClearError() throws IOException {
        var e = assertThrows(IllegalStateException.class,
                () -> KernelChoice.decide(new KernelChoice.Inputs("jjava", null, List.of(tmp), rapaioJar())));
        assertTrue(e.getMessage().contains("pip install jjava"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelChoice.decide(new KernelChoice.Inputs("python", null, List.of(), rapaioJar())));
    }

    @Test
    void kernelspecPutsTheClasspathAndStartupScriptInTheKernelsEnvironment() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("environment/startup"));
        Files.writeString(home.resolve("environment/startup/startup.jsh"), "import java.util.*;\n");
        KernelChoice c = new KernelChoice(KernelChoice.Kind.RAPAIO, rapaioJar(), "test");
        Path dir = KernelSpec.write(home, c, List.of(Path.of("/a.jar"), Path.of("/b.jar")), "2g");
        String json = Files.readString(dir.resolve("kernel.json"));
        assertTrue(json.contains("\"RJK_CLASSPATH\": \"/a.jar;/b.jar\""), json);
        assertTrue(json.contains("RJK_INIT_SCRIPT") && json.contains("startup.jsh"), json);
        assertTrue(json.contains("-Xmx2g"), json);
        Path jdir = KernelSpec.write(home, new KernelChoice(KernelChoice.Kind.JJAVA, rapaioJar(), "test"), List.of(Path.of("/a.jar"), Path.of("/b.jar")), "2g");
        assertTrue(Files.readString(jdir.resolve("kernel.json")).contains("\"JJAVA_CLASSPATH\": \"/a.jar:/b.jar\""));
        Path protocol = protocolJar();
        String glimpse = Files.readString(KernelSpec.write(home, new KernelChoice(KernelChoice.Kind.GLIMPSE, protocol, "test"),
                List.of(Path.of("/a.jar"), Path.of("/b.jar")), "2g").resolve("kernel.json"));
        // the kernel JVM has the protocol jars; the notebooks' JShell only the library's classpath
        assertTrue(glimpse.contains("\"/a.jar:/b.jar:" + protocol + ":" + protocol.resolveSibling("jeromq.jar")), glimpse);
        assertTrue(glimpse.contains("\"glimpse.kernel.KernelMain\""), glimpse);
        assertTrue(glimpse.contains("\"GLIMPSE_KERNEL_CLASSPATH\": \"/a.jar:/b.jar\""), glimpse);
        assertTrue(glimpse.contains("\"display_name\": \"Java (Glimpse)\""), glimpse);
    }

    @Test
    void everyNotebookNamesTheKernelspecsDisplayName() throws IOException {
        // opening a notebook whose metadata differs from the kernelspec marks it modified (and autosave rewrites it)
        try (var nbs = Files.list(Path.of("../notebooks"))) {
            List<Path> all = nbs.filter(p -> p.toString().endsWith(".ipynb")).toList();
            assertFalse(all.isEmpty());
            for (Path nb : all) {
                var spec = com.google.gson.JsonParser.parseString(Files.readString(nb)).getAsJsonObject()
                        .getAsJsonObject("metadata").getAsJsonObject("kernelspec");
                assertEquals(KernelSpec.DISPLAY_NAME, spec.get("display_name").getAsString(), nb.toString());
                assertEquals(KernelSpec.NAME, spec.get("name").getAsString(), nb.toString());
                // and the kernel's language_info, which classic Notebook also compares on every start
                var info = com.google.gson.JsonParser.parseString(Files.readString(nb)).getAsJsonObject()
                        .getAsJsonObject("metadata").getAsJsonObject("language_info");
                java.util.Map<String, String> seen = new java.util.TreeMap<>();
                info.entrySet().forEach(e -> seen.put(e.getKey(), e.getValue().getAsString()));
                assertEquals(new java.util.TreeMap<>(glimpse.kernel.GlimpseKernel.LANGUAGE_INFO), seen, nb.toString());
            }
        }
    }
}
