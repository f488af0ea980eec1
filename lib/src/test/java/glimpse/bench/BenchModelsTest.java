package glimpse.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.method.tasn.TasnLoss;
import glimpse.nn.Blocks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The bench's registry, its --model option, the models' sizes and a few steps of every peer. */
class BenchModelsTest {

    @Test
    void theRegistryListsEveryEntryOnceWithConv4First() {
        assertEquals(List.of("conv4", "visformer", "vit", "tasn", "recall", "input"), BenchModel.names());
        assertEquals(BenchModel.names(), BenchModel.select("all").stream().map(BenchModel::name).toList());
        for (BenchModel m : BenchModel.all()) {
            assertTrue(BenchModel.catalogue().contains(m.name()), m.name());
            if (m instanceof TrainStepModel s)
                assertNotNull(Bench.class.getResource("/glimpse/bench/" + s.torchModule() + ".py"), "PyTorch module of " + s.name());
        }
        assertNotNull(Bench.class.getResource(Bench.SCRIPT));
    }

    @Test
    void modelOptionSelectsEntriesAndTheirDefaultsUnlessOverridden() {
        assertEquals("conv4", Bench.parse(new String[0]).get("model"));
        assertEquals(List.of("vit", "recall"), BenchModel.select(Bench.parse(new String[] {"--model=vit,recall"}).get("model"))
                .stream().map(BenchModel::name).toList());
        assertEquals(2, Bench.run(new String[] {"--model=resnet"}));
        assertEquals(2, Bench.run(new String[] {"--model=vit", "--size=0"}));
        assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] {"--model=conv4,nope"}));

        Peers.Plan conv4 = Bench.plan(TrainStepModel.conv4(), Bench.parse(new String[0]));
        assertEquals(new Peers.Plan(128, 8, 20, 2), conv4);                 // today's defaults, unchanged
        Map<String, String> opt = Bench.parse(new String[] {"--model=vit", "--steps=7"});
        assertEquals(new Peers.Plan(64, 2, 7, 2), Bench.plan(TrainStepModel.vit(), opt));
    }

    /**
     * Visformer cpu32 with a 64-way head, counted by hand from its layer list (1 input channel):
     * stem 3×3 1→16 (144) + BN 32 + 3×3 16→16 (2304) + BN 32 = 2512; embed₁ 2×2 16→32 + bias (2080)
     * + BN 64 = 2144; pos₁ 32·16·16 = 8192; stage 1: BN 64 + 1×1 32→64 (2048) + 3×3 groups 8 on 64
     * (64·8·9 = 4608) + 1×1 64→32 (2048) = 8768; embed₂ 2×2 32→64 + bias (8256) + BN 128 = 8384;
     * pos₂ 64·64 = 4096; a width-64 block: 2 BN (256) + qkv 64·192 (12288) + proj 4096 + MLP 2·64·256
     * (32768) = 49408; embed₃ 2×2 64→128 + bias (32896) + BN 256 = 33152; pos₃ 16·128 = 2048; two
     * width-128 blocks 2·(512 + 49152 + 16384 + 131072) = 394240; final BN 256; head 128·64 + 64 = 8256.
     * Sum 521,456 (the PyTorch module's docstring gives the same).
     */
    @Test
    void visformerHasTheHandCountedParameters() {
        assertEquals(521_456, parameters(TrainStepModel.visformer()));
    }

    /**
     * The small ViT + 100-way head, by hand: patch 4×4 1→128 + bias 2176; CLS 128; positions 65·128
     * = 8320; per layer LN 256 + qkv 128·384 + 384 (49536) + proj 16384 + 128 (16512) + LN 256 + MLP
     * 128·512 + 512 + 512·128 + 128 (131712) = 198272, four layers 793088; final LN 256; head 128·100 +
     * 100 = 12900. Sum 816,868.
     */
    @Test
    void vitHasTheHandCountedParameters() {
        assertEquals(816_868, parameters(TrainStepModel.vit()));
    }

    private static long parameters(TrainStepModel model) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = model.net().get();
            Blocks.initialize(net, m, new Shape(2, model.channels(), model.imageSize(), model.imageSize()));
            return Blocks.parameterCount(net);
        }
    }

    @Test
    void everyJavaStepPeerTrainsAFewStepsAtAFiniteRate() {
        Peers.Plan plan = new Peers.Plan(4, 1, 1, 2);
        for (BenchModel m : BenchModel.all()) {
            if (!(m instanceof TrainStepModel s)) continue;
            long[] count = {-1};
            Peers.Timing t = Peers.ours(s, plan, s.images(16), count);
            assertEquals(2, t.imagesPerSecond().length, s.name());
            for (double v : t.imagesPerSecond()) assertTrue(v > 0 && Double.isFinite(v), s.name() + " " + v);
            assertEquals(parameters(s), count[0], s.name());
        }
    }

    @Test
    void tasnSplitAndSamplerGiveFinitePositiveTimes() {
        Peers.Plan plan = new Peers.Plan(2, 1, 1, 1);
        double[] split = TasnBench.split(plan, Peers.syntheticImages(4, 1, 48, TasnBench.CLASSES), TasnLoss.paper());
        assertEquals(3, split.length);
        for (double ms : split) assertTrue(ms > 0 && Double.isFinite(ms), "split " + java.util.Arrays.toString(split));
        String sampler = TasnBench.sampler(plan, 48);
        assertTrue(sampler.contains("img/s") && !sampler.contains("NaN") && !sampler.contains("Infinity"), sampler);
    }

    @Test
    void recallReportTimesTheMetric() {
        String line = RecallBench.report(new Peers.Plan(1, 0, 1, 2), 300).get(0);
        assertTrue(line.contains("300 x 128") && line.contains("queries/s") && !line.contains("NaN"), line);
    }

    @Test
    void pytorchPeersBuildTheSameParameterCountAndRunOrSkipWithAReason() {
        glimpse.testing.TorchPython.require(Bench.PYTHON, "torch");
        for (TrainStepModel s : List.of(TrainStepModel.visformer(), TrainStepModel.vit())) {
            Bench.Result r = Bench.python(s, new Peers.Plan(4, 1, 1, 1), 2, Map.of("OMP_NUM_THREADS", "2"));
            assertTrue(r.ok(), s.name() + ": " + r.error());
            assertEquals(parameters(s), r.parameters(), s.name());
            assertTrue(r.median() > 0 && Double.isFinite(r.median()), s.name());
        }
    }
}
