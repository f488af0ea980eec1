package glimpse.method.classifier;

import glimpse.data.ImageSet;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import glimpse.testing.IndexLabelledImages;
import org.junit.jupiter.api.Test;

/** Golden subsets of {@link ClassifierExperiment#limit}, recorded before the random streams were gathered into one utility. */
class LimitGoldenTest {
    @Test
    void seededSubsetIsUnchanged() {
        Golden g = new Golden("100 of seed 1", "ccc3589f77bb7cbb", "999 of seed 2", "00028b33c684abac");
        ImageSet set = IndexLabelledImages.of(1000, 1);
        g.check("100 of seed 1", Digest.of(ClassifierExperiment.limit(set, 100, 1).labels()));
        g.check("999 of seed 2", Digest.of(ClassifierExperiment.limit(set, 999, 2).labels()));
        g.verify();
    }
}
