package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

import java.util.Arrays;

/**
 * One 3×3 convolution (weight and bias) applied at several dilations, each branch through its own
 * ReLU, the branches summed: Σ_d ReLU(conv_d(F)) with padding d, so the map keeps its size. TASN's
 * attention network ends in two such groups (dilations 1, 2 then 1, 2, 3; Zheng et al., CVPR 2019,
 * §4.1 and the official {@code model.py}): sharing the weight widens the receptive field at no
 * extra parameters.
 */
public final class SharedDilatedConv extends AbstractBlock {
    private final int filters;
    private final int[] dilations;
    private final Parameter weight, bias;

    public SharedDilatedConv(int filters, int... dilations) {
        if (filters <= 0 || dilations.length == 0) throw new IllegalArgumentException("need filters > 0 and at least one dilation");
        for (int d : dilations) if (d < 1) throw new IllegalArgumentException("dilations must be ≥ 1, got " + Arrays.toString(dilations));
        this.filters = filters;
        this.dilations = dilations.clone();
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new XavierInitializer()).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).build());
    }

    public int[] dilations() { return dilations.clone(); }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(filters, inputShapes[0].get(1), 3, 3));
        bias.setShape(new Shape(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training), b = ps.getValue(bias, x.getDevice(), training);
        NDArray sum = null;
        for (int d : dilations) {
            NDArray branch = Activation.relu(Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(d, d), new Shape(d, d)).singletonOrThrow());
            sum = sum == null ? branch : sum.add(branch);
        }
        return new NDList(sum);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), filters, s.get(2), s.get(3))};
    }
}
