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
}
