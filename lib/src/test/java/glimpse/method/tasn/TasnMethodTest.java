package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import glimpse.classification.ClassificationData;
import glimpse.classification.ClassificationExperiment;
import glimpse.classification.ClassificationResult;
import glimpse.classification.ClassificationSpec;
import glimpse.data.ImageSet;
import glimpse.train.LossTerms;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TasnMethodTest {

    /** A tiny TASN arm for 24-px images: 12-px attention view (6 maps), 16-px sampled images, ResNet-12 of 8-16. */
    static TasnMethod tiny(TasnMethod arm) {
        AttentionNet att = new AttentionNet(3, 1, false, List.of(4, 8), List.of(1, 1), List.of(1, 2), 6, List.of(1, 2), List.of(1, 2, 3));
        return new TasnMethod(arm.label(), 12, att, TasnMethod.Backbone.resnet12(8, 16), arm.trilinear(), AttentionSampler.of(16),
                arm.sampling(), arm.loss());
    }

    /** Three classes told apart by a bright square in one of three places of a dark 24-px image. */
    static ImageSet squares(String name, int perClass, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3 * perClass, side = 24;
        byte[] px = new byte[n * side * side];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            int x0 = 2 + 7 * y[i] + r.nextInt(2), y0 = 4 + r.nextInt(8);
            for (int a = 0; a < 5; a++) for (int b = 0; b < 5; b++) px[i * side * side + (y0 + a) * side + x0 + b] = (byte) 220;
        }
        return new ImageSet(name, 1, side, side, px, y, List.of("left", "middle", "right"), List.of("left", "middle", "right"));
    }

    @Test
    void eachArmsLossAtChanceIsWhatItsTermsAddUpToOnUniformLogits() {
        int classes = 26, batch = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray uniform = m.zeros(new Shape(batch, classes)), labels = m.create(new int[] {0, 7, 25});
            for (TasnRecipe.Arm arm : TasnRecipe.Arm.values()) {
                TasnMethod method = arm.of(TasnMethod.full());
                boolean attention = arm != TasnRecipe.Arm.UNIFORM, part = arm == TasnRecipe.Arm.PART_NET || arm == TasnRecipe.Arm.DISTILLATION;
                // every logit set equal: the uniform guess, whatever the labels
                Tasn.Outputs o = new Tasn.Outputs(attention ? uniform : null, part ? uniform : null, uniform, part ? uniform : null, uniform, null, null);
                float total = method.loss().terms(o, labels).total().getFloat();
                assertEquals(total, method.chanceLoss(classes), 1e-5, arm.label());
            }
            assertEquals(Math.log(classes), TasnRecipe.Arm.UNIFORM.of(TasnMethod.full()).chanceLoss(classes), 1e-12, "the baseline: one cross-entropy's worth");
            assertEquals(4 * Math.log(classes), TasnMethod.full().chanceLoss(classes), 1e-12, "TASN: 1 + 4 × 0.5 + 1");
        }
    }

    @Test
    void theFourArmsDifferInExactlyTheirOwnSwitch() {
        TasnMethod full = TasnMethod.full(), part = TasnMethod.withPartNet(), structure = TasnMethod.structureOnly(), uniform = TasnMethod.uniform();
        assertEquals(4, new HashSet<>(List.of(full.label(), part.label(), structure.label(), uniform.label())).size(), "labels name table rows");
        assertEquals(TasnLoss.paper(), full.loss());
        assertEquals(full.withLabel(part.label()).withLoss(TasnLoss.paper().withoutDistillation()), part);
        assertEquals(full.withLabel(structure.label()).withLoss(TasnLoss.paper().withoutPartNet()), structure);
        assertEquals(structure.withLabel(uniform.label()).withSampling(Tasn.Sampling.UNIFORM), uniform);
        assertEquals(64, full.withAttentionChannels(64).attentionNet().channels());
        assertEquals(16, full.withAttentionChannels(16).attentionNet().channels());
    }

    @Test
    void withoutThePartNetNoDetailImageIsFormedAndOnlyMasterTermsAreTrained() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = (Tasn) tiny(TasnMethod.structureOnly()).build(3);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 24, 24));
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 24, 24)), y = m.create(new long[] {0, 2});
            Tasn.Outputs o = net.outputs(new ParameterStore(m, false), x, true, new SplittableRandom(1), false);
            assertNull(o.detailImages());
            assertNull(o.partLogits());
            LossTerms t = TasnLoss.paper().withoutPartNet().terms(o, y);
            assertEquals(List.of("attention-ce", "master-ce", "shared-ce-master"), List.copyOf(t.terms().keySet()));
            assertThrows(IllegalArgumentException.class, () -> TasnLoss.paper().terms(o, y), "a part-net loss needs the detail half");
            // the master path sees the same structure image with or without the part-net
            Tasn.Outputs withDetail = net.outputs(new ParameterStore(m, false), x, true, new SplittableRandom(1), true);
            assertArrayEquals(withDetail.structureImages().toFloatArray(), o.structureImages().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void theLossTakesTheRunsSeed() {
        try (NDManager m = NDManager.newBaseManager()) {
            TasnMethod method = tiny(TasnMethod.full());
            Tasn net = (Tasn) method.build(3);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 24, 24));
            assertNotNull(method.loss(net, new int[] {1, 1, 1}, TrainConfig.builder().steps(1).batchSize(2).seed(7).build()));
        }
    }

    @Test
    void thePipelineTrainsEachArmAndStoresViewsOfTheTrainedModel() {
        ImageSet train = squares("train", 8, 1), test = squares("test", 4, 2);
        for (TasnMethod arm : List.of(TasnMethod.uniform(), TasnMethod.full())) {
            ClassificationSpec spec = new ClassificationSpec(ClassificationData.of("squares"), tiny(arm),
                    TrainConfig.builder().steps(3).batchSize(6).adam(1e-3f).logEvery(0).build(), List.of(1L, 2L));
            ClassificationResult r = ClassificationExperiment.run(spec, train, test, glimpse.train.RunCheckpoints.NONE);
            assertEquals(2, r.perSeed().size());
            for (var s : r.perSeed()) {
                assertEquals(3, s.losses().length);
                for (float l : s.losses()) assertTrue(Float.isFinite(l) && l > 0, arm.label() + " loss " + l);
            }
            glimpse.report.TasnViews v = glimpse.report.TasnViews.of(r);
            assertEquals(3, v.names().size(), "one letter per class when there are fewer classes than letters");
            assertEquals(List.of("left", "middle", "right"), v.names());
            ImageSet panels = v.panelSet();
            assertEquals(3 * TasnInspection.COLUMNS.size(), panels.size());
            assertEquals(24, panels.height());
            assertEquals(6, v.mapSet().size(), "the tiny attention net has 6 maps");
            // the first panel is the original image itself
            for (int p = 0; p < 24 * 24; p++)
                assertEquals(train.pixel(train.indicesOfClass(0)[0], 0, p / 24, p % 24), panels.pixel(0, 0, p / 24, p % 24), 1);
            double rowMean = java.util.Arrays.stream(v.rowZoom()).average().orElseThrow();
            assertEquals(1.0, rowMean, 1e-9, "the zoom profile redistributes the output rows; their mean is the uniform density");
        }
    }

    @Test
    void uniformSamplingGivesEveryBandItsShareOfOutputRows() {
        // 16 output rows at 23·i/15 px over 24 px, bands of 6 px: rows 0-3, 4-7, 8-11, 12-15, four each
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = (Tasn) tiny(TasnMethod.uniform()).build(3);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 24, 24));
            double[][] zoom = TasnInspection.zoom(m, net, squares("z", 2, 3), 6, 4);
            assertArrayEquals(new double[] {1, 1, 1, 1}, zoom[0], 1e-9);
            assertArrayEquals(new double[] {1, 1, 1, 1}, zoom[1], 1e-9);
        }
        assertEquals(0, TasnInspection.band(-1f, 24, 4));
        assertEquals(1, TasnInspection.band(0f, 24, 4), "the centre 11.5 px lies in the second 6-px band");
        assertEquals(3, TasnInspection.band(1f, 24, 4));
    }

    @Test
    void ablationsChangeOneSettingAndNameIt() {
        ClassificationSpec base = TasnRecipe.cpu(TasnMethod.full(), 10, 3);
        var norms = TasnAblations.normalisation(base);
        assertEquals(List.of("TASN, normalisation NO_INNER", "TASN, normalisation NO_OUTER", "TASN, normalisation NONE"),
                norms.stream().map(s -> s.method().label()).toList());
        for (var s : norms) assertEquals(base.with(b -> b.method(((TasnMethod) s.method()).withLabel(TasnMethod.full().label())
                .withTrilinear(TrilinearAttention.paper()))), base, "only the normalisation changed");
        var d = TasnAblations.distillation(base, new double[] {2}, new float[] {1});
        assertEquals(new TasnLoss(1, 0.5, 2, new Distillation(10f)), ((TasnMethod) d.get(0).method()).loss());
        assertEquals(new TasnLoss(1, 0.5, 1, new Distillation(1f)), ((TasnMethod) d.get(1).method()).loss());
        var sm = TasnAblations.sampler(base, new int[] {48}, new float[] {2});
        assertEquals(new AttentionSampler(48, 4, 5, AttentionSampler.Convention.CLEAN), ((TasnMethod) sm.get(0).method()).sampler());
        assertEquals(new AttentionSampler(24, 2, 5, AttentionSampler.Convention.CLEAN), ((TasnMethod) sm.get(1).method()).sampler(), "dense changes, the base's 24-px output stays");
        assertEquals(16, ((TasnMethod) TasnAblations.channels(base, new int[] {16}).get(0).method()).attentionNet().channels());
        assertEquals(3, base.seeds().size());
    }
    @Test
    void ablationReferenceKeepsOnlyTheAblationsSeeds() {
        var seed = (java.util.function.LongFunction<ClassificationResult.SeedResult>) k -> new ClassificationResult.SeedResult(k, k / 10.0,
                glimpse.eval.MeanCi.of(new double[] {0, 1}), java.util.Map.of(), new double[] {0}, 1f, new float[] {1f}, 1, 1);
        ClassificationResult three = new ClassificationResult("TASN", "d", "s", 10, new int[] {5}, List.of(), List.of(seed.apply(1), seed.apply(2), seed.apply(3)), null);
        ClassificationResult first = TasnAblations.onSeeds(three, List.of(1L));
        assertEquals(List.of(1L), first.seeds());
        assertArrayEquals(new double[] {0.1}, first.values(glimpse.eval.Metric.OVERALL), 1e-12);
        assertEquals(List.of(1L, 3L), TasnAblations.onSeeds(three, List.of(1L, 3L)).seeds());
        assertThrows(IllegalArgumentException.class, () -> TasnAblations.onSeeds(three, List.of(4L)));
    }
}
