package glimpse.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import glimpse.SpecJson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * A run's checkpoint in its folder: {@code checkpoint.bin} (the latest) and
 * {@code checkpoint.prev.bin} (the one before). Each holds the config it belongs to, the completed
 * steps, the loss curve and skipped steps so far, every parameter of the model (trainable ones and
 * BatchNorm running statistics) and the optimizer state, followed by a CRC-32 of all of it.
 *
 * <p>Writing: to {@code checkpoint.bin.tmp}, forced to disk, then the latest becomes the previous
 * and the new file the latest, each by an atomic move — a run killed at any moment leaves at least
 * one complete checkpoint. Reading: the whole file is verified before anything is copied into the
 * model, so a truncated or corrupt file is reported and the previous one is used; training never
 * starts from garbage.
 */
final class Checkpoint {
    static final String FILE = "checkpoint.bin", PREVIOUS = "checkpoint.prev.bin";
    private static final String MAGIC = "glimpse-checkpoint-2";

    /** What a checkpoint restores besides the arrays; {@code images}: images seen by the completed steps. */
    record State(int completedSteps, float[] losses, double wallSeconds, long images, int[] skippedSteps, java.util.Map<String, float[]> termCurves) {}

    private Checkpoint() {}

    static Path file(TrainConfig config) { return Path.of(config.watch().checkpointDir()).resolve(FILE); }

    /** The identity of a run for resuming: its config's key, by the same rule as the result cache's ({@link SpecJson}: the watch is left out). */
    static String runKey(TrainConfig c) { return SpecJson.of(c); }

