package glimpse.method.retrieval;

import glimpse.eval.Convergence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RetrievalResultTest {

    /** A seed of {@code steps} logged steps whose memory is full from index {@code fullFrom} on. */
    static RetrievalResult.SeedResult seed(float[] total, float[] perPair, int fullFrom) {
        float[] fill = new float[total.length];
        for (int i = 0; i < fill.length; i++) fill[i] = i >= fullFrom ? 1f : (float) (i + 1) / (fullFrom + 1);
        return new RetrievalResult.SeedResult(1, new int[] {1}, new double[] {1}, new double[] {1}, total,
                Map.of(RetrievalLoss.PER_PAIR, perPair, RetrievalLoss.MEMORY_FILL, fill), 1, 1, List.of(), total.length);
    }

    @Test
    void convergenceIsJudgedOnThePerPairCurveOnceTheMemoryIsFull() {
        int n = 80, fullAt = 50;
        float[] total = new float[n], perPair = new float[n];
        for (int i = 0; i < n; i++) {
            total[i] = 1 + i;                                // the sum over a filling memory: rising throughout
            perPair[i] = i < fullAt ? 1f - i / 80f : 0.375f;  // falls while the memory fills, flat once it is full
        }
        assertEquals(Convergence.Status.RISING, Convergence.of(total).status(), "the total alone would read as rising");
        // the whole curve's third quarter (steps 40–59) straddles the fill: 0.409 against 0.375, −8 %
        assertEquals(Convergence.Status.STILL_FALLING, Convergence.of(perPair).status(), "quarters straddling the fill would read as falling");
        assertEquals(Convergence.Status.CONVERGED, seed(total, perPair, fullAt).convergence().status());
        float[] stillFalling = perPair.clone();
        for (int i = fullAt; i < n; i++) stillFalling[i] = 0.375f - (i - fullAt) / 100f;
        assertEquals(Convergence.Status.STILL_FALLING, seed(total, stillFalling, fullAt).convergence().status());
    }

    @Test
    void aMemoryThatNeverFillsLeavesNothingToJudgeAndNoTrainingIsNotTrained() {
        float[] flat = new float[40];
        java.util.Arrays.fill(flat, 0.3f);
        assertEquals(Convergence.Status.TOO_SHORT, seed(flat, flat, 1000).convergence().status());
        var untrained = new RetrievalResult.SeedResult(1, new int[] {1}, new double[] {1}, new double[] {1}, new float[0], Map.of(), 0, 0);
        assertEquals(Convergence.Status.NOT_TRAINED, untrained.convergence().status());
    }

    @Test
    void theMemorySaysWhetherItIsTheTrainingSetAndWhenItFills() {
        float[] flat = new float[300];
        var s = new RetrievalResult.SeedResult(1, new int[] {1}, new double[] {1}, new double[] {1}, flat, Map.of(), 1, 1, List.of(), 300);
        var full = new RetrievalResult("r", "IRT_R", "ViT/CLS", "glyphs", "dataset", 1, new int[0], new int[0][], List.of(s), 2000, 2000, 32);
        assertEquals(63, full.memoryFullAtStep());                 // ⌈2000 / 32⌉
        assertEquals("2000 entries = the training set's 2000 images, full from step 63 of 300", full.memoryFill());
        var s40 = new RetrievalResult.SeedResult(1, new int[] {1}, new double[] {1}, new double[] {1}, flat, Map.of(), 1, 1, List.of(), 40);
        var never = new RetrievalResult("r", "IRT_R", "ViT/CLS", "glyphs", "dataset", 1, new int[0], new int[0][], List.of(s40), 2000, 2000, 32);
        assertEquals("2000 entries = the training set's 2000 images, never full: 40 steps × 32 put 1280 in", never.memoryFill());
        var none = new RetrievalResult("r", "IRT_R", "ViT/CLS", "glyphs", "none", 1, new int[0], new int[0][], List.of(s), 0, 2000, 32);
        assertEquals("no memory", none.memoryFill());
    }
}
