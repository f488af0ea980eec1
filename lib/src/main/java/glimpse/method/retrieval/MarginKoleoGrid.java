package glimpse.method.retrieval;

import glimpse.experiment.Experiments;

import java.util.ArrayList;
import java.util.List;

/**
 * The margin β × KoLeo weight λ grid of El-Nouby et al. (arXiv 2102.05644 §4, Table 5): one recipe
 * run at every (β, λ) through the cached runner. {@code cells.get(i).get(j)} is β_i, λ_j.
 */
public record MarginKoleoGrid(double[] betas, double[] lambdas, List<List<RetrievalResult>> cells) {

    public static MarginKoleoGrid run(RetrievalSpec recipe, double[] betas, double[] lambdas) {
        List<RetrievalSpec> grid = new ArrayList<>();
        for (double beta : betas)
            for (double lambda : lambdas) grid.add(recipe.with(b -> b.margin(beta).koleo(lambda)));
        List<RetrievalResult> all = Experiments.cachedAll(RetrievalExperiment.INSTANCE, grid);   // one batch: a task per grid point on a cluster
        List<List<RetrievalResult>> rows = new ArrayList<>();
        for (int i = 0; i < betas.length; i++) rows.add(List.copyOf(all.subList(i * lambdas.length, (i + 1) * lambdas.length)));
        return new MarginKoleoGrid(betas.clone(), lambdas.clone(), rows);
    }

    public RetrievalResult at(int betaIndex, int lambdaIndex) { return cells.get(betaIndex).get(lambdaIndex); }

    /** Recall@K in percent, mean over each cell's seeds: rows β, columns λ (the heat map's cells). */
    public double[][] meanRecallPercent(int k) {
        double[][] m = new double[betas.length][lambdas.length];
        for (int i = 0; i < betas.length; i++)
            for (int j = 0; j < lambdas.length; j++) m[i][j] = 100 * at(i, j).recall(k).mean();
        return m;
    }
}
