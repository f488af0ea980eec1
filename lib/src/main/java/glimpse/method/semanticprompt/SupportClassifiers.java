package glimpse.method.semanticprompt;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import glimpse.method.semanticprompt.text.TextVectors;

/**
 * Semantic Prompt's test-time classifiers on frozen features (arXiv 2303.14123 §4.1, official test code):
 * 1-shot, the nearest prototype by cosine; 5-shot, L2-regularised logistic regression with C = 1 on
 * L2-normalised support features, each support seen in several augmented views (the official
 * code: 10 — one centre crop and 9 random-resized crops with flips, each with its class prompt; the
 * caller encodes the views and passes all of them with their labels), queries L2-normalised too.
 *
 * <p>The regression is liblinear's (Fan et al. 2008, JMLR 9; Java port {@code de.bwaldvogel:liblinear},
 * BSD-3), solver L2R_LR (primal trust-region Newton). <b>Differences from the official
 * scikit-learn call</b> (lbfgs, multinomial, C = 1): liblinear trains one-vs-rest binary models and
 * predicts the arg-max decision value, and its bias is an extra constant feature (value 1) that is
 * regularised with the weights, where scikit-learn leaves the intercept unpenalised. Same C, same
 * features; on separable episodes both put the support views on the right side.
 */
public final class SupportClassifiers {
    static { Linear.disableDebugOutput(); }

    private SupportClassifiers() {}

    /** Label of the prototype (class mean of the supports) with the largest cosine to each query. */
    public static int[] nearestPrototype(float[][] support, int[] labels, int ways, float[][] queries) {
        int d = support[0].length;
        float[][] protos = new float[ways][d];
        int[] counts = glimpse.fewshot.EpisodicModel.shotsPerClass(labels, ways);
        for (int i = 0; i < support.length; i++)
            for (int j = 0; j < d; j++) protos[labels[i]][j] += support[i][j] / counts[labels[i]];
        int[] out = new int[queries.length];
        for (int q = 0; q < queries.length; q++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < ways; c++) {
                double cos = TextVectors.cosine(queries[q], protos[c]);
                if (cos > best) { best = cos; out[q] = c; }
            }
        }
        return out;
    }

    /** Logistic regression (L2, C) fitted on the L2-normalised supports, predicting the L2-normalised queries. */
    public static int[] logisticRegression(float[][] support, int[] labels, int ways, float[][] queries, double c) {
        glimpse.fewshot.EpisodicModel.shotsPerClass(labels, ways);
        Problem p = new Problem();
        p.l = support.length;
        p.n = support[0].length + 1;
        p.bias = 1;
        p.x = new Feature[support.length][];
        p.y = new double[support.length];
        for (int i = 0; i < support.length; i++) {
            p.x[i] = features(support[i], p.n);
            p.y[i] = labels[i];
        }
        Model model = Linear.train(p, new Parameter(SolverType.L2R_LR, c, 1e-4));
        int[] out = new int[queries.length];
        for (int q = 0; q < queries.length; q++) out[q] = (int) Linear.predict(model, features(queries[q], p.n));
        return out;
    }

    /** 1-based sparse nodes of the L2-normalised vector, then the bias feature at index n. */
    private static Feature[] features(float[] v, int n) {
        float[] u = TextVectors.l2Normalised(v);
        Feature[] f = new Feature[u.length + 1];
        for (int j = 0; j < u.length; j++) f[j] = new FeatureNode(j + 1, u[j]);
        f[u.length] = new FeatureNode(n, 1);
        return f;
    }
}
