package glimpse.bench;

import glimpse.data.sampling.Seeds;
import glimpse.eval.RecallAtK;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost of {@link RecallAtK#selfGallery} (IRT's metric, arXiv 2102.05644 §4) over N × 128
 * embeddings, N = {@code --size} (10,000: the order of CUB's and a sub-sampled SOP's test sets), 5
 * images per class as in SOP: {@code warmup} untimed runs, then {@code repeats} timed runs; the
 * median, min and max wall seconds. Random Gaussian embeddings: the cost (blocked cosine products and
 * a rank scan per query) does not depend on the values, and R@1 printed alongside is at chance level.
 */
final class RecallBench {
    private RecallBench() {}

    static final int DIM = 128, PER_CLASS = 5;

    static ReportModel model() {
        return new ReportModel("recall", "Recall@K (self-gallery) over --size=10000 x 128 embeddings: seconds, median of repeats",
                new BenchModel.Defaults(1, 3, 1, 1, 1), 10_000, RecallBench::report);
    }

    static List<String> report(Peers.Plan plan, int n) {
        SplittableRandom rng = Seeds.random(0, n, DIM);
        float[][] e = new float[n][DIM];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < DIM; j++) e[i][j] = (float) rng.nextGaussian();
            labels[i] = i / PER_CLASS;
        }
        double r1 = 0;
        double[] seconds = new double[plan.repeats()];
        for (int run = 0; run < plan.warmup() + plan.repeats(); run++) {
            long t0 = System.nanoTime();
            RecallAtK r = RecallAtK.selfGallery(e, labels);
            r1 = r.at(1);
            if (run >= plan.warmup()) seconds[run - plan.warmup()] = (System.nanoTime() - t0) / 1e9;
        }
        double median = Bench.Result.median(seconds);
        return List.of(String.format(Locale.ROOT, "Recall@K self-gallery, %d x %d embeddings (%d classes of %d): %.3f s median (%.3f-%.3f over %d runs), %.0f queries/s; R@1 %.4f (random embeddings: chance)",
                n, DIM, (n + PER_CLASS - 1) / PER_CLASS, PER_CLASS, median, Arrays.stream(seconds).min().orElse(Double.NaN),
                Arrays.stream(seconds).max().orElse(Double.NaN), seconds.length, n / median, r1));
    }
}
