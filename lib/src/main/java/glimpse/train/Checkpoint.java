package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One file, {@code checkpoint.bin} in the run's folder: the config it belongs to, the number of
 * completed steps, the loss curve so far, every parameter of the model (trainable ones and
 * BatchNorm running statistics) and the optimizer state. Written to a temporary file and moved
 * into place atomically, so a run killed mid-save leaves the previous checkpoint intact.
 */
final class Checkpoint {
    static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "glimpse-checkpoint-1";

    /** What a checkpoint restores besides the arrays. */
    record State(int completedSteps, float[] losses, double wallSeconds, long images) {}

    private Checkpoint() {}

    static Path file(TrainConfig config) { return Path.of(config.checkpointDir()).resolve(FILE); }

    /** The identity of a run for resuming: the config without the fields that only say how to log and save. */
    static String runKey(TrainConfig c) {
        return c.withLogEvery(0).withCheckpoints(null, 0).toString();
    }

    static void save(TrainConfig config, State state, Block model, Updater updater) {
        Path target = file(config);
        Path tmp = target.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeUTF(MAGIC);
                out.writeUTF(runKey(config));
                out.writeInt(state.completedSteps());
                out.writeDouble(state.wallSeconds());
                out.writeLong(state.images());
                out.writeInt(state.losses().length);
                for (float l : state.losses()) out.writeFloat(l);
                var params = model.getParameters();
                out.writeInt(params.size());
                for (Pair<String, Parameter> p : params) {
                    out.writeUTF(p.getKey());
                    writeArray(out, p.getValue().getArray());
                }
                updater.save(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** Restores parameters and optimizer state in place; null when the folder holds no checkpoint. */
    static State load(TrainConfig config, Block model, Updater updater) {
        Path f = file(config);
        if (!Files.isRegularFile(f)) return null;
        String src = f.toString();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException(src + " is not a Glimpse checkpoint");
            String key = in.readUTF();
            if (!key.equals(runKey(config)))
                throw new IllegalStateException("Checkpoint " + src + " belongs to another run:\n  saved:   " + key
                        + "\n  current: " + runKey(config) + "\nUse another checkpoint folder or delete this one to start afresh.");
            int done = in.readInt();
            double wall = in.readDouble();
            long images = in.readLong();
            float[] losses = new float[in.readInt()];
            for (int i = 0; i < losses.length; i++) losses[i] = in.readFloat();
            var params = model.getParameters();
            int n = in.readInt();
            if (n != params.size()) throw new IOException(src + ": " + n + " parameters saved, the model has " + params.size());
            for (Pair<String, Parameter> p : params) {
                String name = in.readUTF();
                if (!name.equals(p.getKey())) throw new IOException(src + ": parameter '" + name + "' where the model has '" + p.getKey() + "'");
                readInto(in, p.getValue().getArray(), src + " parameter " + name);
            }
            updater.load(in, src);
            return new State(done, losses, wall, images);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resume from checkpoint " + src + ": " + e.getMessage()
                    + ". Delete the file to start afresh.", e);
        }
    }

    static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        byte[] b = a.encode();
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads one encoded array and copies it into {@code target} in place (same shape required). */
    static void readInto(DataInputStream in, NDArray target, String what) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        try (NDManager tmp = target.getManager().newSubManager()) {
            NDArray saved = tmp.decode(b);
            if (!saved.getShape().equals(target.getShape()))
                throw new IOException(what + ": saved shape " + saved.getShape() + ", model shape " + target.getShape());
            target.set(new NDIndex("..."), saved);
        }
    }
}
