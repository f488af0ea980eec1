package glimpse.experiment;

import glimpse.nn.Flops;
import glimpse.train.TrainResult;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Cost estimates against numbers worked by hand. */
class CostEstimateTest {
    /** A smoke run's result: 2 steps in 12 s of step loop. */
    static final TrainResult SMOKE = new TrainResult(2, 1f, new float[] {1f, 1f}, 12.0, 13.3, 0, 0, Map.of());

    static CostEstimate trainAndTest() {
        // training: 1000 steps × 80 images × 7.5 GFLOPs × 3 = 1.8e15; test: 600 episodes × 80 images × 7.5 GFLOPs = 3.6e14
        return CostEstimate.of("a section",
                CostEstimate.Stage.training("episodes", 1000, 80, 7.5e9).measured(SMOKE, 80),
                CostEstimate.Stage.evaluation("test", 600, 80, 7.5e9));
    }

    @Test
    void flopsAreStepsTimesImagesTimesForwardAndThreeTimesThatWhenTraining() {
        CostEstimate c = trainAndTest();
        assertEquals(1.8e15, c.stages().get(0).flops(), 1);
        assertEquals(3.6e14, c.stages().get(1).flops(), 1);
        assertEquals(2.16e15, c.flops(), 1);
    }

    @Test
    void gpuHoursAtTheAssumedRateAndItsBounds() {
        CostEstimate c = trainAndTest();
        // 2.16e15 / 30e12 = 72 s = 0.02 h; at 60 T 0.01 h, at 15 T 0.04 h
        assertEquals(0.02, c.gpuHours(), 1e-12);
        assertEquals(0.01, c.gpuHours(CostEstimate.GPU_FLOPS_FAST), 1e-12);
        assertEquals(0.04, c.gpuHours(CostEstimate.GPU_FLOPS_SLOW), 1e-12);
    }

    @Test
    void cpuHoursExtrapolateTheMeasuredStepByFlops() {
        CostEstimate c = trainAndTest();
        // measured 12 s / 2 steps = 6 s/step on 1.8e12 FLOPs/step → 3e11 FLOP/s; training 1000 × 6 = 6000 s,
        // test 3.6e14 / 3e11 = 1200 s; 7200 s = 2 h
        assertEquals(6.0, c.measuredCpuSecondsPerStep(), 1e-12);
        assertEquals(3e11, c.cpuFlopsPerSecond(), 1);
        assertEquals(2.0, c.cpuHours(), 1e-12);
        CostEstimate later = CostEstimate.of("a section", CostEstimate.Stage.training("episodes", 1000, 80, 7.5e9),
                CostEstimate.Stage.evaluation("test", 600, 80, 7.5e9)).measured("episodes", SMOKE, 80);
        assertEquals(c, later, "timing a stage afterwards gives the same estimate");
        var e = assertThrows(IllegalArgumentException.class, () -> later.measured("pretraining", SMOKE, 80));
        assertTrue(e.getMessage().contains("[episodes, test]"), e.getMessage());
        CostEstimate unmeasured = CostEstimate.of("x", CostEstimate.Stage.training("training", 1000, 80, 7.5e9));
        assertTrue(Double.isNaN(unmeasured.measuredCpuSecondsPerStep()) && Double.isNaN(unmeasured.cpuHours()));
        assertEquals(0.02 * 1.8e15 / 2.16e15, unmeasured.gpuHours(), 1e-12);
    }

    @Test
    void aSmokeRunOnACutBatchIsScaledToThePapersBatch() {
        // the smoke run took 6 s/step on 20 images; the paper's 80-image step is 4× its FLOPs: 24 s/step, 1000 steps
        // = 24,000 s; this machine's rate 1.8e12 FLOPs/step / 24 s = 7.5e10 FLOP/s times the test's 3.6e14: 4,800 s; 8 h in all
        CostEstimate c = CostEstimate.of("a section", CostEstimate.Stage.training("episodes", 1000, 80, 7.5e9).measured(SMOKE, 20),
                CostEstimate.Stage.evaluation("test", 600, 80, 7.5e9));
        assertEquals(24.0, c.measuredCpuSecondsPerStep(), 1e-12);
        assertEquals(7.5e10, c.cpuFlopsPerSecond(), 1);
        assertEquals((24_000 + 4_800) / 3600.0, c.cpuHours(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CostEstimate.Stage.training("s", 1, 1, 1).measured(SMOKE, 0));
    }

    @Test
    void describeSaysEachStageTheTotalAndTheAssumption() {
        String text = trainAndTest().toString();
        assertTrue(text.contains("episodes: 1,000 steps × 80 images × 7.50 GFLOPs forward × 3 (forward + backward) = 1.80 PFLOPs; measured here: 6.00 CPU s/step"), text);
        assertTrue(text.contains("test: 600 episodes × 80 images × 7.50 GFLOPs forward (forward only) = 360 TFLOPs"), text);
        assertTrue(text.contains("total 2.16 PFLOPs ≈ 0.02 GPU-hours on one modern GPU at an assumed 30 TFLOP/s sustained (0.01–0.04 h at 60–15 TFLOP/s)"), text);
        assertTrue(text.contains("CPU: 2 hours on this machine, extrapolated from the measured 6.00 s/step (300 GFLOP/s)"), text);
        assertTrue(CostEstimate.of("x", CostEstimate.Stage.training("training", 10, 1, 1e9)).toString().contains("CPU: not measured"));
        assertEquals("1,200", CostEstimate.hours(1234));
        assertEquals("0.0042", CostEstimate.hours(0.004201));
        assertEquals("20", CostEstimate.hours(19.96));
    }

    @Test
    void aPaperScaleRunInWholeNumbers() {
        // CTX-like: 30,000 episodes of 5×(5+15) = 100 images through the dilated ResNet-34 at 224 px
        CostEstimate c = CostEstimate.of("CTX", CostEstimate.Stage.training("training", 30_000, 100, Flops.resnet34(224, true)));
        assertEquals(30_000 * 100 * 3.0 * 11_180_015_616L, c.flops(), 1e3);
        assertEquals(c.flops() / 30e12 / 3600, c.gpuHours(), 1e-9);
    }

    @Test
    void badInputIsRefusedWithTheStageNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> CostEstimate.Stage.training("pretrain", 10, 0, 1e9));
        assertTrue(e.getMessage().contains("pretrain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CostEstimate.of("x"));
        assertThrows(IllegalArgumentException.class,
                () -> CostEstimate.Stage.training("s", 1, 1, 1).measured(new TrainResult(0, Float.NaN, new float[0], 0, 0, 0, 0, Map.of()), 1));
    }
}
