package glimpse.method.classifier;

import glimpse.data.ImageSet;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import glimpse.testing.IndexLabelledImages;
import org.junit.jupiter.api.Test;

/** Golden subsets of {@link glimpse.classification.TestSubset#random} (formerly the tour's subset), recorded before the random streams were gathered into one utility. */
class LimitGoldenTest {
    @Test
    void seededSubsetIsUnchanged() {
        Golden g = new Golden("100 of seed 1", "ccc3589f77bb7cbb", "999 of seed 2", "00028b33c684abac");
        ImageSet set = IndexLabelledImages.of(1000, 1);
        g.check("100 of seed 1", Digest.of(glimpse.classification.TestSubset.random(100, 1).apply(set).labels()));
        g.check("999 of seed 2", Digest.of(glimpse.classification.TestSubset.random(999, 2).apply(set).labels()));
        g.verify();
    }
}
