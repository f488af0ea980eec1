package glimpse.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import glimpse.data.ImageSet;
import glimpse.fewshot.EpisodicModel;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.protonet.ProtoNet;
import glimpse.nn.ResNets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EpisodeBatchesTest {

    /** 10 classes; each a fixed random 8×8 pattern plus per-image noise: learnable, not trivial. */
    static ImageSet patterns() {
        Random r = new Random(2);
        int classes = 10, per = 15, n = classes * per;
        float[][] proto = new float[classes][64];
        for (float[] p : proto) for (int k = 0; k < 64; k++) p[k] = r.nextFloat();
        byte[] px = new byte[n * 64];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = i % classes;
            for (int k = 0; k < 64; k++) {
                double v = proto[ys[i]][k] + 0.35 * r.nextGaussian();
                px[i * 64 + k] = (byte) Math.max(0, Math.min(255, Math.round(255 * v)));
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("p" + c);
        return new ImageSet("patterns", 1, 8, 8, px, ys, names, names);
    }

    @Test
    void batchesAreAFunctionOfTheStepAndSimClrEpisodesComeAtTheirRate() {
        ImageSet set = patterns();
        EpisodeBatches plain = EpisodeBatches.of(set, 3, 2, 2, 9);
        EpisodeBatches mixed = plain.withSimClr(0.5, 1);
        int simclr = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int step = 0; step < 200; step++) {
                try (NDManager s = m.newSubManager()) {
                    Batch b = mixed.batch(s, step);
                    long ways = b.data().get(1).max().getLong() + 1;
                    if (ways == 6) {  // |S| = 3·2 classes, 1 query each
                        simclr++;
                        assertEquals(6, b.data().get(2).getShape().get(0));
                    } else {
                        assertEquals(3, ways);
                        assertEquals(6, b.data().get(2).getShape().get(0));
                    }
                    assertEquals(12, b.images());
                }
            }
            assertTrue(simclr > 70 && simclr < 130, simclr + " SimCLR episodes of 200 at p = 0.5");
            try (NDManager s = m.newSubManager()) {
                assertArrayEquals(mixed.batch(s, 17).data().get(2).toFloatArray(), mixed.batch(s, 17).data().get(2).toFloatArray());
                assertArrayEquals(plain.batch(s, 3).data().get(0).toFloatArray(), plain.batch(s, 3).data().get(0).toFloatArray());
            }
        }
    }

    @Test
    void episodicTrainingThroughTheSharedLoopLowersTheLossOfProtoNetAndCtx() {
        ImageSet set = patterns();
        for (boolean ctx : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                var backbone = ResNets.resnet12(new int[] {8, 16}, !ctx);
                EpisodicModel model = ctx ? new CrossTransformer(backbone, 8, 8) : new ProtoNet(backbone);
                model.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
                TrainResult r = TrainLoop.fit(m, model, EpisodeBatches.of(set, 5, 2, 3, 1),
                        TrainConfig.builder().steps(50).adam(3e-3f).logEvery(0).build(), EpisodeBatches.loss());
                double first = 0, last = 0;
                for (int i = 0; i < 10; i++) { first += r.losses()[i]; last += r.losses()[40 + i]; }
                System.out.println((ctx ? "CTX" : "ProtoNet") + " loss " + first / 10 + " -> " + last / 10);
                assertTrue(last < 0.7 * first, (ctx ? "CTX" : "ProtoNet") + " loss " + first / 10 + " -> " + last / 10);
                assertEquals(DataType.FLOAT32, model.getParameters().get(0).getValue().getArray().getDataType());
            }
        }
    }
}
