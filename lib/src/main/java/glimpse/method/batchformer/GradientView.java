package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * The paper's "gradient view" made visible: G[i][j] = ‖∂L_i / ∂f_j‖, how strongly sample i's loss
 * pulls on sample j's feature. Without BatchFormer G is diagonal (each loss reaches only its own
 * sample); with it every entry is non-zero — each label reaches every sample of the batch, which
 * the paper reads as N−1 virtual samples per label.
 */
public final class GradientView {
    private GradientView() {}

    /**
     * @param net      an initialised net (with an encoder unless mode is NONE)
     * @param features batch features (N, C), as the backbone would produce them
     * @param labels   their classes
     * @return the N×N matrix of gradient norms (encoder in inference mode, so dropout does not blank entries)
     */
    public static double[][] gradientNorms(BatchFormerNet net, TwoStreamLoss.Mode mode, float[][] features, int[] labels, int[] trainCounts) {
        int n = features.length, c = features[0].length;
        double[][] g = new double[n][n];
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logCounts = m.create(ClassLoss.logCounts(trainCounts));
            NDArray y = m.create(java.util.Arrays.stream(labels).asLongStream().toArray());
            for (int i = 0; i < n; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray f = step.create(features);
                    f.setRequiresGradient(true);
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        NDArray rows = TwoStreamLoss.perRow(new ParameterStore(step, false), net, f, y, mode, ClassLoss.CROSS_ENTROPY, logCounts, false);
                        NDArray li = rows.get(i);
                        if (rows.getShape().get(0) == 2L * n) li = li.add(rows.get(n + i));
                        gc.backward(li);
                    }
                    float[] grad = f.getGradient().toFloatArray();
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int k = 0; k < c; k++) s += grad[j * c + k] * grad[j * c + k];
                        g[i][j] = Math.sqrt(s);
                    }
                }
            }
        }
        return g;
    }
}
