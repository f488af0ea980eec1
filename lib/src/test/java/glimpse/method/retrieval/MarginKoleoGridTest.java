package glimpse.method.retrieval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MarginKoleoGridTest {

    /** A result whose seeds have the given first-hit ranks (R@1 = share of rank 0). */
    static RetrievalResult result(int[]... ranksPerSeed) {
        List<RetrievalResult.SeedResult> seeds = new java.util.ArrayList<>();
        for (int s = 0; s < ranksPerSeed.length; s++)
            seeds.add(new RetrievalResult.SeedResult(s + 1, ranksPerSeed[s], new double[ranksPerSeed[s].length], new double[] {1}, new float[0], Map.of(), 0, 0));
        return new RetrievalResult("r", "IRT_R", "ViT/CLS", "d", "dataset", ranksPerSeed[0].length, new int[0], new int[0][], seeds);
    }

    @Test
    void theHeatMapCellsAreEachCellsMeanRecallOverSeeds() {
        // β 0.3: λ 0 → seeds R@1 1/4 and 3/4 (mean 50 %); λ 0.7 → 2/4 and 2/4 (50 %)
        // β 0.5: λ 0 → 0/4 and 1/4 (12.5 %); λ 0.7 → 4/4 and 3/4 (87.5 %)
        var grid = new MarginKoleoGrid(new double[] {0.3, 0.5}, new double[] {0, 0.7}, List.of(
                List.of(result(new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 9}), result(new int[] {0, 0, 5, 5}, new int[] {5, 0, 0, 5})),
                List.of(result(new int[] {1, 1, 1, 1}, new int[] {0, 2, 2, 2}), result(new int[] {0, 0, 0, 0}, new int[] {0, 0, 1, 0}))));
        double[][] cells = grid.meanRecallPercent(1);
        assertArrayEquals(new double[] {50, 50}, cells[0], 1e-12);
        assertArrayEquals(new double[] {12.5, 87.5}, cells[1], 1e-12);
        // R@2 counts ranks 0 and 1: β 0.5, λ 0 → 4/4 and 1/4
        assertEquals(62.5, grid.meanRecallPercent(2)[1][0], 1e-12);
        assertSame(grid.cells().get(1).get(0), grid.at(1, 0));
    }
}
