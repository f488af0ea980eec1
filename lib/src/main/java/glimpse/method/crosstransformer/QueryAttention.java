package glimpse.method.crosstransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Gson;
import glimpse.data.EpisodeTensors;
import glimpse.data.ImageInput;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;

/**
 * Where a trained CrossTransformer looks, measured: for one query image and each of its H×W
 * positions p, the attention ã over every position m of every support image j of the query's own
 * class ({@code weights[p][j][m]}, summing to 1 over (j, m) for each p). Stored with the outcome as
 * JSON; {@code glimpse.report.AttentionExample} reads it back and draws it, outside the code whose
 * changes recompute cached results.
 */
public final class QueryAttention {
    private QueryAttention() {}

    /** Runs the model (inference mode) on {@code episode}, its images made into {@code input}, and keeps the attention of query number {@code q}. */
    public static JsonElement of(CrossTransformer model, NDManager manager, ImageSet set, ImageInput input, Episode episode, int q) {
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            EpisodeTensors t = EpisodeTensors.of(m, set, episode, input);
            NDArray fs = model.backbone().forward(ps, new NDList(t.support()), false).singletonOrThrow();
            NDArray fq = model.backbone().forward(ps, new NDList(t.query()), false).singletonOrThrow();
            NDArray wk = ps.getValue(model.keyHead(), fs.getDevice(), false), wv = ps.getValue(model.valueHead(), fs.getDevice(), false);
            CrossTransformer.Result r = CrossTransformer.forward(fs, episode.supportLabels(), episode.ways(), fq, wk, wv);
            int label = episode.queryLabels()[q];
            int h = (int) fq.getShape().get(2), w = (int) fq.getShape().get(3), shots = episode.shotsOf(label);
            // attention (n_q, N, HW', K·HW): supports of a class are grouped in episode order, K the most of any class
            float[] a = r.attention().get(q + "," + label).toType(DataType.FLOAT32, false).toFloatArray();
            int hwS = (int) (fs.getShape().get(2) * fs.getShape().get(3)), hwQ = h * w;
            int row = (int) r.attention().getShape().get(3);
            double[][][] weights = new double[hwQ][shots][hwS];
            for (int p = 0; p < hwQ; p++)
                for (int j = 0; j < shots; j++)
                    for (int mm = 0; mm < hwS; mm++) weights[p][j][mm] = a[p * row + j * hwS + mm];
            int[] supports = new int[shots];
            int k = 0;
            for (int j = 0; j < episode.support().length; j++) if (episode.supportLabels()[j] == label) supports[k++] = episode.support()[j];
            int predicted = (int) r.logits().get(q).argMax().getLong();
            Gson gson = new Gson();
            JsonObject o = new JsonObject();
            o.addProperty("queryImage", episode.query()[q]);
            o.add("supportImages", gson.toJsonTree(supports));
            o.addProperty("mapHeight", h);
            o.addProperty("mapWidth", w);
            o.add("weights", gson.toJsonTree(weights));
            o.addProperty("predicted", predicted);
            o.addProperty("trueLabel", label);
            return o;
        }
    }
}
