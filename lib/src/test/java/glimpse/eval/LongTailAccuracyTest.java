package glimpse.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LongTailAccuracyTest {

    @Test
    void shotGroupsUseThePapersThresholds() {
        int[] counts = {500, 101, 100, 20, 19, 1};
        ClassGroups g = ClassGroups.shots(counts);
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, g.groupOfClass());
        assertEquals(Metric.SHOTS, g.groups());
        assertTrue(ClassGroups.shotsApply(counts));
        assertFalse(ClassGroups.shotsApply(new int[] {500, 387, 299, 50}), "no few-shot class");
        assertEquals(ClassGroups.Scheme.THIRDS, ClassGroups.auto(new int[] {500, 387, 299, 50}).scheme());
        assertEquals(ClassGroups.Scheme.SHOTS, ClassGroups.auto(counts).scheme());
    }

    @Test
    void thirdsRankClassesByTrainingCountNotByIndex() {
        // ten classes in scrambled order: the 4 largest are head, the next 3 middle, the 3 smallest tail
        int[] counts = {5, 500, 64, 299, 13, 179, 8, 107, 38, 23};
        ClassGroups g = ClassGroups.thirds(counts);
        assertArrayEquals(new int[] {1, 3, 5, 7}, g.classesIn(0));
        assertArrayEquals(new int[] {2, 8, 9}, g.classesIn(1));
        assertArrayEquals(new int[] {0, 4, 6}, g.classesIn(2));
        // ties are broken by class index, so the split is deterministic
        assertArrayEquals(new int[] {0, 0, 1, 2}, ClassGroups.thirds(new int[] {9, 9, 9, 9}).groupOfClass());
        assertThrows(IllegalArgumentException.class, () -> ClassGroups.thirds(new int[] {3, 2}));
    }

    @Test
    void accuracyOverallPerClassAndPerGroupAsCountedByHand() {
        int[] trainCounts = {300, 200, 30, 5};   // many, many, medium, few
        int[] labels =    {0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 3};
        int[] predicted = {0, 0, 0, 1, 1, 0, 2, 0, 0, 3, 3};
        LongTailAccuracy a = LongTailAccuracy.of(predicted, labels, trainCounts, ClassGroups.shots(trainCounts));
        assertEquals(7 / 11.0, a.overall(), 1e-12);
        assertArrayEquals(new double[] {3 / 4.0, 1 / 2.0, 1 / 3.0, 1.0}, a.perClass(), 1e-12);
        assertEquals(4 / 6.0, a.group(Metric.MANY), 1e-12, "images of classes 0 and 1: 3 + 1 correct of 6");
        assertEquals(1 / 3.0, a.group(Metric.MEDIUM), 1e-12);
        assertEquals(1.0, a.group(Metric.FEW), 1e-12);
        assertEquals(Metric.SHOTS, List.copyOf(a.byGroup().keySet()));
    }

    @Test
    void aGroupWithoutTestImagesIsNaNAndBadLabelsAreRefused() {
        int[] counts = {300, 50, 5};
        LongTailAccuracy a = LongTailAccuracy.of(new int[] {0, 1}, new int[] {0, 1}, counts, ClassGroups.shots(counts));
        assertTrue(Double.isNaN(a.group(Metric.FEW)));
        assertTrue(Double.isNaN(a.perClass()[2]));
        assertThrows(IllegalArgumentException.class, () -> LongTailAccuracy.of(new int[] {0}, new int[] {3}, counts, ClassGroups.shots(counts)));
        assertThrows(IllegalArgumentException.class, () -> LongTailAccuracy.of(new int[] {0, 1}, new int[] {0}, counts, ClassGroups.shots(counts)));
    }
}
