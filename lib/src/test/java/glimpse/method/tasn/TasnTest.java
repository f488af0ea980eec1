package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import glimpse.nn.ResNets;
import glimpse.train.LossTerms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TasnTest {
    private static final int CLASSES = 3;

    /** A tiny TASN: 24-px images, a 12-px attention view, 16-px sampled images, 6 attention maps. */
    static Tasn tiny(NDManager m, Tasn.Sampling sampling) {
        AttentionNet att = new AttentionNet(3, 1, false, List.of(4, 8), List.of(1, 1), List.of(1, 2), 6, List.of(1, 2), List.of(1, 2, 3));
        Tasn.Config config = new Tasn.Config(12, TrilinearAttention.paper(), AttentionSampler.of(16), sampling, CLASSES);
        Tasn net = new Tasn(config, att, ResNets.resnet12(new int[] {8, 16}, true));
        net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 24, 24));
        return net;
    }

    @Test
    void trainingStepHasFiniteNamedTermsAndGradientsEverywhere() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = tiny(m, Tasn.Sampling.ATTENTION);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 24, 24)), y = m.create(new long[] {0, 2});
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                Tasn.Outputs o = net.outputs(new ParameterStore(m, false), x, true, new SplittableRandom(1));
                assertEquals(new Shape(2, 1, 16, 16), o.structureImages().getShape());
                assertEquals(new Shape(2, 1, 16, 16), o.detailImages().getShape());
                LossTerms terms = TasnLoss.paper().terms(o, y);
                assertEquals(List.of("attention-ce", "part-ce", "master-ce", "shared-ce-part", "shared-ce-master", "distill"),
                        List.copyOf(terms.terms().keySet()));
                for (Map.Entry<String, NDArray> t : terms.terms().entrySet())
                    assertTrue(Float.isFinite(t.getValue().getFloat()) && t.getValue().getFloat() > 0, t.getKey());
                // weights 0.5 on the head CEs: each is half of the CE of its logits (ln 3 ≈ 1.1 at random init, so < 1.5 after halving)
                assertEquals(0.5 * glimpse.train.StepLoss.crossEntropy(o.partLogits(), y).getFloat(), terms.terms().get("part-ce").getFloat(), 1e-6);
                gc.backward(terms.total());
            }
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getValue().requiresGradient()) continue;
                float maxAbs = p.getValue().getArray().getGradient().abs().max().getFloat();
                assertTrue(Float.isFinite(maxAbs) && maxAbs > 0, p.getKey() + " got no gradient");
            }
        }
    }

    @Test
    void noGradientReachesTheAttentionNetworkFromTheSampledImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = tiny(m, Tasn.Sampling.ATTENTION);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 24, 24)), y = m.create(new long[] {1, 0});
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                LossTerms terms = TasnLoss.paper().terms(net.outputs(new ParameterStore(m, false), x, true, new SplittableRandom(2)), y);
                NDArray downstream = terms.total().sub(terms.terms().get("attention-ce"));
                gc.backward(downstream);
            }
            int attention = 0, others = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getValue().requiresGradient()) continue;
                float maxAbs = p.getValue().getArray().getGradient().abs().max().getFloat();
                if (p.getKey().startsWith("01attention") || p.getKey().startsWith("02attentionHead")) {
                    assertEquals(0f, maxAbs, p.getKey() + " must get no gradient from the sampler's side");
                    attention++;
                } else if (maxAbs > 0) others++;
            }
            assertTrue(attention > 0 && others > 0, "the check must cover both sides");
        }
    }

    @Test
    void predictionIsTheSharedHeadOnTheStructureImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = tiny(m, Tasn.Sampling.ATTENTION);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 24, 24));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray predicted = net.forward(ps, new NDList(x), false).head();
            Tasn.Outputs o = net.outputs(ps, x, false, new SplittableRandom(3));
            assertEquals(new Shape(2, CLASSES), predicted.getShape());
            // at test the detail map is the sum, so the structure image alone decides (shared head, master half)
            assertArrayEquals(o.sharedMasterLogits().toFloatArray(), predicted.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void uniformSamplingIsAPlainResize() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = tiny(m, Tasn.Sampling.UNIFORM);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 24, 24));
            Tasn.Outputs o = net.outputs(new ParameterStore(m, false), x, true, new SplittableRandom(4));
            float[] resized = glimpse.nn.GridSample.resize(x, 16, 16).toFloatArray();
            assertArrayEquals(resized, o.structureImages().toFloatArray(), 1e-5f);
            assertArrayEquals(resized, o.detailImages().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void theUniformBaselineNeverRunsTheAttentionNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tasn net = tiny(m, Tasn.Sampling.UNIFORM);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 24, 24)), y = m.create(new long[] {2, 1});
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                Tasn.Outputs o = net.outputs(ps, x, true, new SplittableRandom(5), false);
                assertNull(o.attentionLogits(), "nothing downstream reads the maps, so the attention net is not run");
                LossTerms terms = TasnLoss.paper().withoutPartNet().terms(o, y);
                assertEquals(List.of("master-ce", "shared-ce-master"), List.copyOf(terms.terms().keySet()));
                gc.backward(terms.total());
            }
            int attention = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (!p.getValue().requiresGradient() || !p.getKey().startsWith("01attention")) continue;
                NDArray g = p.getValue().getArray().getGradient();
                assertEquals(0f, g.abs().max().getFloat(), p.getKey());
                attention++;
            }
            assertTrue(attention > 0);
            // prediction: the shared head on the plain resize, whatever the (untrained) attention net would say
            NDArray resized = glimpse.nn.GridSample.resize(x, 16, 16);
            NDArray direct = net.getChildren().get(5).getValue().forward(ps,
                    net.getChildren().get(2).getValue().forward(ps, new NDList(resized), false), false).head();
            assertArrayEquals(direct.toFloatArray(), net.forward(ps, new NDList(x), false).head().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void sharedDilatedConvUsesOneWeightAtEveryDilation() {
        int size = 5;
        float[] img = new float[size * size], k = {1, -2, 0.5f, 0, 1, 0, -1, 0.25f, 2};
        for (int i = 0; i < img.length; i++) img[i] = (float) Math.sin(i * 1.3);
        try (NDManager m = NDManager.newBaseManager()) {
            SharedDilatedConv conv = new SharedDilatedConv(1, 1, 2);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
            assertEquals(9 + 1, glimpse.nn.Blocks.parameterCount(conv), "one 3×3 weight and one bias for both dilations");
            conv.getParameters().get("weight").getArray().set(k);
            conv.getParameters().get("bias").getArray().set(new float[] {0.1f});
            float[] got = conv.forward(new ParameterStore(m, false), new NDList(m.create(img, new Shape(1, 1, size, size))), false)
                    .head().toFloatArray();
            for (int i = 0; i < size; i++)
                for (int j = 0; j < size; j++) {
                    double expected = 0;
                    for (int d = 1; d <= 2; d++) {
                        double s = 0.1;
                        for (int a = -1; a <= 1; a++)
                            for (int b = -1; b <= 1; b++) {
                                int r = i + a * d, c = j + b * d;
                                if (r >= 0 && r < size && c >= 0 && c < size) s += k[(a + 1) * 3 + b + 1] * img[r * size + c];
                            }
                        expected += Math.max(0, s);
                    }
                    assertEquals(expected, got[i * size + j], 1e-5, "(" + i + ", " + j + ")");
                }
        }
    }

    @Test
    void paperAttentionNetMaps224PixelsTo28By28With512Maps() {
        Shape out = AttentionNet.resnet18().build().getOutputShapes(new Shape[] {new Shape(1, 3, 224, 224)})[0];
        assertEquals(new Shape(1, 512, 28, 28), out);
    }

    @Test
    void attentionNetFlopsAreTheSumOfItsConvolutionsWorkedByHand() {
        // 8 px, 3 channels: stem 3→4 (3×3, 8×8) 2·4·64·27 = 13824; block 4→4 stride 2: 2·4·16·36 = 4608 twice,
        // projection 1×1 stride 2: 2·4·16·4 = 512; group 1 (4→6, dilations 1, 2 on 4×4): 2 × 2·6·16·36 = 13824;
        // group 2 (6→6, dilation 1): 2·6·16·54 = 10368
        AttentionNet tiny = new AttentionNet(3, 1, false, List.of(4), List.of(1), List.of(2), 6, List.of(1, 2), List.of(1));
        assertEquals(13824 + 4608 + 4608 + 512 + 13824 + 10368, tiny.flops(3, 8));
        // the paper's at 224 px: ~26 GFLOPs, most of it the 512→512 dilated groups on 28×28 (5 × 3.7 G)
        long paper = AttentionNet.resnet18().flops(3, 224);
        assertEquals(5L * 2 * 512 * 28 * 28 * 512 * 9, paper - AttentionNet.resnet18().with(b -> b.firstDilations(List.of()).secondDilations(List.of())).flops(3, 224));
    }
}
