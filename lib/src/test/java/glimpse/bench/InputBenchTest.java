package glimpse.bench;

import glimpse.data.image.ImageDecoder;
import glimpse.data.image.Pixels;
import glimpse.data.image.RgbTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The input entry's data, both peers on a few batches, and the stage split. */
class InputBenchTest {
    @TempDir Path dir;

    @Test void theGeneratedJpegsArePhotoSized() throws Exception {
        InputBench.writeJpegs(dir, 3);
        List<Path> files = InputBench.jpegs(dir);
        assertEquals(3, files.size());
        try (ImageDecoder d = new ImageDecoder()) {
            for (Path f : files) {
                Pixels px = d.decode(f);
                assertEquals(500, px.width());
                assertEquals(375, px.height());
                long bytes = Files.size(f);
                // a real 500x375 photo at quality 90 is some tens of kB: neither flat (~5 kB) nor noise (~200 kB)
                assertTrue(bytes > 15_000 && bytes < 150_000, f + ": " + bytes + " bytes");
            }
        }
        assertNotEquals(Files.size(files.get(0)), Files.size(files.get(1)));
    }

    @Test void ourPeerReportsRatesAndAStageSplit() throws Exception {
        InputBench.writeJpegs(dir, 5);
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty(InputBench.DIR_PROPERTY, dir.toString());
        try {
            System.setOut(new PrintStream(captured, true));
            assertEquals(0, InputBench.peer(new Peers.Plan(4, 1, 2, 2), 64, 2));
        } finally {
            System.setOut(old);
            System.clearProperty(InputBench.DIR_PROPERTY);
        }
        String out = captured.toString();
        String json = out.lines().filter(l -> l.startsWith(Bench.MARK)).findFirst().orElseThrow(() -> new AssertionError(out));
        var o = new com.google.gson.Gson().fromJson(json.substring(Bench.MARK.length()), com.google.gson.JsonObject.class);
        assertEquals(2, o.getAsJsonArray("images_per_s").size());
        for (var r : o.getAsJsonArray("images_per_s")) assertTrue(r.getAsDouble() > 0 && Double.isFinite(r.getAsDouble()), json);
        String split = out.lines().filter(l -> l.startsWith(Bench.REPORT)).findFirst().orElseThrow(() -> new AssertionError(out));
        for (String stage : RgbTransforms.STAGES) assertTrue(split.contains(stage), split);
        assertFalse(split.contains("NaN"), split);
    }

    @Test void pytorchPeerRunsOrSkipsWithAReason() {
        glimpse.testing.TorchPython.require(Bench.PYTHON, "torch", "torchvision", "PIL");
        InputBench.writeJpegs(dir, 4);
        List<String> lines = new ArrayList<>();
        Bench.Result r = InputBench.python(new Peers.Plan(4, 1, 1, 2), 2, Map.of("OMP_NUM_THREADS", "1"), 64, dir, lines);
        assertTrue(r.ok(), r.error());
        assertTrue(r.median() > 0 && Double.isFinite(r.median()));
        assertTrue(r.label().contains("DataLoader"), r.label());
        assertTrue(lines.size() == 1 && lines.get(0).contains("colour jitter"), lines.toString());
    }
}
