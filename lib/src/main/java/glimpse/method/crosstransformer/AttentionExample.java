package glimpse.method.crosstransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.data.EpisodeTensors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;

/**
 * Where a trained CrossTransformer looks: for one query image and each of its H×W positions p,
 * the attention ã over every position m of every support image j of the query's own class
 * ({@code weights[p][j][m]}, summing to 1 over (j, m) for each p).
 *
 * @param queryImage    index of the query in the image set
 * @param supportImages indices of the supports of the query's class, in episode order
 * @param mapHeight     feature-map height (positions are row-major)
 * @param predicted     the episode label the model predicts for the query; {@code trueLabel} its label
 */
public record AttentionExample(int queryImage, int[] supportImages, int mapHeight, int mapWidth, double[][][] weights,
                               int predicted, int trueLabel) {

    /** Runs the model (inference mode) on {@code episode} and keeps the attention of query number {@code q}. */
    public static AttentionExample of(CrossTransformer model, NDManager manager, ImageSet set, Episode episode, int q) {
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            EpisodeTensors t = EpisodeTensors.of(m, set, episode);
            NDArray fs = model.backbone().forward(ps, new NDList(t.support()), false).singletonOrThrow();
            NDArray fq = model.backbone().forward(ps, new NDList(t.query()), false).singletonOrThrow();
            NDArray wk = ps.getValue(model.keyHead(), fs.getDevice(), false), wv = ps.getValue(model.valueHead(), fs.getDevice(), false);
            CrossTransformer.Result r = CrossTransformer.forward(fs, episode.supportLabels(), episode.ways(), fq, wk, wv);
            int label = episode.queryLabels()[q];
            int h = (int) fq.getShape().get(2), w = (int) fq.getShape().get(3), shots = episode.shots();
            // attention (n_q, N, HW', K·HW): supports of a class are grouped in episode order
            float[] a = r.attention().get(q + "," + label).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int hwS = (int) (fs.getShape().get(2) * fs.getShape().get(3)), hwQ = h * w;
            double[][][] weights = new double[hwQ][shots][hwS];
            for (int p = 0; p < hwQ; p++)
                for (int j = 0; j < shots; j++)
                    for (int mm = 0; mm < hwS; mm++) weights[p][j][mm] = a[p * shots * hwS + j * hwS + mm];
            int[] supports = new int[shots];
            int k = 0;
            for (int j = 0; j < episode.support().length; j++) if (episode.supportLabels()[j] == label) supports[k++] = episode.support()[j];
            int predicted = (int) r.logits().get(q).argMax().getLong();
            return new AttentionExample(episode.query()[q], supports, h, w, weights, predicted, label);
        }
    }
}
