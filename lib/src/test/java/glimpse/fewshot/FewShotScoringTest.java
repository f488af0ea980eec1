package glimpse.fewshot;

import glimpse.fewshot.FewShotScoring;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import glimpse.data.EpisodeTensors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.EpisodeSampler;
import glimpse.fewshot.EpisodicModel;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.protonet.ProtoNet;
import glimpse.nn.ResNets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

public class FewShotScoringTest {

    /** 8 classes × 12 random 8×8 images. */
    public static ImageSet randomSet() {
        Random r = new Random(5);
        int n = 96;
        byte[] px = new byte[n * 64];
        r.nextBytes(px);
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) ys[i] = i % 8;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 8; c++) names.add("c" + c);
        return new ImageSet("random", 1, 8, 8, px, ys, names, names);
    }

    @Test
    void cachedFeaturesGiveTheSameLogitsAsTheFullForwardOfEachEpisode() {
        ImageSet set = randomSet();
        List<Episode> episodes = new EpisodeSampler(set, 3, 2, 4).episodes(1, 6);
        for (boolean ctx : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                var backbone = ResNets.resnet12(new int[] {4, 6}, !ctx);
                EpisodicModel model = ctx ? new CrossTransformer(backbone, 5, 3) : new ProtoNet(backbone);
                model.setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
                model.initialize(m, DataType.FLOAT32, new Shape(6, 1, 8, 8), new Shape(6), new Shape(12, 1, 8, 8));
                List<float[]> cached = new ArrayList<>();
                FewShotScoring.forEachEpisode(model, m, set, episodes, (i, logits) -> cached.add(logits.toFloatArray()));
                ParameterStore ps = new ParameterStore(m, false);
                double spread = 0;
                for (int i = 0; i < episodes.size(); i++) {
                    try (NDManager step = m.newSubManager()) {
                        float[] full = model.forward(ps, EpisodeTensors.of(step, set, episodes.get(i)).inputs(), false).head().toFloatArray();
                        assertArrayEquals(full, cached.get(i), 1e-4f * (1 + Math.abs(full[0])), (ctx ? "CTX" : "ProtoNet") + " episode " + i);
                        for (float v : full) spread = Math.max(spread, Math.abs(v - full[0]));
                    }
                }
                assertTrue(spread > 1e-3, "logits are all equal: the comparison would be vacuous");
            }
        }
    }

    /** A model whose support features depend on the episode: pooled backbone + its class's vector (a stand-in for a text prompt). */
    static final class ClassShifted extends EpisodicModel {
        ClassShifted(ai.djl.nn.Block backbone) { super(backbone); }

        @Override public boolean supportDependsOnEpisode() { return true; }

        @Override public ai.djl.ndarray.NDArray encodeSupport(ParameterStore ps, EpisodeInputs e, boolean training) {
            var features = super.encodeSupport(ps, e, training);
            var perSupport = e.requireClassVectors("ClassShifted").get(e.support().getManager().create(toLong(e.supportLabels())));
            return features.add(perSupport);
        }

        @Override public ai.djl.ndarray.NDArray logits(ParameterStore ps, ai.djl.ndarray.NDArray fs, int[] labels, int ways,
                                                        ai.djl.ndarray.NDArray fq, boolean training) {
            return ProtoNet.logits(fs, labels, ways, fq);
        }

        static long[] toLong(int[] a) { return java.util.Arrays.stream(a).asLongStream().toArray(); }
    }

    @Test
    void episodeDependentSupportsAreEncodedPerEpisodeWithTheirClassVectors() {
        ImageSet set = randomSet();
        List<Episode> episodes = new EpisodeSampler(set, 3, 2, 4).episodes(2, 5);
        Random r = new Random(3);
        float[][] vectors = new float[8][6];
        for (float[] v : vectors) for (int k = 0; k < 6; k++) v[k] = (float) r.nextGaussian();
        var classVectors = new glimpse.data.ClassVectors("random", vectors);
        try (NDManager m = NDManager.newBaseManager()) {
            EpisodicModel model = new ClassShifted(ResNets.resnet12(new int[] {4, 6}, true));
            model.setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
            model.initialize(m, DataType.FLOAT32, new Shape(6, 1, 8, 8));
            ParameterStore ps = new ParameterStore(m, false);
            try (var features = FewShotScoring.Features.of(model, m, set, FewShotScoring.usedImages(set, episodes), classVectors)) {
                List<float[]> cached = new ArrayList<>();
                features.forEachEpisode(episodes, (i, logits) -> cached.add(logits.toFloatArray()));
                for (int i = 0; i < episodes.size(); i++) {
                    try (NDManager step = m.newSubManager()) {
                        var inputs = EpisodeTensors.of(step, set, episodes.get(i)).inputs(classVectors);
                        float[] full = model.forward(ps, inputs, false).head().toFloatArray();
                        assertArrayEquals(full, cached.get(i), 1e-4f * (1 + Math.abs(full[0])), "episode " + i);
                        float[] without = model.forward(ps, EpisodeTensors.of(step, set, episodes.get(i)).inputs(
                                new glimpse.data.ClassVectors("zero", new float[8][6])), false).head().toFloatArray();
                        assertFalse(java.util.Arrays.equals(full, without), "the class vectors must change the supports' logits");
                        // the queries' features never see the class vectors
                        var q = EpisodeTensors.of(step, set, episodes.get(i)).query();
                        assertArrayEquals(model.encodeQuery(ps, q, false).toFloatArray(), model.backbone().forward(ps, new ai.djl.ndarray.NDList(q), false).head().toFloatArray());
                    }
                }
            }
            try (NDManager step = m.newSubManager()) {
                var plain = EpisodeTensors.of(step, set, episodes.get(0)).inputs();
                var e = assertThrows(IllegalStateException.class, () -> model.forward(ps, plain, false));
                assertTrue(e.getMessage().contains("withClassVectors"), e.getMessage());
            }
        }
    }

    @Test
    void episodeInputsCarryTheGlobalClassIds() {
        ImageSet set = randomSet();
        Episode e = new EpisodeSampler(set, 3, 2, 4).episodes(4, 1).get(0);
        try (NDManager m = NDManager.newBaseManager()) {
            EpisodeInputs in = EpisodeInputs.from(EpisodeTensors.of(m, set, e).inputs());
            assertArrayEquals(e.classes(), in.classIds());
            assertEquals(3, in.ways());
            assertNull(in.classVectors());
        }
    }

    @Test
    void accuracyCountsArgMaxHits() {
        try (NDManager m = NDManager.newBaseManager()) {
            var logits = m.create(new float[][] {{0, 1, 0}, {5, 1, 0}, {0, 0, 2}, {1, 1, 0}});
            // predictions 1, 0, 2, 0 (tie -> lowest index) against labels 1, 0, 1, 1 -> 2 of 4
            assertEquals(0.5, FewShotScoring.accuracy(logits, new int[] {1, 0, 1, 1}), 1e-12);
        }
    }
}
