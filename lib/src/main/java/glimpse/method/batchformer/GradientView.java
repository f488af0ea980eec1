package glimpse.method.batchformer;

import ai.djl.ndarray.types.Shape;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
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

    /** The gradient view of a net without and with BatchFormer on the same batch. */
    public record Comparison(double[][] without, double[][] with) {
        /** Off-diagonal entries that are not zero: labels reaching other samples' features. */
        public static long offDiagonalNonZero(double[][] g) {
            long k = 0;
            for (int i = 0; i < g.length; i++) for (int j = 0; j < g.length; j++) if (j != i && g[i][j] != 0) k++;
            return k;
        }

        public String summary() {
            int n = without.length;
            return "off-diagonal non-zero entries: without " + offDiagonalNonZero(without) + ", with BatchFormer " + offDiagonalNonZero(with)
                    + " of " + n * (n - 1);
        }
    }

    /**
     * {@code n} Gaussian features of width {@code c} (seed 0), labels i mod 4, class counts
     * {@code trainCounts}; a Conv-4 + linear net without an encoder (baseline loss) and one with
     * BatchFormer (shared classifier), both initialised with engine seed 0.
     */
    public static Comparison demo(int n, int c, int[] trainCounts) {
        java.util.Random rng = new java.util.Random(0);
        float[][] feats = new float[n][c];
        for (float[] row : feats) for (int k = 0; k < c; k++) row[k] = (float) rng.nextGaussian();
        int[] ys = java.util.stream.IntStream.range(0, n).map(i -> i % 4).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(0);
            BatchFormerNet plain = new BatchFormerNet(Conv4.build(c, Conv4.Output.FLATTEN), Blocks.linearHead(4), null);
            BatchFormerNet withBf = new BatchFormerNet(Conv4.build(c, Conv4.Output.FLATTEN), Blocks.linearHead(4), new BatchFormer(c, BatchFormer.Config.paper()));
            Blocks.initialize(plain, m, new Shape(n, 1, 28, 28));
            Blocks.initialize(withBf, m, new Shape(n, 1, 28, 28));
            return new Comparison(gradientNorms(plain, TwoStreamLoss.Mode.NONE, feats, ys, trainCounts),
                    gradientNorms(withBf, TwoStreamLoss.Mode.SHARED_CLASSIFIER, feats, ys, trainCounts));
        }
    }
}
