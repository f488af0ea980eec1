package glimpse.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Reads the real Fashion-MNIST files through the manifest (skipped where the Debian package is absent). */
@EnabledIf("glimpse.data.FashionMnistTest#present")
class FashionMnistTest {
    static boolean present() { return Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")); }

    @Test
    void loadsBothSplitsWithTheirKnownSizesAndBalancedClasses() {
        Dataset d = Datasets.load("fashion-mnist");
        ImageSet train = d.split("train"), test = d.split("test");
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(28, train.height());
        assertEquals(10, train.classCount());
        for (int c : train.countsPerClass()) assertEquals(6000, c);
        for (int c : test.countsPerClass()) assertEquals(1000, c);
        assertEquals("Ankle boot", train.classNames().get(9));
        // the first training image of Fashion-MNIST is an ankle boot (label 9), as in the dataset's README figure
        assertEquals(9, train.label(0));
    }
}
