package glimpse.method.protonet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.fewshot.EpisodicModel;
import glimpse.nn.Distances;

/**
 * Prototypical Networks (Snell et al. 2017), the CrossTransformers baseline: the prototype of a
 * class is the mean of its support embeddings, and the logit of class c is −‖φ(q) − p_c‖².
 * The embedding is whatever the backbone outputs, flattened: a pooled backbone gives the
 * global-average embedding of the paper's ResNet baseline, an unpooled one the flattened map of
 * the original Conv-4 ProtoNet.
 */
public final class ProtoNet extends EpisodicModel {

    public ProtoNet(Block backbone) { super(backbone); }

    @Override
    public NDArray logits(ParameterStore ps, NDArray supportFeatures, int[] supportLabels, int ways, NDArray queryFeatures, boolean training) {
        return logits(flatten(supportFeatures), supportLabels, ways, flatten(queryFeatures));
    }

    /** −squared Euclidean distance from each query embedding (n_q, d) to each class mean of the supports (n_s, d). */
    public static NDArray logits(NDArray supportEmbeddings, int[] supportLabels, int ways, NDArray queryEmbeddings) {
        return Distances.squaredEuclidean(queryEmbeddings, prototypes(supportEmbeddings, supportLabels, ways)).neg();
    }

    /** Class means (ways, d) as one matrix product with the averaging matrix A[c, j] = [y_j = c] / K_c. */
    public static NDArray prototypes(NDArray supportEmbeddings, int[] supportLabels, int ways) {
        int[] counts = shotsPerClass(supportLabels, ways);
        int ns = supportLabels.length;
        double[] avg = new double[ways * ns];
        for (int j = 0; j < ns; j++) avg[supportLabels[j] * ns + j] = 1.0 / counts[supportLabels[j]];
        NDArray a = supportEmbeddings.getManager().create(avg, new Shape(ways, ns)).toType(supportEmbeddings.getDataType(), false)
                .toDevice(supportEmbeddings.getDevice(), false);
        return a.matMul(supportEmbeddings);
    }

    static NDArray flatten(NDArray x) { return x.reshape(x.getShape().get(0), -1); }
}
