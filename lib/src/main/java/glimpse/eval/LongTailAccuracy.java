package glimpse.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Top-1 accuracy on a (balanced) test set, overall, per class and per group of classes by
 * training count. A group's accuracy is over the test images of its classes (on a balanced test
 * set this equals the mean of its classes' accuracies); a group with no test images is NaN.
 *
 * @param overall       fraction of all test images classified correctly
 * @param perClass      accuracy of each class (NaN where the class has no test image)
 * @param trainCounts   training images per class, for accuracy-against-count plots
 * @param groups        the grouping used
 * @param groupAccuracy accuracy of each group, in {@code groups.groups()} order
 */
public record LongTailAccuracy(double overall, double[] perClass, int[] trainCounts, ClassGroups groups, double[] groupAccuracy) {

    public static LongTailAccuracy of(int[] predicted, int[] labels, int[] trainCounts, ClassGroups groups) {
        if (predicted.length != labels.length)
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        int classes = trainCounts.length;
        if (groups.groupOfClass().length != classes)
            throw new IllegalArgumentException("groups cover " + groups.groupOfClass().length + " classes, counts " + classes);
        int[] hits = new int[classes], total = new int[classes];
        int allHits = 0;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " outside 0.." + (classes - 1));
            total[y]++;
            if (predicted[i] == y) { hits[y]++; allHits++; }
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) perClass[c] = total[c] == 0 ? Double.NaN : hits[c] / (double) total[c];
        int g = groups.groupCount();
        int[] gHits = new int[g], gTotal = new int[g];
        for (int c = 0; c < classes; c++) {
            gHits[groups.groupOfClass()[c]] += hits[c];
            gTotal[groups.groupOfClass()[c]] += total[c];
        }
        double[] groupAcc = new double[g];
        for (int k = 0; k < g; k++) groupAcc[k] = gTotal[k] == 0 ? Double.NaN : gHits[k] / (double) gTotal[k];
        double overall = labels.length == 0 ? Double.NaN : allHits / (double) labels.length;
        return new LongTailAccuracy(overall, perClass, trainCounts.clone(), groups, groupAcc);
    }

    public double group(Metric group) { return groupAccuracy[groups.index(group)]; }

    /** Group → accuracy, head first. */
    public Map<Metric, Double> byGroup() {
        Map<Metric, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < groups.groupCount(); k++) m.put(groups.groups().get(k), groupAccuracy[k]);
        return m;
    }
}
