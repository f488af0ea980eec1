package glimpse.method.semanticprompt;

import glimpse.Glimpse;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Seeds;
import glimpse.method.semanticprompt.text.BagOfWordsEncoder;
import glimpse.method.semanticprompt.text.CachedTextEncoder;
import glimpse.method.semanticprompt.text.ClassTexts;
import glimpse.method.semanticprompt.text.GloveAverageEncoder;
import glimpse.method.semanticprompt.text.MiniLmEncoder;
import glimpse.method.semanticprompt.text.OnnxTextEncoder;
import glimpse.method.semanticprompt.text.TextVectors;
import glimpse.method.semanticprompt.text.RandomClassEncoder;
import glimpse.method.semanticprompt.text.TextEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Where Semantic Prompt's class vectors come from (arXiv 2303.14123 §3.2 and §4.3, text-encoder
 * ablation): a frozen encoder applied to "A photo of &lt;name&gt;", eqnorm'ed to {@code eqnorm}
 * (9, the official value for SBERT and GloVe features; for CLIP, {@link #EQNORM_BASE_MEAN}: the mean raw
 * norm of the base classes' vectors, as the official code does).
 *
 * <p>CLIP: the paper's encoder (CLIP ViT-B/32's text tower, 512-d, context cut to 20 tokens) is not
 * packaged anywhere this project can download from; a user supplies it as an ONNX file with its
 * {@code tokenizer.json} ({@link #clip}, or {@link #paperDefault} from {@code GLIMPSE_CLIP_TEXT_ONNX}),
 * read through {@link OnnxTextEncoder} with output {@code text_embeds} (Hugging Face Optimum's export
 * of {@code CLIPTextModelWithProjection}).
 *
 * <p>{@code shuffled} is the negative control: within each split every class is given another
 * class's text (a derangement, {@link #derangement}), so the vectors still tell the classes apart
 * but say nothing true about the image. If SP's gain survives it, the gain is not semantic.
 *
 * @param shuffleSeed seed of the derangement (the same for every training seed: one control)
 */
@RecordBuilder
public record SpText(Encoder encoder, boolean shuffled, double eqnorm, long shuffleSeed, String modelFile, String tokenizerFile)
        implements SpTextBuilder.With {
    /**
     * MiniLM: the bundled sentence encoder (SBERT family); GLOVE: wink's GloVe-derived word vectors averaged; two
     * controls; CLIP: a user's ONNX export of CLIP's text tower ({@link #clip}).
     */
    public enum Encoder { MINILM, GLOVE, BAG_OF_WORDS, RANDOM, CLIP }

    /** {@link #eqnorm} value meaning: the mean raw norm of the base classes' vectors (the official code's choice for CLIP). */
    public static final double EQNORM_BASE_MEAN = 0;

    /** The variables naming the CLIP text tower's ONNX file and its tokenizer.json (default: tokenizer.json beside it). */
    public static final String CLIP_ONNX_ENV = "GLIMPSE_CLIP_TEXT_ONNX", CLIP_TOKENIZER_ENV = "GLIMPSE_CLIP_TOKENIZER";

    /** CLIP's context length as the official code cuts it (exact for the short prompts). */
    public static final int CLIP_MAX_TOKENS = 20;

    public SpText {
        if ((encoder == Encoder.CLIP) != (modelFile != null && tokenizerFile != null))
            throw new IllegalArgumentException("the CLIP encoder, and only it, takes a model and a tokenizer file: " + encoder + ", " + modelFile + ", " + tokenizerFile);
    }

    public static SpText of(Encoder encoder) {
        if (encoder == Encoder.CLIP) throw new IllegalArgumentException("CLIP's text tower is a user's file: use SpText.clip(onnx, tokenizerJson)");
        return new SpText(encoder, false, 9.0, 17, null, null);
    }

    /** CLIP ViT-B/32's text tower from a user's ONNX export and its tokenizer.json; eqnorm to the base classes' mean norm. */
    public static SpText clip(java.nio.file.Path onnx, java.nio.file.Path tokenizerJson) {
        return new SpText(Encoder.CLIP, false, EQNORM_BASE_MEAN, 17, onnx.toAbsolutePath().toString(), tokenizerJson.toAbsolutePath().toString());
    }

    /**
     * The paper recipe's texts: CLIP's text tower where {@value #CLIP_ONNX_ENV} names its ONNX file (tokenizer from
     * {@value #CLIP_TOKENIZER_ENV}, default tokenizer.json beside it), else the bundled MiniLM — said on the console,
     * and the model's row label says which (see {@link SpSpec#label}).
     */
    public static SpText paperDefault() {
        String onnx = Glimpse.setting("glimpse.clipTextOnnx", CLIP_ONNX_ENV, null);
        if (onnx == null || onnx.isBlank()) {
            System.out.println("[sp] texts: the bundled MiniLM (the paper uses CLIP ViT-B/32's text tower; set " + CLIP_ONNX_ENV
                    + " to its ONNX export to use it)");
            return of(Encoder.MINILM);
        }
        java.nio.file.Path model = java.nio.file.Path.of(onnx);
        String tok = Glimpse.setting("glimpse.clipTokenizer", CLIP_TOKENIZER_ENV, null);
        java.nio.file.Path tokenizer = tok != null && !tok.isBlank() ? java.nio.file.Path.of(tok) : model.resolveSibling("tokenizer.json");
        for (java.nio.file.Path p : List.of(model, tokenizer))
            if (!java.nio.file.Files.isRegularFile(p))
                throw new IllegalArgumentException(p + " does not exist (" + CLIP_ONNX_ENV + " / " + CLIP_TOKENIZER_ENV + "): give CLIP's text tower "
                        + "exported to ONNX (e.g. Hugging Face Optimum, CLIPTextModelWithProjection → model.onnx) and its tokenizer.json, or unset "
                        + CLIP_ONNX_ENV + " to use the bundled MiniLM");
        System.out.println("[sp] texts: CLIP text tower " + model);
        return clip(model, tokenizer);
    }

    public String label() {
        String name = switch (encoder) {
            case MINILM -> "MiniLM"; case GLOVE -> "GloVe avg"; case BAG_OF_WORDS -> "bag of words"; case RANDOM -> "random vectors";
            case CLIP -> "CLIP text";
        };
        return name + (shuffled ? ", shuffled texts" : "");
    }

    /**
     * Whether GloVe vectors are ready without an npm download (their binary cache exists): quick
     * runs use GloVe only then, instead of fetching 307 MB.
     */
    public static boolean gloveReady() {
        return java.nio.file.Files.isRegularFile(Glimpse.cacheDir().resolve("text-features").resolve("wink-sg-100d.glwv"));
    }

    /** Class vectors of the training and test splits (one encoder for both, so the widths agree). */
    public List<ClassVectors> vectors(ImageSet train, ImageSet test) {
        TextEncoder e = encoder(train, test);
        double norm = eqnorm == EQNORM_BASE_MEAN ? TextVectors.meanNorm(e.encode(ClassTexts.prompts(train))) : eqnorm;
        return List.of(vectors(e, train, 0, norm), vectors(e, test, 1, norm));
    }

    private ClassVectors vectors(TextEncoder e, ImageSet set, int split, double norm) {
        ClassVectors v = ClassTexts.classVectors(e, set, norm);
        if (!shuffled) return v;
        int[] to = derangement(set.classCount(), Seeds.random(shuffleSeed, split));
        float[][] moved = new float[v.classCount()][];
        for (int c = 0; c < moved.length; c++) moved[c] = v.vectors()[to[c]];
        return new ClassVectors(v.source() + ", shuffled (derangement seed " + shuffleSeed + ")", moved);
    }

    private TextEncoder encoder(ImageSet train, ImageSet test) {
        TextEncoder e = switch (encoder) {
            case MINILM -> MiniLmEncoder.load();
            case GLOVE -> GloveAverageEncoder.winkOnDemand();
            case RANDOM -> new RandomClassEncoder(384, 0);
            case CLIP -> OnnxTextEncoder.fromFiles("CLIP text (" + java.nio.file.Path.of(modelFile).getFileName() + ")", java.nio.file.Path.of(modelFile),
                    java.nio.file.Path.of(tokenizerFile), OnnxTextEncoder.Pooling.OUTPUT, "text_embeds", false, CLIP_MAX_TOKENS);
            case BAG_OF_WORDS -> {          // one vocabulary over both splits' prompts: train and test vectors share coordinates
                List<String> all = new ArrayList<>(ClassTexts.prompts(train));
                all.addAll(ClassTexts.prompts(test));
                yield new BagOfWordsEncoder(all);
            }
        };
        return encoder == Encoder.MINILM ? new CachedTextEncoder(e, Glimpse.cacheDir().resolve("text-features")) : e;
    }

    /**
     * A uniformly random cyclic permutation of 0..n−1 (Sattolo's algorithm: Fisher–Yates drawing
     * j &lt; i instead of j ≤ i): one n-cycle, so no element maps to itself — a derangement.
     */
    public static int[] derangement(int n, SplittableRandom rng) {
        if (n < 2) throw new IllegalArgumentException("a derangement needs at least 2 classes, not " + n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
