package glimpse.report;

import glimpse.eval.PaperEffect;
import glimpse.method.semanticprompt.PromptAttention;
import org.junit.jupiter.api.Test;

import java.util.List;

import static glimpse.report.FindingsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class SpFindingsTest {
    /** A 2×2 grid: the prompt's weights on patches 0, 1 (upper row) and 2, 3, and each patch's weight on the prompt. */
    static PromptAttention look(float[] promptToPatch, float patchToPrompt) {
        return new PromptAttention(new int[] {0}, List.of("latin small letter e with acute"), 2,
                new float[][] {{patchToPrompt, patchToPrompt, patchToPrompt, patchToPrompt}}, new float[][] {promptToPatch}, new float[] {0.2f});
    }

    @Test
    void accentReadsTheUpperHalfShareAgainstUniform() {
        var upper = look(new float[] {0.3f, 0.3f, 0.1f, 0.1f}, 0.5f);   // 0.6 / 0.8 = 75 % on the upper half
        assertArrayEquals(new double[] {0.75}, SpFindings.upperHalfShare(upper), 1e-6);
        String s = SpFindings.accent(upper);
        assertTrue(s.contains("On 1 letters (1 of them accented)") && s.contains("75.0 %") && s.contains("leans towards the upper half"), s);
        assertTrue(s.contains("more than to an average token"), s);   // 0.5 > 2 · 1/5
        String away = SpFindings.accent(look(new float[] {0.1f, 0.1f, 0.3f, 0.3f}, 0.05f));
        assertTrue(away.contains("leans away") && away.contains("nearly ignore"), away);
        String flat = SpFindings.accent(look(new float[] {0.2f, 0.2f, 0.2f, 0.2f}, 0.2f));
        assertTrue(flat.contains("no preference") && flat.contains("about as to any other token"), flat);
    }

    @Test
    void textMeaningSaysNotSemanticOnlyWhenBothControlsAgree() {
        var trueEqualsShuffled = fewShot("SP", "SP, shuffled texts", 1, NOTHING);
        var randomAsGood = fewShot("SP, random", "SP", 1, new double[] {0.02});
        assertTrue(SpFindings.textMeaning(trueEqualsShuffled, randomAsGood).contains("does not use what the text says"));
        var trueBetter = fewShot("SP", "SP, shuffled texts", 1, GAIN);
        var randomWorse = fewShot("SP, random", "SP", 1, new double[] {-0.05});
        assertTrue(SpFindings.textMeaning(trueBetter, randomWorse).contains("the meaning of the class text matters"));
        assertTrue(SpFindings.textMeaning(trueBetter, randomAsGood).contains("disagree"));
        assertFalse(SpFindings.textMeaning(trueBetter, null).contains("Random"));
    }

    @Test
    void headlineCarriesTheVerdict() {
        var underpowered = fewShot("SP", "baseline", 1, NOTHING, CONVERGED, PaperEffect.points(3.67, "abstract"));
        assertTrue(SpFindings.headline(underpowered).contains("no difference could have been seen"), SpFindings.headline(underpowered));
        assertTrue(SpFindings.headline(fewShot("SP", "baseline", 1, LOSS, CONVERGED, PaperEffect.points(3.67, "abstract"))).contains("baseline is better, against"));
    }
}
