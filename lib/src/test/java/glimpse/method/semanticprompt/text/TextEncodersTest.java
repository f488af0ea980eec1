package glimpse.method.semanticprompt.text;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The real sentence encoder: determinism, its own geometry, and langchain4j's pipeline as an independent computation. */
class TextEncodersTest {
    static OnnxTextEncoder miniLm;
    static final String ACUTE = "latin small letter e with acute", GRAVE = "latin small letter e with grave", ZHE = "cyrillic capital letter zhe";

    @BeforeAll static void load() { miniLm = MiniLmEncoder.load(); }
    @AfterAll static void close() { miniLm.close(); }

    @Test
    void miniLmIsDeterministicUnitNormAnd384Wide() {
        float[][] a = miniLm.encode(List.of(ACUTE, ZHE)), b = miniLm.encode(List.of(ACUTE, ZHE));
        assertEquals(384, miniLm.dim());
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertEquals(1.0, TextVectors.norm(a[0]), 1e-5);
        assertFalse(java.util.Arrays.equals(a[0], a[1]));
    }

    @Test
    void accentNeighboursAreCloserThanAnotherScript() {
        float[][] v = miniLm.encode(List.of(ACUTE, GRAVE, ZHE));
        double near = TextVectors.cosine(v[0], v[1]), far = TextVectors.cosine(v[0], v[2]);
        assertTrue(near > far, "cos(acute, grave) = " + near + " should exceed cos(acute, zhe) = " + far);
        float[][] p = miniLm.encode(List.of(ClassTexts.prompt(ACUTE), ClassTexts.prompt(GRAVE), ClassTexts.prompt(ZHE)));
        assertTrue(TextVectors.cosine(p[0], p[1]) > TextVectors.cosine(p[0], p[2]), "the same order holds with the prompt");
    }

    @Test
    void matchesLangchain4jsOwnPipelineOnTheSameModel() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String t : List.of(ClassTexts.prompt(ACUTE), ClassTexts.prompt("Ankle boot"), ZHE)) {
            float[] ours = miniLm.encode(List.of(t))[0];
            float[] theirs = reference.embed(TextSegment.from(t)).content().vector();
            assertEquals(1.0, TextVectors.cosine(ours, theirs), 1e-4, t);
        }
    }
}
