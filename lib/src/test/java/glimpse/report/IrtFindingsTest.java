package glimpse.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static glimpse.report.FindingsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class IrtFindingsTest {
    static final float[] RATES = {3e-4f, 1e-4f, 3e-5f};

    @Test
    void learningRateProbeSeparatesStepSizeFromAGeneralLoss() {
        var l = "IRT_L ResNet/mean";
        assertTrue(IrtFindings.learningRate(RATES, List.of(retrieval(l, LOSS, CONVERGED), retrieval(l, NOTHING, CONVERGED), retrieval(l, GAIN, CONVERGED)))
                .contains("R@1 on glyphs: lr 3e-04: -5.5 ± 1.2 pp (IRT_O ResNet/mean better); lr 1e-04"));
        assertTrue(IrtFindings.learningRate(RATES, List.of(retrieval(l, LOSS, CONVERGED), retrieval(l, NOTHING, CONVERGED), retrieval(l, GAIN, CONVERGED)))
                .contains("the step size explains it"));
        assertTrue(IrtFindings.learningRate(RATES, List.of(retrieval(l, LOSS, CONVERGED), retrieval(l, LOSS, CONVERGED), retrieval(l, LOSS, CONVERGED)))
                .contains("loses at every rate"));
        assertTrue(IrtFindings.learningRate(RATES, List.of(retrieval(l, NOTHING, CONVERGED), retrieval(l, NOTHING, CONVERGED), retrieval(l, NOTHING, CONVERGED)))
                .contains("No rate gives a difference"));
        assertTrue(IrtFindings.learningRate(RATES, List.of(retrieval(l, NOTHING, FALLING), retrieval(l, NOTHING, CONVERGED), retrieval(l, NOTHING, CONVERGED)))
                .contains("cannot decide"));
        assertTrue(IrtFindings.learningRate(RATES, List.of(retrieval(l, NOTHING, CONVERGED), retrieval(l, GAIN, CONVERGED), retrieval(l, NOTHING, CONVERGED)))
                .contains("gains at some rate"));
    }

    @Test
    void fineTuningCountsGainsLossesAndUnsettledRuns() {
        String none = IrtFindings.fineTuning(List.of(retrieval("IRT_L ViT/CLS", LOSS, CONVERGED), retrieval("IRT_L ResNet/mean", NOTHING, FALLING)));
        assertTrue(none.contains("lower on glyphs ViT/CLS -5.5 ± 1.2 pp"), none);
        assertTrue(none.contains("not converged, so no test: glyphs ResNet/mean (still falling)"), none);
        assertTrue(none.contains("did not improve on the pre-trained start"), none);
        assertTrue(IrtFindings.fineTuning(List.of(retrieval("IRT_L ViT/CLS", GAIN, CONVERGED))).contains("learned something on 1 of 1"));
        assertTrue(IrtFindings.fineTuning(List.of(retrieval("IRT_L ViT/CLS", GAIN, FALLING))).contains("cannot tell whether fine-tuning learned anything"));
    }

    @Test
    void memoryFillsNeverLateOrEarly() {
        assertTrue(IrtFindings.memory("glyphs", 2000, 32, 50).contains("On glyphs the memory never fills: 50 steps of 32 embeddings put 1600 of its 2000 entries in (80.0 %)"));
        assertTrue(IrtFindings.memory("glyphs", 1000, 32, 50).contains("full from step 32 of 50: more than half"));   // ⌈1000/32⌉ = 32
        assertTrue(IrtFindings.memory("glyphs", 320, 32, 50).contains("full from step 10 of 50; its last half"));
        assertTrue(IrtFindings.memory("glyphs", 0, 32, 50).contains("no cross-batch memory"));
    }

    /** A fine-tuned result whose curves fall (per pair) and whose positive half rises or falls as asked. */
    static glimpse.method.retrieval.RetrievalResult fineTuned(String label, boolean positivesRise) {
        int n = 80;
        float[] perPair = new float[n], pull = new float[n], push = new float[n], fill = new float[n];
        for (int i = 0; i < n; i++) {
            perPair[i] = 0.1f - i / 1000f;
            pull[i] = positivesRise ? 0.6f + i / 400f : 0.6f - i / 400f;
            push[i] = 0.1f - i / 1000f;
            fill[i] = 1f;
        }
        var seed = new glimpse.method.retrieval.RetrievalResult.SeedResult(1, new int[] {1}, new double[] {1}, new double[] {1}, perPair,
                java.util.Map.of(glimpse.method.retrieval.RetrievalLoss.PER_PAIR, perPair, glimpse.method.retrieval.RetrievalLoss.PULL_PER_POSITIVE, pull,
                        glimpse.method.retrieval.RetrievalLoss.PUSH_PER_NEGATIVE, push, glimpse.method.retrieval.RetrievalLoss.MEMORY_FILL, fill), 1, 1, List.of(), n);
        return new glimpse.method.retrieval.RetrievalResult(label, "IRT_L", "ViT/CLS", "glyphs", "dataset", 1, new int[0], new int[0][], List.of(seed), 2000, 2000, 32);
    }

    @Test
    void ownLossSaysWhetherTheLossFellAndWhetherPositivesWereLeftBehind() {
        String pushed = IrtFindings.ownLoss(List.of(fineTuned("IRT_L ViT/CLS", true), fineTuned("IRT_L ResNet/mean", true)));
        // first quarter of 0.1 − i/1000 over i < 20: 0.1 − 0.0095; last (i ≥ 60): 0.1 − 0.0695
        assertTrue(pushed.contains("glyphs IRT_L ViT/CLS 0.0905 → 0.0305 (still falling; positive pair 0.62 → 0.77"), pushed);
        assertTrue(pushed.contains("It fell in every run"), pushed);
        assertTrue(pushed.contains("in 2 of 2 runs a positive pair's loss rose while a negative pair's fell"), pushed);
        String together = IrtFindings.ownLoss(List.of(fineTuned("IRT_L ViT/CLS", false)));
        assertFalse(together.contains("positive pair's loss rose"), together);
    }

    @Test
    void causesNameTheArmsUnderWhichTheLossDisappears() {
        String some = IrtFindings.causes("β", List.of(retrieval("IRT_L ViT/CLS, β 0.3", LOSS, CONVERGED), retrieval("IRT_L ViT/CLS, β 0.7", NOTHING, CONVERGED)));
        assertTrue(some.contains("lower for IRT_L ViT/CLS, β 0.3 -5.5 ± 1.2 pp; not lower for IRT_L ViT/CLS, β 0.7 +0.3 ± 12.5 pp (no clear difference)"), some);
        assertTrue(some.contains("candidate causes"), some);
        assertTrue(IrtFindings.causes("β", List.of(retrieval("a", LOSS, CONVERGED), retrieval("b", LOSS, CONVERGED))).contains("No change tried removes the loss"));
        assertTrue(IrtFindings.causes("β", List.of(retrieval("a", GAIN, CONVERGED))).contains("does not reproduce the loss"));
        assertTrue(IrtFindings.causes("β", List.of(retrieval("a", NOTHING, FALLING))).contains("1 arm had not converged"));
    }

    @Test
    void memorySentenceFromTheResultSaysWhetherItIsTheTrainingSet() {
        String s = IrtFindings.memory(fineTuned("IRT_L ViT/CLS", true));
        assertTrue(s.contains("the memory (2000 entries, 32 added per step) is full from step 63 of 80: more than half"), s);
        assertTrue(s.contains("It has the training set's size (2000 images), as in the paper; convergence is judged on the steps after it is full"), s);
    }
}
