package glimpse.method;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.EpisodeSampler;
import glimpse.fewshot.FewShotScoringTest;
import glimpse.data.ImageInput;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.crosstransformer.QueryAttention;
import glimpse.report.AttentionExample;
import glimpse.nn.ResNets;
import glimpse.report.AttentionFigure;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

class AttentionExampleTest {
    @Test
    void keepsTheQueryClassAttentionWhichSumsToOneAtEachPositionAndDraws() {
        ImageSet set = FewShotScoringTest.randomSet();
        Episode e = new EpisodeSampler(set, 3, 2, 2).episode(4, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            CrossTransformer model = new CrossTransformer(ResNets.resnet12(new int[] {4}, false), 6, 5);
            model.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
            model.initialize(m, DataType.FLOAT32, new Shape(6, 1, 8, 8), new Shape(6), new Shape(6, 1, 8, 8));
            AttentionExample ex = new com.google.gson.Gson().fromJson(QueryAttention.of(model, m, set, ImageInput.NATIVE, e, 3), AttentionExample.class);
            assertEquals(4, ex.mapHeight());
            assertEquals(16, ex.weights().length);
            assertEquals(2, ex.supportImages().length);
            assertEquals(e.queryLabels()[3], ex.trueLabel());
            for (int j = 0; j < 2; j++) assertEquals(set.label(ex.supportImages()[j]), set.label(ex.queryImage()));
            for (double[][] p : ex.weights()) {
                double s = 0;
                for (double[] img : p) for (double v : img) s += v;
                assertEquals(1.0, s, 1e-5);
            }
            BufferedImage img = AttentionFigure.draw(set, ex, new int[] {0, 5}, 4);
            assertTrue(img.getWidth() > 3 * 32 && img.getHeight() > 2 * 32);
        }
    }
}
