package glimpse.pretrain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.data.ImageSet;
import glimpse.experiment.ResultCache;
import glimpse.fewshot.FewShotExperiment;
import glimpse.fewshot.FewShotRecipe;
import glimpse.fewshot.FewShotTask;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.method.retrieval.RetrievalNet;
import glimpse.method.semanticprompt.SpMethod;
import glimpse.method.semanticprompt.SpSpec;
import glimpse.method.semanticprompt.Visformer;
import glimpse.nn.BackboneOutput;
import glimpse.nn.Blocks;
import glimpse.nn.FewShotBackbone;
import glimpse.nn.Pooling;
import glimpse.nn.SmallVit;
import glimpse.train.Predict;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainConfig;
import glimpse.train.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class PretrainExperimentTest {
    @TempDir Path cache;

    @BeforeEach void useTempCache() { System.setProperty("glimpse.cache", cache.toString()); }
    @AfterEach void restore() { System.clearProperty("glimpse.cache"); }

    /** {@code perClass[c]} images of class c, 1 × size × size; image i's first two pixels spell i, so every image is unique. */
    static ImageSet images(int size, int... perClass) {
        int n = IntStream.of(perClass).sum(), b = size * size;
        byte[] px = new byte[n * b];
        int[] labels = new int[n];
        SplittableRandom rng = new SplittableRandom(5);
        int i = 0;
        for (int c = 0; c < perClass.length; c++)
            for (int k = 0; k < perClass[c]; k++, i++) {
                labels[i] = c;
                for (int p = 0; p < b; p++) px[i * b + p] = (byte) ((p % perClass.length == c ? 180 : 40) + rng.nextInt(-30, 31));
                px[i * b] = (byte) (i & 0xff);
                px[i * b + 1] = (byte) (i >> 8);
            }
        List<String> names = IntStream.range(0, perClass.length).mapToObj(c -> "class " + c).toList();
        return new ImageSet("synthetic", 1, size, size, px, labels, names, names);
    }

    static Set<Integer> ids(ImageSet s) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < s.size(); i++) out.add(s.pixel(i, 0, 0, 0) | s.pixel(i, 0, 0, 1) << 8);
        return out;
    }

    @Test
    void theHeldOutSplitIsDisjointPerClassAndTheSameEveryTime() {
        ImageSet all = images(8, 20, 31, 1, 2, 100);
        BaseData.Split a = BaseData.heldOut(all), b = BaseData.heldOut(all);
        Set<Integer> train = ids(a.train()), held = ids(a.heldOut());
        assertEquals(all.size(), train.size() + held.size(), "every image in exactly one part");
        assertTrue(java.util.Collections.disjoint(train, held), "no held-out image is trained on");
        assertEquals(ids(all), union(train, held));
        // per class: 10 % rounded down; a class of two gives at most one (a draw, next test); none from a class of one
        int[] heldCounts = a.heldOut().countsPerClass();
        assertEquals(2, heldCounts[0]);
        assertEquals(3, heldCounts[1]);
        assertEquals(0, heldCounts[2]);
        assertTrue(heldCounts[3] <= 1, "one of a class of two at most");
        assertEquals(10, heldCounts[4]);
        assertEquals(2 - heldCounts[3], a.train().countsPerClass()[3]);
        assertEquals(held, ids(b.heldOut()), "deterministic");
        // the draw of a class depends on that class alone: adding images of another class changes nothing in it
        ImageSet more = images(8, 20, 31, 1, 2, 150);
        Set<Integer> heldMore = ids(BaseData.heldOut(more).heldOut());
        for (int id : held) if (all.label(id) < 4) assertTrue(heldMore.contains(id), "image " + id + " of class " + all.label(id));
    }

    @Test
    void classesOfTwoImagesKeepBothImagesMostlyWhileAboutTenPercentOfAllImagesIsHeldOut() {
        int[] twos = new int[1000];
        java.util.Arrays.fill(twos, 2);
        ImageSet all = images(8, twos);
        BaseData.Split split = BaseData.heldOut(all);
        // each class gives one image with probability 2 · 10 % = 0.2: 200 of 1000 expected, binomial sd 12.6
        int held = split.heldOut().size();
        assertTrue(held >= 140 && held <= 260, held + " held-out images of 2000");
        long bothKept = java.util.Arrays.stream(split.train().countsPerClass()).filter(n -> n == 2).count();
        assertEquals(1000 - held, bothKept, "a class gives at most one image, and the others keep both (both drawing styles)");
    }

    static Set<Integer> union(Set<Integer> a, Set<Integer> b) { Set<Integer> u = new HashSet<>(a); u.addAll(b); return u; }

    static TrainConfig tiny(int steps) { return TrainConfig.builder().steps(steps).batchSize(16).adamW(3e-3f).cosine().seed(3).logEvery(0).build(); }

    /** {@code net} (a spatial map (N, C, h, w)) followed by global average pooling: (N, C). */
    static Block meanOverMap(Block net) { return new ai.djl.nn.SequentialBlock().add(net).add(glimpse.nn.ResNets.globalAveragePool()); }

    @Test
    void aTinyPretrainingWritesWeightsThatTheFewShotAndRetrievalBackbonesLoadWithEqualOutputs() {
        ImageSet set = images(16, 12, 12, 12, 12);
        for (FewShotBackbone arch : List.of(FewShotBackbone.CONV4_LAST_UNPOOLED, FewShotBackbone.RESNET_SMALL)) {
            Path file = cache.resolve(arch + ".weights");
            PretrainResult r = PretrainExperiment.train(PretrainSpec.of(arch, BaseData.of("synthetic", "all", 1), tiny(4)), set, file,
                    RunCheckpoints.NONE);
            assertEquals(4, r.steps());
            assertEquals(4, r.heldOutImages(), "one of 12 per class");
            assertEquals(44, r.trainImages());
            assertEquals(4, r.classes());
            assertTrue(r.heldOutTop1() >= 0 && r.heldOutTop1() <= 1);
            assertTrue(Files.isRegularFile(file));
            try (NDManager m = NDManager.newBaseManager()) {
                Shape in = new Shape(1, 1, 16, 16);
                // pre-training's build, the pipeline's build keeping the map (pooled here by the test), a random one
                Block pooled = arch.backbone(16), map = arch.build(false), mapPooled = meanOverMap(map), fresh = meanOverMap(arch.build(false));
                for (Block b : List.of(pooled, mapPooled, fresh)) Blocks.initialize(b, m, in);
                Weights.load(pooled, file);
                Weights.load(map, file);
                float[][] p = Predict.outputs(m, pooled, set, 64), q = Predict.outputs(m, mapPooled, set, 64), random = Predict.outputs(m, fresh, set, 64);
                for (int i = 0; i < p.length; i++) assertArrayEquals(p[i], q[i], 1e-5f, arch + " image " + i);
                assertFalse(java.util.Arrays.equals(p[0], random[0]), "the loaded weights, not the initialisation");
                if (arch == FewShotBackbone.RESNET_SMALL) {   // IRT's ResNet descriptor is the same network: its backbone loads the file too
                    RetrievalNet irt = RetrievalNet.smallResNet(Pooling.MEAN);
                    Blocks.initialize(irt, m, in);
                    Weights.load(irt.backbone(), file);
                    float[][] d = Predict.outputs(m, irt, set, 64);
                    for (int i = 0; i < p.length; i++) assertArrayEquals(unit(p[i]), d[i], 1e-5f, "IRT descriptor " + i);
                }
            }
        }
    }

    @Test
    void theHeldOutProbeScoresEachQuarterLeavesTheRunUnchangedAndSurvivesAResume() throws Exception {
        ImageSet set = images(16, 12, 12, 12, 12);
        BaseData.Split split = BaseData.heldOut(set);
        TrainConfig cfg = tiny(8);
        float[] plain, probed;
        HeldOutProbe probe;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Blocks.classifier(FewShotBackbone.CONV4.backbone(16), new Shape(1, 1, 16, 16), 4);
            plain = glimpse.train.TrainLoop.fit(m, net, split.train(), cfg).losses();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Blocks.classifier(FewShotBackbone.CONV4.backbone(16), new Shape(1, 1, 16, 16), 4);
            probe = new HeldOutProbe(m, split.heldOut(), 4, cfg.steps());
            probed = glimpse.train.TrainLoop.fit(m, net, glimpse.train.BatchSource.shuffled(split.train(), cfg.batchSize(), cfg.seed()), cfg,
                    glimpse.train.StepLoss.crossEntropy(), glimpse.train.TrainLoop.Extras.states(probe).after(probe)).losses();
            double[] top1 = probe.top1ByQuarter();
            for (double t : top1) assertTrue(t >= 0 && t <= 1, java.util.Arrays.toString(top1));
            assertEquals(Predict.accuracy(Predict.outputs(m, net, split.heldOut(), 64), split.heldOut().labels()), top1[3], 1e-12, "the last probe is the end");
            assertNotEquals(glimpse.eval.HeldOutPlateau.Status.NOT_MEASURED, probe.plateau().status());
        }
        assertArrayEquals(plain, probed, "scoring held-out images changes no draw and no weight");

        var bytes = new java.io.ByteArrayOutputStream();
        probe.saveState(new java.io.DataOutputStream(bytes));
        HeldOutProbe resumed = new HeldOutProbe(null, split.heldOut(), 4, cfg.steps());
        resumed.loadState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(probe.top1ByQuarter(), resumed.top1ByQuarter());
        assertEquals(probe.plateau(), resumed.plateau());
    }

    @Test
    void theSmallVitIsPretrainedThroughItsClassTokenAndLoadsIntoTheTokenOutputIrtPools() {
        ImageSet set = images(16, 10, 10, 10);
        Path file = cache.resolve("vit.weights");
        SmallVit vit = new SmallVit(4, 32, 1, 2, 2);
        PretrainExperiment.train(PretrainSpec.of(vit, BaseData.of("synthetic", "all", 1), tiny(3)), set, file, RunCheckpoints.NONE);
        try (NDManager m = NDManager.newBaseManager()) {
            Block cls = vit.backbone(16), tokens = vit.build(16, BackboneOutput.TOKENS);
            Blocks.initialize(cls, m, new Shape(1, 1, 16, 16));
            Blocks.initialize(tokens, m, new Shape(1, 1, 16, 16));
            Weights.load(cls, file);
            Weights.load(tokens, file);
            try (var x = set.toTensor(m, new int[] {0, 5, 17})) {
                var ps = new ai.djl.training.ParameterStore(m, false);
                float[] a = cls.forward(ps, new ai.djl.ndarray.NDList(x), false).head().toFloatArray();
                float[] b = tokens.forward(ps, new ai.djl.ndarray.NDList(x), false).head().get(new ai.djl.ndarray.index.NDIndex(":, 0, :")).toFloatArray();
                assertArrayEquals(a, b, 1e-5f, "the class token of the token output is the CLS output");
            }
        }
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(n));
        return out;
    }

    @Test
    void theCacheKeyNamesArchitectureDataAndSizeButNotTheSeedsOfTheStageAfter() {
        BaseData glyphs32 = BaseData.of("glyphs", "base", 2), glyphs16 = BaseData.of("glyphs", "base", 4),
                fashion = new BaseData("fashion-mnist", "train", new int[] {0, 1, 2, 3, 4}, 1);
        PretrainSpec conv4 = PretrainSpec.standard(FewShotBackbone.CONV4, glyphs32, 100);
        List<PretrainSpec> differ = List.of(conv4, PretrainSpec.standard(FewShotBackbone.RESNET_SMALL, glyphs32, 100),
                PretrainSpec.standard(FewShotBackbone.CONV4, glyphs16, 100), PretrainSpec.standard(FewShotBackbone.CONV4, fashion, 100),
                PretrainSpec.standard(SmallVit.workbook(), glyphs32, 100), PretrainSpec.standard(Visformer.cpu32Lite(), glyphs32, 100),
                PretrainSpec.standard(Visformer.cpu32(), glyphs32, 100), conv4.withSteps(200));
        assertEquals(differ.size(), differ.stream().map(s -> ResultCache.fileFor("pretrain", s)).distinct().count(), "one key each");
        assertEquals(ResultCache.fileFor("pretrain", conv4), ResultCache.fileFor("pretrain",
                PretrainSpec.standard(FewShotBackbone.CONV4, BaseData.of("glyphs", "base", 2), 100)), "equal values, one key");

        FewShotTask task = FewShotTask.of("g", "glyphs", "base", "novel", 2);
        assertEquals(glyphs32, task.baseData());
        FewShotRecipe recipe = FewShotRecipe.of(ProtoNetMethod.pooled(), FewShotBackbone.CONV4, 10).with(b -> b.pretraining(50, 32));
        PretrainSpec seed1 = FewShotExperiment.pretraining(recipe.withSeed(1), task.baseData()), seed2 = FewShotExperiment.pretraining(recipe.withSeed(2), task.baseData());
        assertEquals(seed1, seed2);
        assertEquals(ResultCache.fileFor("pretrain", seed1), ResultCache.fileFor("pretrain", seed2), "few-shot seeds share one pre-training");
        assertNull(FewShotExperiment.pretraining(recipe.with(b -> b.pretraining(0, 32)), task.baseData()), "none asked, none run");

        SpSpec sp = SpSpec.cpu(task, SpMethod.paper(), 100, 10, 1, new glimpse.fewshot.FewShotEval(5, new int[] {1}, 5, 2, 0));
        assertEquals(ResultCache.fileFor("pretrain", sp.withSeed(1).stage1()), ResultCache.fileFor("pretrain", sp.withSeed(7).stage1()),
                "SP's seeds share stage 1");
        assertEquals(sp.stage1(), sp.withMethod(SpMethod.baseline()).stage1(), "and so do its arms");
        assertNotEquals(sp.withSeed(1), sp.withSeed(7), "while the seeds still vary stage 2");
    }

    @Test
    @EnabledIf("glimpse.data.FashionMnistTest#present")
    void aDeletedWeightsFileIsPretrainedAgainAndAPresentOneIsReused() throws Exception {
        PretrainSpec spec = PretrainSpec.of(FewShotBackbone.CONV4, new BaseData("fashion-mnist", "train", new int[] {0, 1}, 1), tiny(3));
        PretrainResult first = PretrainExperiment.pretrained(spec);
        Path file = Path.of(first.weights());
        assertEquals(PretrainExperiment.weightsFile(spec), file);
        assertTrue(Files.isRegularFile(file));
        assertEquals(1200, first.heldOutImages(), "10 % of 2 × 6000");
        FileTime written = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        assertEquals(file, PretrainExperiment.weights(spec));
        assertEquals(written, Files.getLastModifiedTime(file), "cached: not pre-trained again");

        Files.delete(file);
        PretrainResult again = PretrainExperiment.pretrained(spec);
        assertTrue(Files.isRegularFile(file), "the missing file was computed again");
        assertEquals(first.weights(), again.weights());
        assertArrayEquals(first.lossCurve(), again.lossCurve(), "the same run (seeded), computed again");
    }
}