    static void save(TrainConfig config, State state, Block model, Updater updater, java.util.List<TrainingState> states) {
        Path target = file(config);
        try {
            writeFramed(target, payload(config, state, model, updater, states), target.resolveSibling(PREVIOUS));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + e + ". Training stopped at step " + state.completedSteps()
                    + "; the last good checkpoint in " + target.getParent() + " is kept. Free disk space (or set GLIMPSE_CACHE to a"
                    + " folder with room) and run again: it resumes from that checkpoint.", e);
        }
    }

    /**
     * Writes length + CRC-32 + payload to {@code target}'s temporary sibling, forces it to disk and
     * moves it into place (the old file to {@code previous} first, when given); a failed write
     * removes the temporary file and leaves the old files as they were.
     */
    static void writeFramed(Path target, byte[] payload, Path previous) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            CRC32 crc = new CRC32();
            crc.update(payload);
            Files.createDirectories(target.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer head = ByteBuffer.allocate(12).putInt(payload.length).putLong(crc.getValue());
                head.flip();
                writeFully(ch, head);
                writeFully(ch, ByteBuffer.wrap(payload));
                ch.force(true);
            }
            if (previous != null && Files.exists(target)) Files.move(target, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* the write error is the one to report */ }
            throw e;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static byte[] payload(TrainConfig config, State state, Block model, Updater updater, java.util.List<TrainingState> states) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(runKey(config));
            out.writeInt(state.completedSteps());
            out.writeDouble(state.wallSeconds());
            out.writeLong(state.images());
            out.writeInt(state.losses().length);
            for (float l : state.losses()) out.writeFloat(l);
            out.writeInt(state.skippedSteps().length);
            for (int s : state.skippedSteps()) out.writeInt(s);
            out.writeInt(state.termCurves().size());
            for (var t : state.termCurves().entrySet()) {
                out.writeUTF(t.getKey());
                for (int i = 0; i < state.completedSteps(); i++) out.writeFloat(t.getValue()[i]);
            }
            writeParameters(out, model);
            updater.save(out);
            out.writeInt(states.size());
            for (TrainingState ts : states) {
                out.writeUTF(ts.stateName());
                ByteArrayOutputStream one = new ByteArrayOutputStream();
                try (DataOutputStream o = new DataOutputStream(one)) { ts.saveState(o); }
                out.writeInt(one.size());
                one.writeTo(out);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Restores parameters and optimizer state in place from the newest intact checkpoint of the
     * run's folder; null when there is none (nothing saved yet, or every file failed its check —
     * each failure is printed).
     */
    static State load(TrainConfig config, Block model, Updater updater, java.util.List<TrainingState> states) {
        Path latest = file(config);
        for (Path f : new Path[] {latest, latest.resolveSibling(PREVIOUS)}) {
            if (!Files.isRegularFile(f)) continue;
            DataInputStream payload;
            try {
                payload = verifiedPayload(f);
            } catch (IOException e) {
                System.out.println("warning: checkpoint " + f + " is unusable (" + e.getMessage() + "); "
                        + (f.equals(latest) ? "trying the previous one" : "no intact checkpoint is left, training starts from step 0"));
                continue;
            }
            return restore(config, model, updater, states, f.toString(), payload);
        }
        return null;
    }

    /** A stream over the payload (no copy) of a checkpoint file whose length and CRC-32 match; IOException naming what is wrong otherwise. */
    static DataInputStream verifiedPayload(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        if (all.length < 12) throw new IOException("truncated: " + all.length + " bytes");
        ByteBuffer head = ByteBuffer.wrap(all, 0, 12);
        int length = head.getInt();
        long crcSaved = head.getLong();
        if (length < 0 || all.length != 12L + length)
            throw new IOException("truncated or padded: " + all.length + " bytes, the header says " + (12L + length));
        CRC32 crc = new CRC32();
        crc.update(all, 12, length);
        if (crc.getValue() != crcSaved) throw new IOException("checksum mismatch (corrupt file)");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 12, length));   // no copy: checkpoints can be large
        in.mark(length);
        String magic = in.readUTF();
        if (!magic.equals(MAGIC) && !magic.equals(Weights.MAGIC)) throw new IOException("not a Glimpse checkpoint or weights file (" + magic + ")");
        in.reset();
        return in;
    }

    private static State restore(TrainConfig config, Block model, Updater updater, java.util.List<TrainingState> states, String src, DataInputStream payload) {
        try (DataInputStream in = payload) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException("a weights file, not a checkpoint: use it as a warm start");
            String key = in.readUTF();
            if (!key.equals(runKey(config)))
                throw new IllegalStateException("Checkpoint " + src + " belongs to another run:\n  saved:   " + key
                        + "\n  current: " + runKey(config) + "\nUse another checkpoint folder or delete this one to start afresh.");
            int done = in.readInt();
            double wall = in.readDouble();
            long images = in.readLong();
            float[] losses = new float[in.readInt()];
            for (int i = 0; i < losses.length; i++) losses[i] = in.readFloat();
            int[] skipped = new int[in.readInt()];
            for (int i = 0; i < skipped.length; i++) skipped[i] = in.readInt();
            java.util.Map<String, float[]> terms = new java.util.LinkedHashMap<>();
            for (int k = in.readInt(); k > 0; k--) {
                String name = in.readUTF();
                float[] curve = new float[done];
                for (int i = 0; i < done; i++) curve[i] = in.readFloat();
                terms.put(name, curve);
            }
            readParameters(in, model, src);
            updater.load(in, src);
            int n = in.readInt();
            if (n != states.size()) throw new IOException(src + ": " + n + " training states saved, this run has " + states.size());
            for (TrainingState ts : states) {
                String name = in.readUTF();
                if (!name.equals(ts.stateName())) throw new IOException(src + ": training state '" + name + "' where this run has '" + ts.stateName() + "'");
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                try (DataInputStream one = new DataInputStream(new ByteArrayInputStream(b))) { ts.loadState(one); }
            }
            return new State(done, losses, wall, images, skipped, terms);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resume from checkpoint " + src + ": " + e.getMessage()
                    + ". It does not fit this model; delete " + Path.of(src).getParent() + " to start afresh.", e);
        }
    }

    /** Every parameter of the model (trainable ones and BatchNorm statistics), by name. */
    static void writeParameters(DataOutputStream out, Block model) throws IOException {
        var params = model.getParameters();
        out.writeInt(params.size());
        for (Pair<String, Parameter> p : params) {
            out.writeUTF(p.getKey());
            writeArray(out, p.getValue().getArray());
        }
    }

    /** Reads what {@link #writeParameters} wrote into the same model (same names, order and shapes). */
    static void readParameters(DataInputStream in, Block model, String src) throws IOException {
        var params = model.getParameters();
        int n = in.readInt();
        if (n != params.size()) throw new IOException(src + ": " + n + " parameters saved, the model has " + params.size());
        for (Pair<String, Parameter> p : params) {
            String name = in.readUTF();
            if (!name.equals(p.getKey())) throw new IOException(src + ": parameter '" + name + "' where the model has '" + p.getKey() + "'");
            readInto(in, p.getValue().getArray(), src + " parameter " + name);
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
