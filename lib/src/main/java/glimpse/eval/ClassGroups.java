package glimpse.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Classes grouped by how many training images they had, for long-tail accuracy.
 * <ul>
 * <li>{@link Scheme#SHOTS}: the long-tail literature's many-shot (&gt; 100 training images),
 *     medium-shot (20–100) and few-shot (&lt; 20) groups (Liu et al. 2019, used by BatchFormer).
 *     They only make sense when every group has classes;</li>
 * <li>{@link Scheme#THIRDS}: otherwise head / middle / tail thirds of the classes ranked by
 *     training count (ties by class index; rank r of C goes to group ⌊3r/C⌋, so 10 classes
 *     split 4/3/3). Labelled as such wherever shown.</li>
 * </ul>
 *
 * @param scheme       how the groups were formed
 * @param groups       the groups, head first
 * @param groupOfClass group index of each class
 */
public record ClassGroups(Scheme scheme, List<Metric> groups, int[] groupOfClass) {

    public enum Scheme {
        SHOTS("many/medium/few-shot (>100, 20–100, <20 training images)"),
        THIRDS("head/middle/tail thirds of the classes by training count");

        private final String description;
        Scheme(String description) { this.description = description; }
        public String description() { return description; }
    }

    public static final int MANY_SHOT_ABOVE = 100, FEW_SHOT_BELOW = 20;

    public ClassGroups {
        groups = List.copyOf(groups);
        if (groups.contains(Metric.OVERALL)) throw new IllegalArgumentException("overall is no group of classes: " + groups);
        for (int g : groupOfClass)
            if (g < 0 || g >= groups.size()) throw new IllegalArgumentException("group " + g + " outside 0.." + (groups.size() - 1));
    }

    /** The paper's many/medium/few groups (whether or not each is populated; see {@link #shotsApply}). */
    public static ClassGroups shots(int[] trainCounts) {
        int[] g = new int[trainCounts.length];
        for (int c = 0; c < g.length; c++)
            g[c] = trainCounts[c] > MANY_SHOT_ABOVE ? 0 : trainCounts[c] >= FEW_SHOT_BELOW ? 1 : 2;
        return new ClassGroups(Scheme.SHOTS, Metric.SHOTS, g);
    }

    /** True when many-, medium- and few-shot groups all have at least one class. */
    public static boolean shotsApply(int[] trainCounts) {
        ClassGroups s = shots(trainCounts);
        return IntStream.range(0, 3).allMatch(k -> s.classesIn(k).length > 0);
    }

    /** Head / middle / tail thirds by training count (needs at least 3 classes). */
    public static ClassGroups thirds(int[] trainCounts) {
        int c = trainCounts.length;
        if (c < 3) throw new IllegalArgumentException("thirds need at least 3 classes, not " + c);
        Integer[] order = IntStream.range(0, c).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer k) -> -trainCounts[k]).thenComparingInt(k -> k));
        int[] g = new int[c];
        for (int rank = 0; rank < c; rank++) g[order[rank]] = 3 * rank / c;
        return new ClassGroups(Scheme.THIRDS, Metric.THIRDS, g);
    }

    /** The paper's groups where every one is populated, else thirds. */
    public static ClassGroups auto(int[] trainCounts) {
        return shotsApply(trainCounts) ? shots(trainCounts) : thirds(trainCounts);
    }

    public int groupCount() { return groups.size(); }

    public int index(Metric group) {
        int i = groups.indexOf(group);
        if (i < 0) throw new IllegalArgumentException("no group " + group + " in " + groups);
        return i;
    }

    /** The classes of group {@code g}, ascending. */
    public int[] classesIn(int g) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < groupOfClass.length; c++) if (groupOfClass[c] == g) out.add(c);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
