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
    void pretrainingThenEpisodicCtxTrainingEvaluatesOnSavedEpisodes() {
        Task task = Task.fashionMnistHeldOut();
        ModelSpec spec = ModelSpec.ctx(FewShotBackbone.CONV4_LAST_UNPOOLED, 6).withKeyDim(16).withPretraining(5, 32).withSimClr(0.5, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Trained t = FewShotExperiment.train(m, task, spec);
            assertNotNull(t.pretraining());
            assertEquals(5, t.pretraining().steps());
            assertEquals(6, t.training().steps());
        }
        Outcome o = FewShotExperiment.run(new Spec(task, spec.withPretraining(0, 32), new EvalSpec(5, new int[] {1, 5}, 5, 4, 3)));
        assertEquals("CTX (d_k=16) + SimCLR eps", o.method());
        assertEquals(4, o.shots(5).perEpisode().length);
        for (ShotResult r : o.results()) for (double a : r.perEpisode()) assertTrue(a >= 0 && a <= 1);
        assertNotNull(o.attention());
        assertEquals(3, o.attention().mapHeight());   // 28 px, three poolings
        assertEquals(5, o.attention().supportImages().length);
        assertTrue(Files.isRegularFile(glimpse.data.EpisodeSampler.testEpisodesFile(task.episodeKey(), "test", 5, 5, 5, 3)));
        // ProtoNet on the same episodes: no attention, same number of episodes, pairable
        Outcome p = FewShotExperiment.run(new Spec(task, ModelSpec.protonet(FewShotBackbone.CONV4_LAST_UNPOOLED, 3), new EvalSpec(5, new int[] {5}, 5, 4, 3)));
        assertNull(p.attention());
        assertEquals(4, glimpse.eval.MeanCi.pairedDifference(o.shots(5).perEpisode(), p.shots(5).perEpisode()).n());
    }
}
