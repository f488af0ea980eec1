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

    /**
     * A run of {@code steps} steps over two seeds whose per-pair curve is flat at 0.01 until its last quarter, then at
     * 0.01 × (1 + change) — so the quarter test reads exactly {@code change} with no noise — and whose seeds find a
     * same-class first neighbour for {@code hits[s]} of 10 queries.
     */
    static glimpse.method.retrieval.RetrievalResult run(int steps, double change, int... hits) {
        float[] perPair = new float[steps], fill = new float[steps];
        for (int i = 0; i < steps; i++) { perPair[i] = i >= steps - steps / 4 ? (float) (0.01 * (1 + change)) : 0.01f; fill[i] = 1f; }
        List<glimpse.method.retrieval.RetrievalResult.SeedResult> seeds = new java.util.ArrayList<>();
        for (int s = 0; s < hits.length; s++) {
            int[] rank = new int[10];
            for (int q = 0; q < 10; q++) rank[q] = q < hits[s] ? 0 : 5;   // items ranked before the first same-class one
            seeds.add(new glimpse.method.retrieval.RetrievalResult.SeedResult(s + 1, rank, new double[10], new double[] {1}, steps == 0 ? new float[0] : perPair,
                    steps == 0 ? java.util.Map.of() : java.util.Map.of(glimpse.method.retrieval.RetrievalLoss.PER_PAIR, perPair, glimpse.method.retrieval.RetrievalLoss.MEMORY_FILL, fill),
                    1, 1, List.of(), steps));
        }
        return new glimpse.method.retrieval.RetrievalResult(steps == 0 ? "IRT_O ViT/CLS" : "IRT_L ViT/CLS", steps == 0 ? "IRT_O" : "IRT_L", "ViT/CLS", "glyphs", "dataset",
                10, new int[0], new int[0][], seeds, 2000, 2000, 32);
    }

    static String length(glimpse.method.retrieval.RetrievalResult... runs) {
        var start = run(0, 0, 7, 7, 7);
        return IrtFindings.length(List.of(runs), java.util.Arrays.stream(runs).map(r -> RetrievalResults.paired(r, start)).toList());
    }

    @Test
    void lengthProbeTellsMemorisingFromSettlingFromSlowing() {
        // the fall steepens (−7 % → −30 %) and R@1 drops from 7, 6, 7 to 4, 3, 4 of 10 queries: −3 of 10 for every seed, so that interval is 0 wide
        String memorising = length(run(300, -0.07, 7, 6, 7), run(1200, -0.30, 4, 3, 4));
        assertTrue(memorising.contains("by length: Eq. 1 per pair's change over the last quarter, and R@1 − IRT_O: 300 steps -7.0 % (still falling), -3.3 ± 14.3 pp;"
                + " 1200 steps -30.0 % (still falling), -33.3 ± 14.3 pp."), memorising);
        assertTrue(memorising.contains("while R@1 drops by -30.0 ± 0.0 pp (1200 − 300 steps, paired by seed): the longer runs fit the 2000 training images"), memorising);
        assertFalse(memorising.contains("passes the quarter test"), memorising);
        String settles = length(run(300, -0.07, 7, 7, 7), run(600, -0.01, 8, 8, 8), run(1200, -0.005, 8, 8, 8));
        assertTrue(settles.contains("It settles by 600 steps and stays settled at every longer length; there R@1 − IRT_O is +10.0 ± 0.0 pp"), settles);
        // the shortest run passes (−1.5 %), the longer ones do not: its pass is no plateau
        String shortPass = length(run(150, -0.015, 7, 6, 7), run(300, -0.07, 7, 7, 7), run(1200, -0.30, 4, 3, 4));
        assertTrue(shortPass.contains("150 steps -1.5 % (converged)"), shortPass);
        assertTrue(shortPass.contains("the longer runs fit the 2000 training images"), shortPass);
        assertTrue(shortPass.contains("The 150-step run passes the quarter test, yet a longer run still falls"), shortPass);
        String slowing = length(run(300, -0.10, 7, 7, 7), run(1200, -0.04, 7, 7, 7));
        assertTrue(slowing.contains("Its fall slows with length (-10.0 % → -4.0 % over the last quarter) but has not settled by 1200 steps"), slowing);
        String steady = length(run(300, -0.07, 7, 7, 7), run(1200, -0.30, 7, 8, 6));   // steeper, but R@1 does not drop
        assertTrue(steady.contains("no plateau in sight"), steady);
        assertThrows(IllegalArgumentException.class, () -> IrtFindings.length(List.of(run(300, -0.07, 7, 7, 7)), List.of()));
    }

    @Test
    void unseenStartSaysWhetherThePretrainingsOverlapWithFineTuningExplainsItsLoss() {
        var seenO = run(0, 0, 7, 7, 7);
        String overlap = IrtFindings.unseenStart(seenO, run(150, -0.01, 6, 6, 6), run(0, 0, 5, 5, 5), run(150, -0.01, 7, 7, 7));
        assertTrue(overlap.contains("IRT_O's R@1 is 70.00 ± 0.00 % from the workbook's start (pre-trained on every base class, the fine-tuning classes among them)"
                + " and 50.0 ± 0.0 % from one pre-trained without them; pre-training on those classes changes the start's own R@1 by +20.0 pp (one"
                + " pre-training each, so no seed interval). IRT_L − IRT_O (150 steps, paired by seed) is -10.0 ± 0.0 pp from the first start and"
                + " +20.0 ± 0.0 pp from the second."), overlap);
        assertTrue(overlap.contains("Fine-tuning raises R@1 from a start that has not seen its classes and not from one that has"), overlap);
        assertFalse(overlap.contains("not converged"), overlap);
        assertTrue(IrtFindings.unseenStart(seenO, run(150, -0.01, 6, 6, 6), run(0, 0, 5, 5, 5), run(150, -0.01, 4, 4, 4)).contains("does not explain"));
        assertTrue(IrtFindings.unseenStart(seenO, run(150, -0.01, 8, 8, 8), run(0, 0, 5, 5, 5), run(150, -0.01, 7, 7, 7)).contains("from both starts"));
        String unsettled = IrtFindings.unseenStart(seenO, run(150, -0.30, 7, 6, 8), run(0, 0, 5, 5, 5), run(150, -0.30, 5, 6, 4));
        assertTrue(unsettled.contains("cannot say whether the overlap matters (the fine-tuning had not converged"), unsettled);
    }
}
