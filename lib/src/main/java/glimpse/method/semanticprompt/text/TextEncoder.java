package glimpse.method.semanticprompt.text;

import java.util.List;

/**
 * A frozen text encoder: one vector per text (Semantic Prompt, arXiv 2303.14123 §3.2: "the text
 * encoder is pre-trained and frozen"). Implementations are deterministic, so features can be
 * computed once per (encoder, text) and cached ({@link CachedTextEncoder}).
 *
 * <p>Why this package sits under {@code method.semanticprompt} and not {@code nn}: only Semantic
 * Prompt reads class texts, and the ONNX Runtime / tokenizer dependencies should not leak into the
 * shared network layer that every method builds on.
 */
public interface TextEncoder {
    /** A stable name: shown in tables and part of cache keys, so it changes when the encoder does. */
    String name();

    /** Width d of every vector. */
    int dim();

    /** One d-vector per text, in order. */
    float[][] encode(List<String> texts);
}
