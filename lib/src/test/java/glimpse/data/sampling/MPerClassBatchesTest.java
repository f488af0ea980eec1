package glimpse.data.sampling;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MPerClassBatchesTest {
    /** 10 classes of uneven sizes (3..12 images), interleaved. */
    static int[] labels() {
        java.util.List<Integer> ys = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) for (int k = 0; k < 3 + c; k++) ys.add(c);
        java.util.Collections.shuffle(ys, new java.util.Random(1));
        return ys.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void everyBatchHasMDistinctImagesOfEachOfItsClasses() {
        int[] y = labels();
        MPerClassBatches order = new MPerClassBatches(y, 12, 3, 5);
        Set<Integer> classesSeen = new HashSet<>();
        for (int step = 0; step < 200; step++) {
            int[] idx = order.indices(step);
            assertEquals(12, idx.length);
            assertEquals(12, java.util.Arrays.stream(idx).distinct().count(), "no image twice in a batch");
            Map<Integer, Integer> perClass = new HashMap<>();
            for (int i : idx) perClass.merge(y[i], 1, Integer::sum);
            assertEquals(4, perClass.size(), "batch / m classes");
            perClass.values().forEach(n -> assertEquals(3, n));
            for (int k = 0; k < 12; k += 3) assertTrue(y[idx[k]] == y[idx[k + 1]] && y[idx[k]] == y[idx[k + 2]], "class by class");
            classesSeen.addAll(perClass.keySet());
        }
        assertEquals(10, classesSeen.size(), "every class is drawn over 200 steps");
    }

    @Test
    void isAPureFunctionOfSeedAndStep() {
        int[] y = labels();
        MPerClassBatches a = new MPerClassBatches(y, 8, 2, 9), b = new MPerClassBatches(y, 8, 2, 9), c = new MPerClassBatches(y, 8, 2, 10);
        int[] later = a.indices(17);
        for (int s = 0; s < 17; s++) a.indices(s);
        assertArrayEquals(later, a.indices(17), "no hidden state");
        assertArrayEquals(later, b.indices(17));
        assertFalse(java.util.Arrays.equals(later, c.indices(17)));
        assertFalse(java.util.Arrays.equals(a.indices(3), a.indices(4)));
    }

    @Test
    void tooSmallClassesOrTooFewClassesAreClearErrors() {
        var small = assertThrows(IllegalArgumentException.class, () -> new MPerClassBatches(labels(), 8, 4, 0));
        assertTrue(small.getMessage().contains("class 0 has 3 image(s), fewer than m = 4"), small.getMessage());
        var few = assertThrows(IllegalArgumentException.class, () -> new MPerClassBatches(labels(), 44, 2, 0));
        assertTrue(few.getMessage().contains("needs 22 classes, the set has 10"), few.getMessage());
        var ratio = assertThrows(IllegalArgumentException.class, () -> new MPerClassBatches(labels(), 10, 3, 0));
        assertTrue(ratio.getMessage().contains("multiple of m = 3"), ratio.getMessage());
    }
}
