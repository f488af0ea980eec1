package glimpse.method.semanticprompt.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transformer text encoder exported to ONNX, run with ONNX Runtime and tokenised by a Hugging Face
 * {@code tokenizer.json} (DJL's binding): all-MiniLM-L6-v2 ({@link MiniLmEncoder}) or a user's
 * model on disk, such as CLIP's text tower for the paper-scale runs (arXiv 2303.14123 §4.1 uses
 * CLIP ViT-B/32's 512-d text features).
 *
 * <p>Two ways to get one vector per text:
 * <ul>
 *   <li>{@link Pooling#MEAN}: the attention-masked mean of the per-token output (B, T, D), the
 *   sentence-transformers pooling of the SBERT family (Reimers &amp; Gurevych 2019, arXiv 1908.10084 §3);</li>
 *   <li>{@link Pooling#OUTPUT}: a model output that is already one vector per text (B, D), e.g.
 *   CLIP's {@code text_embeds} (the projected end-of-text token).</li>
 * </ul>
 * Texts are encoded one at a time (no padding, so no pad token can leak into a mean); class
 * texts are few and short. The inputs fed are whichever of {@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} the model declares.
 *
 * <p>Why ONNX Runtime's own Java API and not langchain4j's {@code OnnxEmbeddingModel} or DJL's
 * ONNX Runtime engine: langchain4j pools BERT-style outputs only (no CLIP {@code text_embeds}) and
 * brings langchain4j-core with Jackson; DJL's engine would add a second DJL engine beside PyTorch
 * for what is one session call on int64 arrays. Both run this same ONNX Runtime underneath; the
 * MiniLM test checks these vectors against langchain4j's pipeline.
 */
public final class OnnxTextEncoder implements TextEncoder, AutoCloseable {
    public enum Pooling { MEAN, OUTPUT }

    private final String name;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Pooling pooling;
    private final String output;
    private final boolean normalise;
    private final int dim;

    /**
     * @param model      ONNX bytes
     * @param tokenizer  a Hugging Face tokenizer.json
     * @param output     the output to read; null: "last_hidden_state" if the model has it, else its first output
     * @param normalise  L2-normalise each vector (sentence-transformers' Normalize module)
     * @param maxTokens  truncation length (CLIP: 77; SP's code cuts CLIP at 20, exact for short prompts)
     */
    public OnnxTextEncoder(String name, byte[] model, InputStream tokenizer, Pooling pooling, String output, boolean normalise,
                           int maxTokens) {
        this.name = name;
        this.pooling = pooling;
        this.normalise = normalise;
        try {
            this.session = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions());
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizer, Map.of("truncation", "true", "padding", "false",
                    "maxLength", Integer.toString(maxTokens), "modelMaxLength", Integer.toString(maxTokens)));
            this.output = output != null ? output
                    : session.getOutputNames().contains("last_hidden_state") ? "last_hidden_state" : session.getOutputNames().iterator().next();
            if (!session.getOutputNames().contains(this.output))
                throw new IllegalArgumentException(name + ": the model has no output '" + this.output + "'; it has " + session.getOutputNames());
        } catch (OrtException | IOException e) {
            throw new IllegalStateException(name + ": cannot load the ONNX model or its tokenizer: " + e.getMessage(), e);
        }
        this.dim = encodeOne("a").length;
    }

    /** A user-supplied model and tokenizer.json on disk; errors name both files. */
    public static OnnxTextEncoder fromFiles(String name, Path model, Path tokenizerJson, Pooling pooling, String output,
                                            boolean normalise, int maxTokens) {
        for (Path p : List.of(model, tokenizerJson))
            if (!Files.isRegularFile(p))
                throw new IllegalArgumentException(name + ": " + p + " does not exist; give the ONNX text model and its tokenizer.json "
                        + "(e.g. CLIP's text tower exported with Hugging Face Optimum: model.onnx + tokenizer.json)");
        try (InputStream tok = Files.newInputStream(tokenizerJson)) {
            return new OnnxTextEncoder(name, Files.readAllBytes(model), tok, pooling, output, normalise, maxTokens);
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot read " + model + " or " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    @Override public String name() { return name; }
    @Override public int dim() { return dim; }

    @Override
    public synchronized float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = encodeOne(texts.get(i));
        return out;
    }

    private float[] encodeOne(String text) {
        Encoding enc = tokenizer.encode(text);
        long[][] ids = {enc.getIds()}, mask = {enc.getAttentionMask()}, types = {enc.getTypeIds()};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String in : session.getInputNames()) {
                long[][] v = switch (in) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    case "token_type_ids" -> types;
                    default -> throw new IllegalArgumentException(name + ": the model wants an input '" + in
                            + "'; this encoder feeds input_ids, attention_mask and token_type_ids only");
                };
                inputs.put(in, OnnxTensor.createTensor(env, v));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                OnnxValue value = r.get(output).orElseThrow();
                float[] vector = pooled(value.getValue(), mask[0]);
                return normalise ? TextVectors.l2Normalised(vector) : vector;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(name + ": ONNX Runtime failed on \"" + text + "\": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[] pooled(Object value, long[] mask) {
        if (value instanceof float[][][] tokens && pooling == Pooling.MEAN) {
            float[] sum = new float[tokens[0][0].length];
            double count = 0;
            for (int t = 0; t < tokens[0].length; t++) {
                if (mask[t] == 0) continue;
                count++;
                for (int j = 0; j < sum.length; j++) sum[j] += tokens[0][t][j];
            }
            for (int j = 0; j < sum.length; j++) sum[j] = (float) (sum[j] / count);
            return sum;
        }
        if (value instanceof float[][] pooledRows && pooling == Pooling.OUTPUT) return pooledRows[0];
        throw new IllegalArgumentException(name + ": output '" + output + "' is " + value.getClass().getSimpleName()
                + ", which does not fit pooling " + pooling + " (MEAN needs (B, T, D) token states, OUTPUT a (B, D) vector)");
    }

    @Override
    public void close() {
        try { session.close(); } catch (OrtException e) { throw new IllegalStateException(e); }
        tokenizer.close();
    }
}
