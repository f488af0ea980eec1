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
        CrossedMean m = CrossedMean.of(d);
        assertEquals(4, m.mean(), 1e-12);
        assertEquals(2, m.se(), 1e-12);
        assertEquals(576 / 207.25, m.df(), 1e-9);
        assertEquals(2 * 3.330336, m.ci95(), 1e-5);
        // the reported interval is the wider of that and the t-interval over the seed means 3 and 5: s = √2, se = 1,
        // t(0.975, 1) = 12.706205 — so 12.706; the MDD likewise the larger: (12.706205 + 1.376382)·1 against (3.330336 + 0.990875)·2
        MeanCi reported = MeanCi.overSeedsAndEpisodes(d);
        assertEquals(4, reported.mean(), 1e-12);
        assertEquals(12.706205, reported.ci95(), 1e-5);
        assertEquals(2, reported.n(), "n counts the seeds");
        assertEquals(12.706205 + 1.376382, Power.minimalDetectableDifference(d), 1e-5);
        double[][] episodesWeigh = {{1, 2, 6}, {1.5, 2.5, 6.8}};   // seed means 3, 3.6 (se 0.3): the crossed interval is the wider
        assertEquals(CrossedMean.of(episodesWeigh).ci95(), MeanCi.overSeedsAndEpisodes(episodesWeigh).ci95(), 1e-12);
        assertTrue(CrossedMean.of(episodesWeigh).ci95() > MeanCi.overSeeds(new double[] {3, 3.6}).ci95());
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

    /** How often each interval excludes a true 0 over {@code trials} tables d = α_s + β_e + ε of 3 seeds × 30 shared episodes. */
    private static double[] falsePositives(double seedSd, double episodeSd, double residualSd, int trials, long seed) {
        Random rng = new Random(seed);
        int reported = 0, crossed = 0, seeds = 0;
        for (int t = 0; t < trials; t++) {
            double[] beta = new double[30];
            for (int e = 0; e < 30; e++) beta[e] = episodeSd * rng.nextGaussian();
            double[][] d = new double[3][30];
            for (int s = 0; s < 3; s++) {
                double alpha = seedSd * rng.nextGaussian();
                for (int e = 0; e < 30; e++) d[s][e] = alpha + beta[e] + residualSd * rng.nextGaussian();
            }
            if (MeanCi.overSeedsAndEpisodes(d).excludesZero()) reported++;
            CrossedMean m = CrossedMean.of(d);
            if (Math.abs(m.mean()) > m.ci95()) crossed++;
            if (MeanCi.overSeeds(MeanCi.seedMeans(d)).excludesZero()) seeds++;
        }
        return new double[] {reported / (double) trials, crossed / (double) trials, seeds / (double) trials};
    }

    /**
     * Simulated from the model itself (true mean 0). Where the episodes dominate (σ 0.2, 1, 0.5) the t-interval over the
     * seeds' means excludes 0 about 13 % of the time, as it cannot see the episodes' common error; where seeds and episodes
     * weigh alike (σ 1, 1, 1) the crossed interval alone does so about 7.7 % (Satterthwaite's df trusts 2 seed df too
     * much); the reported interval, the wider of the two, stays near 5 % in both.
     */
    @Test
    void itHoldsItsLevelWhereEitherIntervalAloneDoesNot() {
        double[] episodesDominate = falsePositives(0.2, 1, 0.5, 4000, 20261206);
        double reportedRate = episodesDominate[0], seedsRate = episodesDominate[2];
        assertTrue(reportedRate > 0.025 && reportedRate < 0.065, "reported interval's false-positive rate " + reportedRate);
        double[] alike = falsePositives(1, 1, 1, 4000, 20261207);
        assertTrue(alike[0] > 0.025 && alike[0] < 0.065, "reported interval, seeds and episodes alike: " + alike[0]);
        assertTrue(alike[1] > 0.06, "the crossed interval alone: " + alike[1]);
        // the seeds' means vary by σ²_seed + σ²_res/30 = 0.0483 (variance of their mean 0.0161), while the grand mean varies by
        // 0.04/3 + 1/30 + 0.25/90 = 0.0494: the t(2) interval is √(0.0494/0.0161) = 1.75× too narrow, P(|t₂| > 4.303/1.75) = 0.133
        assertTrue(seedsRate > 0.10 && seedsRate < 0.17, "over seeds alone: " + seedsRate);
    }
}
