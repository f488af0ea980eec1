package glimpse.fewshot;

import ai.djl.ndarray.NDManager;
import glimpse.experiment.Experiments;
import glimpse.fewshot.FewShotOutcome.ShotResult;
import glimpse.report.AttentionExample;
import glimpse.method.crosstransformer.CtxMethod;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.nn.FewShotBackbone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** End to end on Fashion-MNIST's held-out classes, tiny budgets (skipped without the Debian package). */
@EnabledIf("glimpse.data.FashionMnistTest#present")
class FewShotExperimentTest {
    @TempDir Path cache;

    @BeforeEach void useTempCache() { System.setProperty("glimpse.cache", cache.toString()); }
    @AfterEach void restore() { System.clearProperty("glimpse.cache"); }

    @Test
    void glyphSafeSimClrViewsNeitherFlipNorCropBelowAThirdAndAreNamedInTheLabel() {
        FewShotRecipe safe = FewShotRecipe.of(CtxMethod.paper(), FewShotBackbone.CONV4_LAST_UNPOOLED, 6)
                .with(b -> b.simclr(0.5, 2).simclrViews(glimpse.data.SimClrViews.GLYPH_SAFE));
        assertEquals("CTX + SimCLR eps (glyph-safe views)", safe.label());
        assertEquals(0.0, safe.simclr().views().support().flipProbability());
        assertEquals(0.0, safe.simclr().views().query().flipProbability());
        assertEquals(0.35, safe.simclr().views().query().minCropArea());
        assertEquals(0.5, glimpse.data.SimClrViews.PAPER.support().flipProbability());
        assertEquals("ProtoNet [trained 1-shot]", FewShotRecipe.of(ProtoNetMethod.pooled(), FewShotBackbone.CONV4_LAST_UNPOOLED, 6)
                .with(b -> b.episodes(5, 1, 10)).label());
    }

    @Test
    void pretrainingThenEpisodicCtxTrainingEvaluatesOnSavedEpisodes() {
        FewShotTask task = FewShotTask.fashionMnistHeldOut();
        FewShotRecipe spec = FewShotRecipe.of(new CtxMethod(16, 128), FewShotBackbone.CONV4_LAST_UNPOOLED, 6)
                .with(b -> b.pretraining(5, 32).simclr(0.5, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            FewShotExperiment.Trained t = FewShotExperiment.train(m, task.baseData(), spec, glimpse.train.RunCheckpoints.NONE);
            assertNotNull(t.pretraining());
            assertEquals(5, t.pretraining().steps());
            assertEquals(6, t.training().steps());
        }
        FewShotOutcome o = Experiments.cached(FewShotExperiment.INSTANCE, new FewShotSpec(task, spec.with(b -> b.pretraining(0, 32)),
                new FewShotEval(5, new int[] {1, 5}, 5, 4, 3).withVariant(CtxMethod.ATTENTION_OFF)));
        assertEquals("CTX (d_k=16) + SimCLR eps", o.method());
        assertEquals(4, o.shots(5).perEpisode().length);
        for (ShotResult r : o.results()) for (double a : r.perEpisode()) assertTrue(a >= 0 && a <= 1);
        AttentionExample look = o.inspection(AttentionExample.class);   // survives the JSON of the result cache
        assertEquals(3, look.mapHeight());   // 28 px, three poolings
        assertEquals(5, look.supportImages().length);
        // the attention-off control: the same episodes, scored again with uniform attention
        FewShotOutcome off = o.variant(CtxMethod.ATTENTION_OFF);
        assertEquals("CTX (d_k=16) + SimCLR eps, attention off at test", off.method());
        assertEquals(4, off.shots(1).perEpisode().length);
        assertThrows(IllegalStateException.class, () -> off.variant(CtxMethod.ATTENTION_OFF));
        assertTrue(Files.isRegularFile(glimpse.data.sampling.EpisodeSampler.testEpisodesFile(task.episodeKey(), "test", 5, 5, 5, 3)));
        // ProtoNet on the same episodes: no attention, same number of episodes, pairable
        FewShotOutcome p = FewShotExperiment.INSTANCE.run(new FewShotSpec(task, FewShotRecipe.of(ProtoNetMethod.pooled(),
                FewShotBackbone.CONV4_LAST_UNPOOLED, 3), new FewShotEval(5, new int[] {5}, 5, 4, 3)));
        assertNull(p.inspection());
        assertTrue(p.variants().isEmpty());
        var unknown = assertThrows(IllegalArgumentException.class, () -> FewShotExperiment.INSTANCE.run(new FewShotSpec(task,
                FewShotRecipe.of(ProtoNetMethod.pooled(), FewShotBackbone.CONV4_LAST_UNPOOLED, 1), new FewShotEval(5, new int[] {5}, 5, 2, 3)
                .withVariant(CtxMethod.ATTENTION_OFF))));
        assertTrue(unknown.getMessage().contains("no evaluation variant 'attention off'"), unknown.getMessage());
        assertEquals(4, glimpse.eval.MeanCi.pairedDifference(o.shots(5).perEpisode(), p.shots(5).perEpisode()).n());
    }

    @Test
    void theTrainingLossIsJudgedOnLnWaysOnlyWhereOneChanceLevelHolds() {
        glimpse.method.crosstransformer.CtxRecipe cpu = glimpse.method.crosstransformer.CtxRecipe.cpu(FewShotBackbone.CONV4_LAST_UNPOOLED, 2, 2, 1);
        assertEquals(5, SeedRuns.lossClasses(cpu.protonet()), "5-way episodes: a cross-entropy over 5 classes");
        assertEquals(5, SeedRuns.lossClasses(cpu.ctx()));
        assertEquals(3, SeedRuns.lossClasses(cpu.ctx().with(b -> b.episodes(3, 1, 2))));
        assertEquals(0, SeedRuns.lossClasses(cpu.ctxSimclr()), "SimCLR episodes are cross-entropies over their own instance classes");
        assertEquals(0, SeedRuns.lossClasses(cpu.ctx().with(b -> b.episodes(glimpse.data.sampling.VariableEpisodes.PAPER))),
                "5 to 50 ways: no one chance level");
    }
}
