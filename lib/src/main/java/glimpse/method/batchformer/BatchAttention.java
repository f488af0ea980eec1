package glimpse.method.batchformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;

import java.util.Arrays;

/**
 * The first layer's head-averaged attention over one training batch of the first seed's trained
 * model (inference mode), rows and columns ordered by class (head class first).
 */
public record BatchAttention(double[][] matrix, int[] labels) {
    /** Mean over rows of the attention mass a sample puts on samples of its own class. */
    public double sameClassMass() {
        double s = 0;
        for (int i = 0; i < labels.length; i++)
            for (int j = 0; j < labels.length; j++) if (labels[j] == labels[i]) s += matrix[i][j];
        return s / labels.length;
    }

    /** The same quantity for uniform attention: mean over rows of (own-class samples in the batch) / N. */
    public double sameClassChance() {
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            int same = 0;
            for (int y : labels) if (y == labels[i]) same++;
            s += same / (double) labels.length;
        }
        return s / labels.length;
    }

    /** "class 0 ×52, class 1 ×31, …": how the ordered rows split into classes. */
    public String classRuns() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.length; ) {
            int j = i;
            while (j < labels.length && labels[j] == labels[i]) j++;
            if (sb.length() > 0) sb.append(", ");
            sb.append("class ").append(labels[i]).append(" ×").append(j - i);
            i = j;
        }
        return sb.toString();
    }

    /** Attention over one class-sorted training batch (seeded by the run's seed), in inference mode. */
    public static BatchAttention of(NDManager manager, BatchFormerNet net, ImageSet train, int batchSize, long seed) {
        int n = Math.min(batchSize, train.size());
        int[] perm = Draws.permutation(train.size(), Seeds.attentionBatch(seed));
        Integer[] batch = Arrays.stream(Arrays.copyOf(perm, n)).boxed().toArray(Integer[]::new);
        Arrays.sort(batch, java.util.Comparator.comparingInt((Integer i) -> train.label(i)).thenComparingInt(i -> i));
        int[] idx = Arrays.stream(batch).mapToInt(Integer::intValue).toArray();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray features = net.backbone().forward(ps, new NDList(train.toTensor(m, idx)), false).head();
            BatchFormer bf = (BatchFormer) net.encoder().orElseThrow();
            float[] flat = bf.attention(ps, features).toFloatArray();
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = flat[i * n + j];
            return new BatchAttention(a, Arrays.stream(idx).map(train::label).toArray());
        }
    }
}
