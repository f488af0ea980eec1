package glimpse.method.tasn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class DistillationTest {
    @Test
    void zeroLogitsGiveLogClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            float got = Distillation.paper().softCrossEntropy(m.zeros(new Shape(3, 5)), m.zeros(new Shape(3, 5))).getFloat();
            assertEquals(Math.log(5), got, 1e-5);
        }
    }

    @Test
    void atLeastThePartEntropyWithEqualityForAConstantShift() {
        Random r = new Random(11);
        int b = 4, k = 6;
        float t = 10f;
        float[] part = new float[b * k], master = new float[b * k], shifted = new float[b * k];
        for (int i = 0; i < b * k; i++) {
            part[i] = (float) (r.nextGaussian() * 20);
            master[i] = (float) (r.nextGaussian() * 20);
            shifted[i] = part[i] + 3.5f * (1 + i / k);       // a different constant per row
        }
        double entropy = 0;
        for (int n = 0; n < b; n++) {
            double max = -Double.MAX_VALUE, z = 0;
            for (int c = 0; c < k; c++) max = Math.max(max, part[n * k + c] / t);
            for (int c = 0; c < k; c++) z += Math.exp(part[n * k + c] / t - max);
            for (int c = 0; c < k; c++) {
                double p = Math.exp(part[n * k + c] / t - max) / z;
                entropy -= p * Math.log(p) / b;
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Distillation d = Distillation.paper();
            double soft = d.softCrossEntropy(m.create(master, new Shape(b, k)), m.create(part, new Shape(b, k))).getFloat();
            double equal = d.softCrossEntropy(m.create(shifted, new Shape(b, k)), m.create(part, new Shape(b, k))).getFloat();
            assertTrue(soft > entropy + 1e-3, soft + " should exceed the entropy " + entropy);
            assertEquals(entropy, equal, 1e-5);
        }
    }
}
