package glimpse.report;

import glimpse.data.fixtures.BenchmarkFixtures;
import glimpse.method.batchformer.BatchFormerRecipe.Benchmark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 03's paper section in smoke mode on the CIFAR fixtures: every arm of the paper recipe
 * (ResNet-32, CIFAR augmentation, the 200-epoch schedule cut to 2 steps) trains and is scored, and
 * the section's tables come out in the paper's shape with finite numbers.
 */
class BatchFormerPaperSmokeTest {
    private final List<String> set = new ArrayList<>();

    @AfterEach void restore() { set.forEach(System::clearProperty); }

    private void property(String key, String value) { System.setProperty(key, value); set.add(key); }

    /**
     * ResNet-32's forward FLOPs at 32 px by hand (2 per multiply-add): the stem 2·16·32²·3·9 = 884,736; stage 1,
     * ten 16→16 convs at 32² = 10 · 4,718,592; stages 2 and 3, a first conv 2,359,296 (16→32 at 16², 32→64 at 8²)
     * and nine of 4,718,592 each; the 10-way head 2·64·10.
     */
    @Test
    void resnet32FlopsByHand() {
        long convs = 884_736L + 10 * 4_718_592L + 2 * (2_359_296L + 9 * 4_718_592L);
        assertEquals(convs + 1_280, BatchFormerPaper.resnet32Flops(10));
        var cost = BatchFormerPaper.cost(Benchmark.CIFAR100_LT, new double[] {100}, Double.NaN);
        // 200 epochs × ⌊10,847 / 128⌋ = 84 steps × 2 losses × 3 seeds per arm
        assertEquals(200L * 84 * 6, cost.stages().get(0).steps());
        assertTrue(cost.gpuHours() > 0 && cost.gpuHours() < 10, "ResNet-32 on CIFAR-LT is a few GPU-minutes per run: " + cost);
    }

    @Test
    void runsToItsTablesOnTheFixtures(@TempDir Path dir) throws Exception {
        for (BenchmarkFixtures.Folder f : new BenchmarkFixtures(1).writeAll(dir.resolve("fixtures")))
            if (f.manifests().contains("cifar-10") || f.manifests().contains("cifar-100")) f.systemProperties().forEach(this::property);
        property("glimpse.mode", "smoke");
        property("glimpse.cache", dir.resolve("cache").toString());
        assertTrue(PaperSection.hasData("cifar-10") && PaperSection.hasData("cifar-100"));

        for (Benchmark b : Benchmark.values()) {
            BatchFormerPaper section = BatchFormerPaper.run(b, 10, 50, 100);
            Table ours = section.ours();
            assertEquals(List.of("method, ρ", "All", "Many", "Medium", "Few"), ours.columnNames());
            assertEquals(4 * 3, ours.rowCount(), "4 arms × 3 ρ");
            assertEquals(List.of("CE, ρ=10", "CE, ρ=50", "CE, ρ=100", "CE + BatchFormer, ρ=10"), ours.stringColumn(0).asList().subList(0, 4));
            assertTrue(ours.name().contains("meaningless"), "a smoke table says so");
            for (int r = 0; r < ours.rowCount(); r++) {
                double all = Double.parseDouble(ours.stringColumn("All").get(r).split(" ")[0]);
                assertTrue(all >= 0 && all <= 100, "a finite accuracy: " + ours.stringColumn("All").get(r));
            }
            assertEquals(4 * 3, section.reference().rows().size());
            assertEquals(b == Benchmark.CIFAR10_LT ? "70.4" : "38.3", section.reference().rows().get(2).get(1), "Cui et al.'s CE at ρ = 100");
            String html = section.beside().html();
            assertTrue(html.contains("paper") && html.contains("ours"));
            String verdicts = section.verdicts();
            assertEquals(2 * 3, verdicts.lines().count(), "one verdict per loss and ρ:\n" + verdicts);
        }
        assertEquals(3, BatchFormerPaper.imageNetLt().rows().size());
    }
}
