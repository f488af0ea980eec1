package glimpse.method.semanticprompt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Stage 2's two parameter groups on the real parameter names of an SP network, and the gradient the prompt path carries to them. */
class SpMetaTuningGroupsTest {

    private static SpNet net(NDManager m) {
        Visformer.Config spec = Visformer.cpu32Lite();
        SpNet net = SpMethod.paper().build(spec, 8);
        net.visformer().initialize(m, DataType.FLOAT32, new Shape(2, 1, 32, 32));
        net.semanticPrompt().initialize(m, DataType.FLOAT32, new Shape(2, spec.lastStageTokens(), spec.featureDim()), new Shape(2, 8));
        return net;
    }

    private static boolean projection(String name) { return name.contains("spatialProjection") || name.contains("channelProjection"); }

    @Test
    void projectionsTrainAtTheirLrAndEverythingElseTheSeMlpIncludedAtOneMillionth() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpNet net = net(m);
            SpSpec paper = SpSpec.cpu(glimpse.fewshot.FewShotTask.fashionMnistHeldOut(), SpMethod.paper(), 1, 10, 1,
                    new glimpse.fewshot.FewShotEval(5, new int[] {1}, 3, 2, 1));
            for (float lr : new float[] {SpSpec.PROJECTION_LR, 5e-3f}) {
                TrainConfig c = lr == SpSpec.PROJECTION_LR ? paper.metaTuning() : paper.withProjectionLr(lr).metaTuning();
                int projections = 0, se = 0, others = 0;
                for (Pair<String, Parameter> p : net.getParameters()) {
                    if (!p.getValue().requiresGradient()) continue;
                    String name = p.getKey();
                    double effective = c.learningRateAt(0) * c.lrMultiplierFor(name);
                    double expected = projection(name) ? lr : SpSpec.BACKBONE_LR;
                    assertEquals(expected, effective, expected * 1e-5, name + " at projection lr " + lr);
                    assertEquals(SpSpec.WEIGHT_DECAY, c.weightDecayFor(name), 1e-9, name);
                    if (projection(name)) projections++;
                    else if (name.contains("se1") || name.contains("se2")) se++;
                    else others++;
                }
                assertEquals(2, projections, "h_s and W_c, one weight each (no bias)");
                assertEquals(4, se, "W1, b1, W2, b2 of the SE-MLP");
                assertTrue(others > 20, "the backbone's parameters: " + others);
            }
        }
    }

    @Test
    void bothTextProjectionsReceiveAGradientThroughThePromptedSupportFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            SpNet net = net(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomUniform(0, 1, new Shape(2, 1, 32, 32)), texts = m.randomNormal(new Shape(2, 8));
            NDArray direction = m.randomNormal(new Shape(2, Visformer.cpu32Lite().featureDim()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray f = net.encodeWithText(ps, images, texts, true);
                gc.backward(f.mul(direction).sum());
            }
            for (Pair<String, Parameter> p : net.getParameters())
                if (projection(p.getKey())) {
                    float g = p.getValue().getArray().getGradient().abs().max().getFloat();
                    assertTrue(g > 1e-6 && Float.isFinite(g), p.getKey() + " gradient " + g);
                }
        }
    }
}
