package glimpse.method.retrieval;

import java.util.Arrays;
import java.util.List;

/**
 * The three benchmarks of El-Nouby et al. (arXiv 2102.05644 §4) with what the paper fixes for each:
 * the manifest id, the fine-tuning iterations, the sizes of the class-disjoint splits, the K of its
 * Recall@K columns, and its reported numbers (v1 text; the R@K row is IRT_R, DeiT-S, 384-d; the R@1
 * of IRT_O / IRT_L / IRT_R from the ablation table). Sizes are the standard splits' (Oh Song et al.,
 * arXiv 1511.06452; Liu et al. 2016): they set the memory of In-Shop and the number of test queries.
 */
public enum IrtBenchmark {
    SOP("sop", "Stanford Online Products", 35_000, 59_551, 60_502, new int[] {1, 10, 100, 1000},
            new double[] {84.0, 93.6, 97.2, 99.1}, 52.8, 83.0, 84.0),
    CUB("cub-retrieval", "CUB-200-2011 (retrieval split)", 2_000, 5_864, 5_924, new int[] {1, 2, 4, 8},
            new double[] {74.7, 82.9, 89.3, 93.3}, 58.5, 74.2, 74.7),
    INSHOP("inshop", "In-Shop Clothes", 35_000, 25_882, 14_218, new int[] {1, 10, 20, 30},
            new double[] {91.5, 98.1, 98.7, 99.0}, 31.3, 90.3, 91.5);

    /** Where the paper's numbers are from. */
    public static final String SOURCE = "El-Nouby et al., arXiv 2102.05644 v1: IRT_R DeiT-S 384-d R@K table; IRT_O/L/R R@1 ablation";

    public final String manifest, title;
    /** Fine-tuning iterations (§4: 35k on SOP and In-Shop, 2k on CUB). */
    public final int iterations;
    /** Training images; test queries (SOP and CUB: the test set, its own gallery; In-Shop: the query set against 12,612 gallery images). */
    public final int trainImages, testQueries;
    private final int[] ks;
    private final double[] paperRecallR;
    /** The paper's R@1 of IRT_O, IRT_L, IRT_R (percent). */
    public final double paperO, paperL, paperR;

    IrtBenchmark(String manifest, String title, int iterations, int trainImages, int testQueries, int[] ks, double[] paperRecallR,
                 double paperO, double paperL, double paperR) {
        this.manifest = manifest;
        this.title = title;
        this.iterations = iterations;
        this.trainImages = trainImages;
        this.testQueries = testQueries;
        this.ks = ks;
        this.paperRecallR = paperRecallR;
        this.paperO = paperO;
        this.paperL = paperL;
        this.paperR = paperR;
    }

    public static IrtBenchmark of(String manifest) {
        return Arrays.stream(values()).filter(b -> b.manifest.equals(manifest)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "the paper trains on " + Arrays.stream(values()).map(b -> b.manifest).toList() + ", not '" + manifest + "'"));
    }

    /** The K of the paper's Recall@K columns for this benchmark. */
    public int[] ks() { return ks.clone(); }

    /** The paper's IRT_R (DeiT-S, 384-d) Recall@K, percent, one per {@link #ks()}. */
    public double[] paperRecall() { return paperRecallR.clone(); }

    /** The paper's R@1 of {@code variant} ("IRT_O", "IRT_L", "IRT_R"). */
    public double paperRecallAt1(String variant) {
        return switch (variant) {
            case "IRT_O" -> paperO;
            case "IRT_L" -> paperL;
            case "IRT_R" -> paperR;
            default -> throw new IllegalArgumentException("IRT_O, IRT_L or IRT_R, not " + variant);
        };
    }

    /** The margins β and KoLeo weights λ of the paper's SOP R@1 grid (rows β, columns λ). */
    public static final double[] GRID_BETAS = {0.1, 0.3, 0.5, 0.7, 0.9}, GRID_LAMBDAS = {0, 0.3, 0.5, 0.7, 1.0};
    /** The paper's SOP R@1 grid, DeiT-S (percent; our reading of its columns is an inference). */
    public static final double[][] PAPER_GRID_DEIT = {
            {70.3, 70.7, 71.4, 70.1, 71.1}, {82.5, 83.0, 83.0, 83.1, 83.1}, {83.0, 83.5, 83.6, 84.0, 84.0},
            {82.9, 83.8, 84.1, 84.2, 83.8}, {82.6, 84.4, 80.6, 71.2, 41.5}};
    /** The same grid for ResNet-50 (its β 0.5 row: λ 0 = IRT_L 79.8, λ 0.7 = IRT_R 81.2). */
    public static final double[][] PAPER_GRID_R50 = {
            {78.9, 79.2, 79.1, 78.8, 78.8}, {79.3, 81.3, 81.7, 81.7, 81.7}, {79.8, 80.7, 81.0, 81.2, 81.3},
            {79.3, 80.5, 81.2, 81.1, 78.5}, {79.1, 80.0, 31.4, 13.4, 9.1}};

    /** The paper's SOP R@1 at (β, λ) from {@code grid}, or NaN where the grid has no such cell. */
    public static double paperGrid(double[][] grid, double beta, double lambda) {
        for (int i = 0; i < GRID_BETAS.length; i++)
            for (int j = 0; j < GRID_LAMBDAS.length; j++)
                if (GRID_BETAS[i] == beta && GRID_LAMBDAS[j] == lambda) return grid[i][j];
        return Double.NaN;
    }

    /** The variants in the paper's order. */
    public static final List<String> VARIANTS = List.of("IRT_O", "IRT_L", "IRT_R");
}
