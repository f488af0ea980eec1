package glimpse.train;

import glimpse.data.sampling.Seeds;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * Golden engine seeds (initialisation is step -1), recorded before the random streams were gathered
 * into one utility: a resumed or repeated run re-seeds the engine with exactly these.
 */
class EngineSeedGoldenTest {
    @Test
    void engineSeedsOfARunAreUnchanged() {
        Golden g = new Golden("seed 0", "507411255c44eb3d", "seed 1", "c76c9addfede7dd7", "seed 2", "6dc5ac1282be6a6f", "seed 12345", "655eb180d23ffd05", "seed -3", "3fa05b37642da8b7",
                "seed 1, steps -1 0 99", "1246221041 436801486 1973180650");
        for (long seed : new long[] {0, 1, 2, 12345, -3}) {
            int[] s = new int[201];
            for (int step = -1; step < 200; step++) s[step + 1] = Seeds.engineSeed(seed, step);
            g.check("seed " + seed, Digest.of(s));
        }
        g.check("seed 1, steps -1 0 99", Seeds.engineSeed(1, -1) + " " + Seeds.engineSeed(1, 0) + " " + Seeds.engineSeed(1, 99));
        g.verify();
    }
}
