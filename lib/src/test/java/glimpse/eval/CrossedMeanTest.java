package glimpse.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The interval over seeds and the episodes they share: hand-worked ANOVA, its two limits, and its coverage by simulation. */
class CrossedMeanTest {

    @Test
    void aHandWorkedTableWithAllThreeComponents() {
        // seeds × episodes [[1, 2, 6], [3, 3, 9]]: seed means 3, 5; episode means 2, 2.5, 7.5; grand mean 4
        // MS_seed = 3·(1 + 1)/1 = 6; MS_episode = 2·(4 + 2.25 + 12.25)/2 = 18.5; residuals 0, ±0.5: MS_res = 1/2 = 0.5
        // se² = (6 + 18.5 − 0.5)/(2·3) = 4, se = 2; Satterthwaite df = 24²/(6²/1 + 18.5²/2 + 0.5²/2) = 576/207.25 = 2.77925
        // t(0.975, 2.77925) = 3.330336 and t(0.80, 2.77925) = 0.990875 (scipy.stats.t.ppf)
        double[][] d = {{1, 2, 6}, {3, 3, 9}};
        MeanCi m = MeanCi.overSeedsAndEpisodes(d);
        assertEquals(4, m.mean(), 1e-12);
        assertEquals(2 * 3.330336, m.ci95(), 1e-5);
        assertEquals(2, m.n(), "n counts the seeds");
        assertEquals((3.330336 + 0.990875) * 2, Power.minimalDetectableDifference(d), 1e-5);
    }

    @Test
    void identicalEpisodesInEachSeedGiveTheTIntervalOverSeeds() {
        double[] perSeed = {0.15, 0.01, 0.02};
        double[][] d = new double[3][30];
        for (int s = 0; s < 3; s++) java.util.Arrays.fill(d[s], perSeed[s]);
        MeanCi crossed = MeanCi.overSeedsAndEpisodes(d), seeds = MeanCi.overSeeds(perSeed);
        assertEquals(seeds.mean(), crossed.mean(), 1e-12);
        assertEquals(seeds.ci95(), crossed.ci95(), 1e-9);
        assertEquals(Power.minimalDetectableDifference(perSeed), Power.minimalDetectableDifference(d), 1e-9);
    }

    @Test
    void identicalSeedsGiveTheTIntervalOverEpisodes() {
        // three seeds that lose the same 0.4 pp on average: the t-interval over seeds is ±0, the episodes still vary
        double[] episodes = {-0.02, 0.0, 0.01, -0.01, 0.0, -0.004};
        double[][] d = {episodes, episodes, episodes};
        double mean = -0.004, ss = 0;
        for (double e : episodes) ss += (e - mean) * (e - mean);
        double se = Math.sqrt(ss / 5) / Math.sqrt(6);
        assertEquals(0, MeanCi.overSeeds(new double[] {mean, mean, mean}).ci95(), 1e-15, "the seeds alone see no spread");
        MeanCi crossed = MeanCi.overSeedsAndEpisodes(d);
        assertEquals(mean, crossed.mean(), 1e-12);
        assertEquals(MeanCi.tQuantile975(5) * se, crossed.ci95(), 1e-9);
        assertFalse(crossed.excludesZero());
    }

    @Test
    void oneSeedHasNoIntervalAndEqualDifferencesHaveAZeroOne() {
        assertTrue(Double.isNaN(MeanCi.overSeedsAndEpisodes(new double[][] {{0.1, 0.2}}).ci95()));
        assertTrue(Double.isNaN(Power.minimalDetectableDifference(new double[][] {{0.1, 0.2}})));
        MeanCi same = MeanCi.overSeedsAndEpisodes(new double[][] {{0.1, 0.1}, {0.1, 0.1}});
        assertEquals(0, same.ci95());
        assertTrue(same.excludesZero());
        assertThrows(IllegalArgumentException.class, () -> MeanCi.overSeedsAndEpisodes(new double[][] {{0.1, 0.2}, {0.1}}));
    }

    /**
     * Simulated from the model itself, d = α_s + β_e + ε (true mean 0; σ 0.2, 1, 0.5; 3 seeds, 30 shared episodes):
     * the crossed interval excludes 0 about 5 % of the time, the t-interval over the seeds' means about 13 %, as it
     * cannot see the episodes' common error.
     */
    @Test
    void itHoldsItsLevelWhereTheIntervalOverSeedsAloneDoesNot() {
        Random rng = new Random(20261206);
        int trials = 4000, crossedWrong = 0, seedsWrong = 0;
        for (int t = 0; t < trials; t++) {
            double[] beta = new double[30];
            for (int e = 0; e < 30; e++) beta[e] = rng.nextGaussian();
            double[][] d = new double[3][30];
            double[] seedMeans = new double[3];
            for (int s = 0; s < 3; s++) {
                double alpha = 0.2 * rng.nextGaussian();
                for (int e = 0; e < 30; e++) { d[s][e] = alpha + beta[e] + 0.5 * rng.nextGaussian(); seedMeans[s] += d[s][e] / 30; }
            }
            if (MeanCi.overSeedsAndEpisodes(d).excludesZero()) crossedWrong++;
            if (MeanCi.overSeeds(seedMeans).excludesZero()) seedsWrong++;
        }
        double crossedRate = crossedWrong / (double) trials, seedsRate = seedsWrong / (double) trials;
        assertTrue(crossedRate > 0.03 && crossedRate < 0.07, "crossed interval's false-positive rate " + crossedRate);
        // the seeds' means vary by σ²_seed + σ²_res/30 = 0.0483 (variance of their mean 0.0161), while the grand mean varies by
        // 0.04/3 + 1/30 + 0.25/90 = 0.0494: the t(2) interval is √(0.0494/0.0161) = 1.75× too narrow, P(|t₂| > 4.303/1.75) = 0.133
        assertTrue(seedsRate > 0.10 && seedsRate < 0.17, "over seeds alone: " + seedsRate);
    }
}
