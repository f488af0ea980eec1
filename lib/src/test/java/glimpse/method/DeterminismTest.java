package glimpse.method;

import glimpse.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same experiment spec trained twice in one JVM and once in a fresh JVM gives bit-identical
 * weights and per-episode results (ProtoNet, and CTX with SimCLR episodes — the path where
 * non-finite steps were once seen). What may change results is documented in the README
 * (thread count, engine version, CPU kind).
 */
@EnabledIf("glimpse.data.FashionMnistTest#present")
class DeterminismTest {
    @Test
    void sameSpecTwiceInOneJvmAndOnceInAFreshJvmIsBitIdentical(@TempDir Path cache) throws Exception {
        System.setProperty("glimpse.cache", cache.toString());
        try {
            String first = FewShotProbe.summary(), second = FewShotProbe.summary();
            assertEquals(first, second, "twice in one JVM");
            String fresh = ChildJvm.result(ChildJvm.run(FewShotProbe.class, Map.of("glimpse.cache", cache.resolve("child").toString()),
                    cache.resolve("child.log"), 600));
            assertEquals(first, fresh, "a fresh JVM");
        } finally {
            System.clearProperty("glimpse.cache");
        }
    }
}
