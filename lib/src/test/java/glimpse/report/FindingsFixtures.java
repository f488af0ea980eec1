package glimpse.report;

import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.PaperEffect;

import java.util.List;
import java.util.stream.LongStream;

/** Constructed comparisons for the findings tests: per-seed differences chosen so that the verdict is known. */
final class FindingsFixtures {
    private FindingsFixtures() {}

    static final Convergence CONVERGED = new Convergence(Convergence.Status.CONVERGED, 1.0, 1.0, 0.0);
    static final Convergence FALLING = new Convergence(Convergence.Status.STILL_FALLING, 1.0, 0.8, -0.2);
    /** +5, +6, +5.5 pp: t-CI 4.303·0.5/√3 = 1.24 pp, significant. */
    static final double[] GAIN = {0.05, 0.06, 0.055};
    static final double[] LOSS = {-0.05, -0.06, -0.055};
    /** +5, −5, +1 pp: the interval includes 0. */
    static final double[] NOTHING = {0.05, -0.05, 0.01};

    static FewShotResults.Comparison fewShot(String a, String b, int shots, double[] perSeed, Convergence aTraining, PaperEffect paper) {
        double[] within = new double[perSeed.length];
        java.util.Arrays.fill(within, 0.01);
        List<Long> seeds = LongStream.rangeClosed(1, perSeed.length).boxed().toList();
        return new FewShotResults.Comparison(a, b, "glyphs novel", 5, shots, seeds, perSeed, within, 30, MeanCi.overSeeds(perSeed), aTraining, CONVERGED, paper, flatEpisodes(perSeed));
    }

    /** 30 episodes per seed, each equal to the seed's difference: the interval over seeds and episodes is then the t-interval over seeds. */
    static double[][] flatEpisodes(double[] perSeed) {
        double[][] d = new double[perSeed.length][30];
        for (int i = 0; i < perSeed.length; i++) java.util.Arrays.fill(d[i], perSeed[i]);
        return d;
    }

    static FewShotResults.Comparison fewShot(String a, String b, int shots, double[] perSeed) { return fewShot(a, b, shots, perSeed, CONVERGED, null); }

    static RetrievalResults.Comparison retrieval(String a, double[] perSeed, Convergence aTraining) {
        List<Long> seeds = LongStream.rangeClosed(1, perSeed.length).boxed().toList();
        return new RetrievalResults.Comparison(a, "IRT_O ResNet/mean", "glyphs", seeds, new MeanCi[0], perSeed, aTraining,
                new Convergence(Convergence.Status.NOT_TRAINED, Double.NaN, Double.NaN, Double.NaN), null);
    }
}
