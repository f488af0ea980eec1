package glimpse.method.classifier;

import glimpse.data.ImageSet;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Golden subsets of {@link ClassifierExperiment#limit}, recorded before the random streams were gathered into one utility. */
class LimitGoldenTest {
    @Test
    void seededSubsetIsUnchanged() {
        Golden g = new Golden("100 of seed 1", "ccc3589f77bb7cbb", "999 of seed 2", "00028b33c684abac");
        int n = 1000;
        int[] labels = new int[n];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) { labels[i] = i; names.add("i" + i); }
        ImageSet set = new ImageSet("by-index", 1, 1, 1, new byte[n], labels, names, names);
        g.check("100 of seed 1", Digest.of(ClassifierExperiment.limit(set, 100, 1).labels()));
        g.check("999 of seed 2", Digest.of(ClassifierExperiment.limit(set, 999, 2).labels()));
        g.verify();
    }
}
