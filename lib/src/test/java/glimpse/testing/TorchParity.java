package glimpse.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steps a network-against-torch parity test shares: seeded weights set in our network and written in
 * parameter order (torch's {@code parameters()} and DJL's agree for the networks compared), float32 files
 * for the script, the script run, and the outputs compared at a tolerance relative to their scale.
 */
public final class TorchParity {
    private TorchParity() {}

    /**
     * Sets every trainable parameter of the initialised {@code net} to uniform values of width {@code spread}
     * around 0 (BatchNorm's γ around 1), seeded, and writes them in parameter order to {@code file}.
     */
    public static void seedParameters(Block net, long seed, double spread, Path file) throws IOException {
        SplittableRandom w = new SplittableRandom(seed);
        ByteBuffer out = ByteBuffer.allocate(4 * (int) net.getParameters().values().stream()
                .filter(Parameter::requiresGradient).mapToLong(p -> p.getArray().size()).sum()).order(ByteOrder.LITTLE_ENDIAN);
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (!p.getValue().requiresGradient()) continue;
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            float offset = p.getKey().endsWith("gamma") ? 1f : 0f;
            for (int i = 0; i < v.length; i++) { v[i] = (float) (spread * (w.nextDouble() - 0.5)) + offset; out.putFloat(v[i]); }
            a.set(v);
        }
        Files.write(file, out.array());
    }

    /** {@code values} as little-endian float32, the layout the scripts read with numpy. */
    public static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        Files.write(file, b.array());
    }

    /** Runs {@code script} (saved as {@code dir/name}) with {@code dir} as its argument; fails with its output unless it exits 0; returns the output. */
    public static String run(Path python, Path dir, String name, String script) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name), script);
        Process p = new ProcessBuilder(python.toString(), dir.resolve(name).toString(), dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /**
     * Asserts {@code ours} equals the float32 file torch wrote within 1e-4 of the outputs' scale (at least 1),
     * and that torch's outputs are not all about 0 (which would make the check empty); returns the max |difference|.
     */
    public static double assertClose(float[] ours, Path torchFile) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(torchFile)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4L * ours.length, b.capacity(), "torch wrote as many outputs as ours");
        double scale = 0, diff = 0;
        for (float o : ours) {
            float t = b.getFloat();
            scale = Math.max(scale, Math.abs(t));
            diff = Math.max(diff, Math.abs(o - t));
        }
        assertTrue(scale > 1e-3, "torch's outputs are not all ~0: " + scale);
        assertTrue(diff <= 1e-4 * Math.max(1, scale), "max |ours − torch| = " + diff + " (output scale " + scale + ")");
        return diff;
    }
}
