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
