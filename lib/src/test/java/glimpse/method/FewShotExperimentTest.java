package glimpse.method;

import ai.djl.ndarray.NDManager;
import glimpse.method.FewShotExperiment.*;
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
        ModelSpec safe = ModelSpec.ctx(FewShotBackbone.CONV4_LAST_UNPOOLED, 6).withSimClr(0.5, 2).withSimClrViews(glimpse.data.SimClrViews.GLYPH_SAFE);
        assertEquals("CTX + SimCLR eps (glyph-safe views)", safe.label());
        assertEquals(0.0, safe.simclrViews().support().flipProbability());
        assertEquals(0.0, safe.simclrViews().query().flipProbability());
        assertEquals(0.35, safe.simclrViews().query().minCropArea());
        assertEquals(0.5, glimpse.data.SimClrViews.PAPER.support().flipProbability());
        assertEquals("ProtoNet [trained 1-shot]", ModelSpec.protonet(FewShotBackbone.CONV4_LAST_UNPOOLED, 6).withEpisodes(5, 1, 10).label());
    }

    @Test
    void pretrainingThenEpisodicCtxTrainingEvaluatesOnSavedEpisodes() {
        Task task = Task.fashionMnistHeldOut();
        ModelSpec spec = ModelSpec.ctx(FewShotBackbone.CONV4_LAST_UNPOOLED, 6).withKeyDim(16).withPretraining(5, 32).withSimClr(0.5, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Trained t = FewShotExperiment.train(m, task, spec);
            assertNotNull(t.pretraining());
            assertEquals(5, t.pretraining().steps());
            assertEquals(6, t.training().steps());
        }
        Outcome o = FewShotExperiment.run(new Spec(task, spec.withPretraining(0, 32), new EvalSpec(5, new int[] {1, 5}, 5, 4, 3).withAttentionOff()));
        assertEquals("CTX (d_k=16) + SimCLR eps", o.method());
        assertEquals(4, o.shots(5).perEpisode().length);
        for (ShotResult r : o.results()) for (double a : r.perEpisode()) assertTrue(a >= 0 && a <= 1);
        assertNotNull(o.attention());
        assertEquals(3, o.attention().mapHeight());   // 28 px, three poolings
        assertEquals(5, o.attention().supportImages().length);
        // the attention-off control: the same episodes, scored again with uniform attention
        assertNotNull(o.attentionOff());
        assertEquals("CTX (d_k=16) + SimCLR eps, attention off at test", o.attentionOff().method());
        assertEquals(4, o.attentionOff().shots(1).perEpisode().length);
        assertNull(o.attentionOff().attentionOff());
        assertTrue(Files.isRegularFile(glimpse.data.sampling.EpisodeSampler.testEpisodesFile(task.episodeKey(), "test", 5, 5, 5, 3)));
        // ProtoNet on the same episodes: no attention, same number of episodes, pairable
        Outcome p = FewShotExperiment.run(new Spec(task, ModelSpec.protonet(FewShotBackbone.CONV4_LAST_UNPOOLED, 3), new EvalSpec(5, new int[] {5}, 5, 4, 3)));
        assertNull(p.attention());
        assertNull(p.attentionOff());
        assertEquals(4, glimpse.eval.MeanCi.pairedDifference(o.shots(5).perEpisode(), p.shots(5).perEpisode()).n());
    }
}
