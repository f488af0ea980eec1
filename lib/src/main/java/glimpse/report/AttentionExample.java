package glimpse.report;

/**
 * Where a trained CrossTransformer looks, as stored with a CTX outcome (measured by
 * {@code glimpse.method.crosstransformer.CtxMethod#inspect}; read with
 * {@code outcome.inspection(AttentionExample.class)}): for one query image and each of its H×W
 * positions p, the attention ã over every position m of every support image j of the query's own
 * class ({@code weights[p][j][m]}, summing to 1 over (j, m) for each p). A picture's data, kept out of
 * the packages whose code keys cached results, so a change here recomputes nothing.
 *
 * @param queryImage    index of the query in the image set
 * @param supportImages indices of the supports of the query's class, in episode order
 * @param mapHeight     feature-map height (positions are row-major)
 * @param predicted     the episode label the model predicts for the query; {@code trueLabel} its label
 */
public record AttentionExample(int queryImage, int[] supportImages, int mapHeight, int mapWidth, double[][][] weights,
                               int predicted, int trueLabel) {
}
