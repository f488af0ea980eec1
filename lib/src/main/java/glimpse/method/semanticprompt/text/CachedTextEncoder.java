package glimpse.method.semanticprompt.text;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text encoder whose features are computed once per (encoder, text) and kept on disk: one file
 * per encoder name under {@code dir} (e.g. {@code Glimpse.cacheDir()/text-features}) holding
 * text → vector. Texts not yet in the file are encoded in one call and the file is rewritten.
 * Valid because encoders are frozen and deterministic; the file is keyed by {@link TextEncoder#name},
 * which therefore must change when the encoder does.
 */
public final class CachedTextEncoder implements TextEncoder {
    private final TextEncoder encoder;
    private final Path file;
    private final Map<String, float[]> cache;

    public CachedTextEncoder(TextEncoder encoder, Path dir) {
        this.encoder = encoder;
        this.file = dir.resolve(encoder.name().replaceAll("[^A-Za-z0-9._-]+", "_") + ".features");
        this.cache = Files.isRegularFile(file) ? read(file, encoder.dim()) : new LinkedHashMap<>();
    }

    public Path file() { return file; }
    @Override public String name() { return encoder.name(); }
    @Override public int dim() { return encoder.dim(); }

    @Override
    public synchronized float[][] encode(List<String> texts) {
        List<String> missing = new ArrayList<>();
        for (String t : texts) if (!cache.containsKey(t) && !missing.contains(t)) missing.add(t);
        if (!missing.isEmpty()) {
            float[][] fresh = encoder.encode(missing);
            for (int i = 0; i < fresh.length; i++) cache.put(missing.get(i), fresh[i]);
            write();
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = cache.get(texts.get(i)).clone();
        return out;
    }

    private void write() { VectorTables.write(file, null, dim(), cache, "text-feature cache"); }

    private static Map<String, float[]> read(Path file, int dim) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int d = in.readInt(), n = in.readInt();
            if (d != dim) throw new IOException("it holds " + d + "-d vectors, the encoder makes " + dim + "-d");
            Map<String, float[]> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String t = in.readUTF();
                float[] v = new float[d];
                for (int j = 0; j < d; j++) v[j] = in.readFloat();
                m.put(t, v);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("text-feature cache " + file + " is unreadable (" + e.getMessage() + "): delete it to recompute", e);
        }
    }
}
