package glimpse.method;

import ai.djl.ndarray.NDManager;
import glimpse.method.protonet.ProtoNet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProtoNetTest {

    @Test
    void logitsAreNegativeSquaredDistancesToHandComputedClassMeans() {
        // class 0: (0,0) and (2,0) -> mean (1,0); class 1: (0,4) alone -> (0,4) (unequal shots on purpose)
        float[][] support = {{0, 0}, {0, 4}, {2, 0}};
        int[] labels = {0, 1, 0};
        float[][] query = {{1, 1}, {0, 3}};
        // by hand: q0-(1,0) -> 1, q0-(0,4) -> 1+9=10; q1-(1,0) -> 1+9=10, q1-(0,4) -> 1
        float[] expected = {-1, -10, -10, -1};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = ProtoNet.logits(m.create(support), labels, 2, m.create(query)).toFloatArray();
            assertArrayEquals(expected, got, 1e-5f);
        }
    }

    @Test
    void aClassWithoutSupportIsAnError() {
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ProtoNet.logits(m.create(new float[][] {{0, 0}}), new int[] {0}, 2, m.create(new float[][] {{0, 0}})));
            assertTrue(e.getMessage().contains("class 1"), e.getMessage());
        }
    }
}
