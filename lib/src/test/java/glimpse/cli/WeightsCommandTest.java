package glimpse.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.nn.Blocks;
import glimpse.nn.weights.ImageNetArchitecture;
import glimpse.nn.weights.SafetensorsTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `./glimpse weights check`: counts, names and the probe's top-5 for a good file; exit 1 naming the problem otherwise. */
class WeightsCommandTest {
    @TempDir Path dir;

    @Test
    void checkReportsLoadedMissingUnexpectedAndTheProbeLogits() throws Exception {
        Map<String, SafetensorsTestFiles.Entry> entries;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block model = ImageNetArchitecture.RESNET34.classifier(32);
            Blocks.initialize(model, manager, new Shape(1, 3, 32, 32));
            entries = SafetensorsTestFiles.fromTargets(ImageNetArchitecture.RESNET34.targets(model));
        }
        Path good = SafetensorsTestFiles.write(dir.resolve("good.safetensors"), entries);
        Out ok = run("weights", "check", "--arch", "resnet34", "--size", "32", good.toString());
        assertEquals(0, ok.code, ok.text());
        assertTrue(ok.stdout.contains("loaded 182 tensor(s)") && ok.stdout.contains("missing 0") && ok.stdout.contains("unexpected 0"), ok.stdout);
        assertTrue(ok.stdout.matches("(?s).*probe logits .*top-5: class \\d+: -?\\d+\\.\\d{4};.*\\nOK\\n"), ok.stdout);

        Map<String, SafetensorsTestFiles.Entry> less = new LinkedHashMap<>(entries);
        less.remove("fc.bias");
        less.put("head.weight", SafetensorsTestFiles.Entry.f32(new long[] {1}, 0f));
        Path bad = SafetensorsTestFiles.write(dir.resolve("bad.safetensors"), less);
        Out failed = run("weights", "check", "--arch=resnet34", "--size=32", bad.toString());
        assertEquals(1, failed.code, failed.text());
        assertTrue(failed.stdout.contains("missing 1\n  tensor 'fc.bias' is missing from " + bad + "; resnet34 expects it with shape (1000,)"), failed.stdout);
        assertTrue(failed.stdout.contains("unexpected 1\n  tensor 'head.weight' (1,) in " + bad), failed.stdout);
        assertTrue(failed.stdout.contains("FAILED") && !failed.stdout.contains("probe logits"), failed.stdout);
    }

    @Test
    void aPickleOrAnUnknownArchitectureIsAClearError() throws Exception {
        Path pth = Files.write(dir.resolve("model.pth"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});
        Out pickle = run("weights", "check", "--arch", "resnet50", pth.toString());
        assertEquals(1, pickle.code, pickle.text());
        assertTrue(pickle.stderr.contains("./glimpse weights convert " + pth + " " + dir.resolve("model.safetensors")), pickle.stderr);
        Out arch = run("weights", "check", "--arch", "vgg16", pth.toString());
        assertEquals(1, arch.code, arch.text());
        assertTrue(arch.stderr.contains("unknown architecture 'vgg16'; known: [resnet34, resnet50, deit_small]"), arch.stderr);
        Out size = run("weights", "check", "--arch", "deit_small", "--size", "100", pth.toString());
        assertTrue(size.code == 1 && size.stderr.contains("--size 100: an image size of at least 32 px, a multiple of 16 (the patch size)"), size.text());
        Out notNumber = run("weights", "check", "--arch", "resnet50", "--size", "big", pth.toString());
        assertTrue(notNumber.code == 1 && notNumber.stderr.contains("--size takes an image size in pixels, e.g. --size 224, not 'big'"), notNumber.text());
        assertEquals(2, run("weights").code);
    }

    record Out(int code, String stdout, String stderr) {
        String text() { return stdout + stderr; }
    }

    private static Out run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Out(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
