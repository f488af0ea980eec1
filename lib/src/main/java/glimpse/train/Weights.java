package glimpse.train;

import ai.djl.nn.Block;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A model's parameters in one file, for a warm start: another run begins from them (e.g. a
 * backbone pre-trained by classification, then fine-tuned episodically). Unlike a checkpoint it
 * holds no optimizer state, step or loss curve: the run that loads it starts at step 0 with fresh
 * optimizer state. Same framing as checkpoints (length, CRC-32, written atomically).
 */
public final class Weights {
    private Weights() {}

    static final String MAGIC = "glimpse-weights-1";

    /** Saves every parameter of {@code model} (which must be initialised) to {@code file}. */
    public static void save(Block model, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            Checkpoint.writeParameters(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Checkpoint.writeFramed(file, bytes.toByteArray(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write weights " + file + ": " + e + ". Free disk space and run again.", e);
        }
    }

    /** Copies the parameters saved in {@code file} into {@code model} (same architecture: names, order and shapes). */
    public static void load(Block model, Path file) {
        try (DataInputStream in = open(file)) {
            Checkpoint.readParameters(in, model, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot warm-start from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies into {@code model} every saved parameter whose name, after {@code rename}, is one of the
     * model's (e.g. a pre-trained classifier's backbone into a few-shot model whose extra modules
     * stay as initialised); shapes must agree. Returns the model's parameter names that were loaded.
     * Fails when nothing matches, which is always a wrong file or a wrong rename.
     */
    public static java.util.Set<String> loadMatching(Block model, Path file, java.util.function.UnaryOperator<String> rename) {
        java.util.Map<String, ai.djl.ndarray.NDArray> targets = new java.util.LinkedHashMap<>();
        for (var p : model.getParameters()) targets.put(p.getKey(), p.getValue().getArray());
        java.util.Set<String> loaded = new java.util.LinkedHashSet<>();
        java.util.List<String> unused = new java.util.ArrayList<>();
        try (DataInputStream in = open(file)) {
            for (int n = in.readInt(); n > 0; n--) {
                String saved = in.readUTF(), name = rename.apply(saved);
                ai.djl.ndarray.NDArray target = name == null ? null : targets.get(name);
                if (target == null) { unused.add(saved); in.skipNBytes(in.readInt()); continue; }
                Checkpoint.readInto(in, target, file + " parameter " + saved);
                loaded.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot warm-start from " + file + ": " + e.getMessage(), e);
        }
        if (loaded.isEmpty())
            throw new IllegalArgumentException("No parameter of " + file + " matches the model (saved: " + unused + "; model: " + targets.keySet()
                    + "). Check the rename function.");
        return loaded;
    }

    private static DataInputStream open(Path file) {
        DataInputStream in;
        try {
            in = Checkpoint.verifiedPayload(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot warm-start from " + file + ": " + e.getMessage()
                    + ". Re-create it with Weights.save from the run it comes from.", e);
        }
        try {
            if (!MAGIC.equals(in.readUTF())) throw new IOException("a checkpoint, not a weights file: save the finished model with Weights.save");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot warm-start from " + file + ": " + e.getMessage(), e);
        }
        return in;
    }
}
