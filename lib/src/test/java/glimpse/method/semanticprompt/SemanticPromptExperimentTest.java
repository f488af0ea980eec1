package glimpse.method.semanticprompt;

import glimpse.experiment.Experiments;
import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.FewShotTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Both stages and the test on Fashion-MNIST's held-out classes with tiny budgets (skipped without the Debian package). */
@EnabledIf("glimpse.data.FashionMnistTest#present")
class SemanticPromptExperimentTest {
    @TempDir Path cache;

    @BeforeEach void useTempCache() { System.setProperty("glimpse.cache", cache.toString()); }
    @AfterEach void restore() { System.clearProperty("glimpse.cache"); }

    private List<Path> weightFiles() throws Exception {
        Path dir = cache.resolve("weights");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) { return s.sorted().toList(); }
    }

    @Test
    void everyVariantAndSeedWarmStartsFromOneStageOneFileComputedOnce() throws Exception {
        FewShotEval eval = new FewShotEval(5, new int[] {1, 2}, 3, 3, 7).withVariant(SpScoring.NEAREST);
        SpSpec base = SpSpec.cpu(FewShotTask.fashionMnistHeldOut(), SpMethod.baseline(), 3, 2, 1, eval)
                .withText(SpText.of(SpText.Encoder.BAG_OF_WORDS))
                .withProtocol(new SpScoring.Protocol(3, glimpse.data.Augment.none().withCropArea(0.35, 1), 1.0));
        FewShotOutcome baseline = Experiments.cached(SemanticPromptExperiment.INSTANCE, base);
        List<Path> files = weightFiles();
        assertEquals(1, files.size(), "stage 1 saved one weights file");
        FileTime written = Files.getLastModifiedTime(files.get(0));
        Thread.sleep(20);

        SpSpec sp = base.withMethod(SpMethod.paper()).withEval(eval.withVariant(SpMethod.PROMPT_OFF));
        FewShotOutcome prompted = Experiments.cached(SemanticPromptExperiment.INSTANCE, sp);
        assertEquals(files, weightFiles(), "the SP variant reused the baseline's stage-1 weights");
        assertEquals(written, Files.getLastModifiedTime(files.get(0)), "and did not rewrite them");

        assertEquals("baseline (no text)", baseline.method());
        assertEquals("SP [bag of words]", prompted.method());
        assertEquals(2, prompted.trainSteps());
        for (FewShotOutcome o : List.of(baseline, prompted))
            for (var r : o.results()) {
                assertEquals(3, r.perEpisode().length);
                for (double a : r.perEpisode()) assertTrue(a >= 0 && a <= 1);
            }
        // at one shot the headline is the nearest prototype itself
        assertArrayEquals(prompted.shots(1).perEpisode(), prompted.variant(SpScoring.NEAREST).shots(1).perEpisode());
        assertEquals(2, prompted.variant(SpMethod.PROMPT_OFF).results().size());
        PromptAttention look = prompted.inspection(PromptAttention.class);    // survives the result cache's JSON
        assertEquals(3, look.grid());                                         // 28 px: 14 → 7 → 3
        for (int i = 0; i < look.images().length; i++) {
            double rowSum = look.promptToSelf()[i];
            for (float v : look.promptToPatch()[i]) rowSum += v;
            assertEquals(1.0, rowSum, 1e-4, "the prompt's attention row sums to one over patches and itself");
        }

        Experiments.cached(SemanticPromptExperiment.INSTANCE, base.withSeed(2));
        assertEquals(files, weightFiles(), "another training seed meta-tunes from the same stage-1 weights");
        assertEquals(written, Files.getLastModifiedTime(files.get(0)), "without pre-training again");
    }

    @Test
    void metaTuningStartsFromTheStageOneWeightsForTheBaselineAndAOneWeightProjectionGroup() {
        FewShotEval eval = new FewShotEval(5, new int[] {1}, 3, 2, 7);
        FewShotTask task = FewShotTask.fashionMnistHeldOut();
        for (SpMethod m : List.of(SpMethod.baseline(), SpMethod.paper().withInteractions(true, false))) {   // SI only: its projection group is one weight
            SpSpec s = SpSpec.cpu(task, m, 2, 0, 1, eval).withText(SpText.of(SpText.Encoder.BAG_OF_WORDS));
            Path weights = glimpse.pretrain.PretrainExperiment.weights(s.stage1());
            try (ai.djl.ndarray.NDManager nd = ai.djl.ndarray.NDManager.newBaseManager()) {
                SemanticPromptExperiment.Tuned t = SemanticPromptExperiment.metaTune(nd, s, task.trainSet(), task.testSet(), weights, glimpse.train.RunCheckpoints.NONE);
                Visformer reference = new Visformer(SemanticPromptExperiment.backboneFor(Visformer.cpu32Lite(), task.trainSet()));
                reference.initialize(nd, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1, 28, 28));
                glimpse.train.Weights.load(reference, weights);
                var mine = t.net().visformer().getParameters();
                for (var p : reference.getParameters())
                    assertArrayEquals(p.getValue().getArray().toFloatArray(), mine.get(p.getKey()).getArray().toFloatArray(), m.label() + " " + p.getKey());
            }
        }
    }
}
