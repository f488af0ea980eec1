package glimpse.data.sampling;

/**
 * The SimCLR episodes of CrossTransformers (Doersch, Gupta, Zisserman, NeurIPS 2020, arXiv
 * 2007.11498, section "SimCLR episodes"): every support image of an episode becomes its own class
 * (|S|-way 1-shot), and the queries of class j are augmented copies of support image j,
 * as many per class as the original episode had queries. The episode returned here holds the
 * indices; the two views differ only by augmentation, applied when tensors are made
 * ({@link glimpse.data.EpisodeTensors#simclr}).
 */
public final class SimClrEpisodes {
    private SimClrEpisodes() {}

    public static Episode from(Episode original) {
        return from(original, original.queriesPerClass());
    }

    public static Episode from(Episode original, int queriesPerClass) {
        if (queriesPerClass < 1) throw new IllegalArgumentException("a SimCLR episode needs at least one query per class");
        int n = original.support().length;
        int[][] s = new int[n][], q = new int[n][];
        int[] origin = new int[n];
        for (int j = 0; j < n; j++) {
            s[j] = new int[] {original.support()[j]};
            q[j] = new int[queriesPerClass];
            java.util.Arrays.fill(q[j], original.support()[j]);
            // episode label j stands for one image; keep its original class for inspection
            origin[j] = original.classes()[original.supportLabels()[j]];
        }
        return Episode.of(origin, s, q);
    }
}
