package glimpse.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LossTermsTest {

    @Test
    void aMonitoredValueIsRecordedButNeverPartOfTheTotal() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossTerms t = LossTerms.of("a", m.create(1.5f)).and("b", m.create(2f)).monitor("per pair", m.create(100f));
            assertEquals(3.5f, t.total().getFloat());
            assertEquals(100f, t.monitors().get("per pair").getFloat());
            assertFalse(t.terms().containsKey("per pair"));
            assertThrows(IllegalArgumentException.class, () -> t.monitor("a", m.create(0f)), "a name already a term");
            assertThrows(IllegalArgumentException.class, () -> t.and("per pair", m.create(0f)), "a name already monitored");
            assertThrows(IllegalArgumentException.class, () -> t.monitor("v", m.create(new float[] {1, 2})), "not a scalar");
        }
    }

    @Test
    void thinningCoversEveryStepWhenTheStepsAreNotAMultipleOfThePoints() {
        float[] steps = new float[300];
        for (int i = 0; i < steps.length; i++) steps[i] = i;
        float[] thin = TrainResult.thin(steps, 200);
        assertEquals(200, thin.length);
        assertEquals(0f, thin[0]);                  // bin 0: step 0 alone (⌊200·0/200⌋ … ⌊300/200⌋ = 1)
        assertEquals(298.5f, thin[199]);            // the last bin holds the last steps, 298 and 299
        double mean = 0;
        for (int i = 0; i < 200; i++) mean += thin[i] / 200.0;
        assertTrue(mean > 140 && mean < 160, "the bins span the whole run: mean of bin means " + mean);
    }
}
