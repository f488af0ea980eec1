package glimpse.report;

import glimpse.experiment.CostEstimate;
import glimpse.method.batchformer.BatchFormerRecipe;
import glimpse.testing.SmokeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Notebook 03's ImageNet-LT section in smoke mode on the ImageNet-LT fixture (its real layout: the list
 * files and a tiny ILSVRC folder, training classes 120 → 3 images so that many-, medium- and few-shot
 * classes exist): every arm of the paper recipe (ResNet-10 at 224 px, images streamed from their files,
 * the 90-epoch schedule cut to 2 steps) trains and is scored, and the tables come out in the paper's shape.
 */
class BatchFormerImageNetLtSmokeTest {

    /** 90 epochs × ⌊115,846 / 128⌋ = 905 steps × 2 losses × 3 seeds per arm; ResNet-10 on ImageNet-LT is GPU-hours, not minutes. */
    @Test
    void costIsThePapersBudget() {
        CostEstimate cost = BatchFormerImageNetLt.cost(Double.NaN);
        assertEquals(90L * 905 * 6, cost.stages().get(0).steps());
        assertEquals(128, cost.stages().get(0).imagesPerStep());
        assertTrue(cost.stages().get(1).forwardFlopsPerImage() > cost.stages().get(0).forwardFlopsPerImage(), "the encoder and second stream cost something");
        assertTrue(cost.gpuHours() > 1 && cost.gpuHours() < 100, cost.toString());
    }

    @Test
    void runsToItsTablesOnTheFixture(@TempDir Path dir) throws Exception {
        try (SmokeFixture fx = new SmokeFixture(dir, BatchFormerRecipe.IMAGENET_LT)) {
            assertTrue(PaperSection.hasData(BatchFormerRecipe.IMAGENET_LT));
            BatchFormerImageNetLt section = BatchFormerImageNetLt.run();
            Table ours = section.ours();
            assertEquals(List.of("method", "All", "Many", "Medium", "Few"), ours.columnNames());
            assertEquals(List.of("CE", "CE + BatchFormer", "BalSoftmax", "BalSoftmax + BatchFormer"), ours.stringColumn(0).asList());
            assertTrue(ours.name().contains("meaningless"), "a smoke table says so");
            for (String column : List.of("All", "Many", "Medium", "Few"))
                for (int r = 0; r < ours.rowCount(); r++) {
                    double v = Double.parseDouble(ours.stringColumn(column).get(r).split(" ")[0]);
                    assertTrue(v >= 0 && v <= 100, column + ": a finite accuracy in every group the fixture populates: " + ours.stringColumn(column).get(r));
                }
            assertEquals("34.8", section.reference().rows().get(0).get(1), "the published CE ResNet-10");
            assertTrue(section.beside().html().contains("ours"));
            Table gains = section.gains();
            assertEquals(List.of("+ BatchFormer − CE", "+ BatchFormer − BalSoftmax"), gains.stringColumn(0).asList());
            String paired = section.gainsBeside().html();
            assertTrue(paired.contains("+2.8") && paired.contains("RIDE"), "the paper's few-shot gain on ResNet-10 beside ours");
            String verdicts = section.verdicts();
            assertEquals(2, verdicts.lines().count(), verdicts);
            assertTrue(verdicts.contains("few-shot (<20 images)"), verdicts);
        }
    }
}
