package glimpse.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class BenchTest {

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, Bench.run(new String[] {"--steps=0"}));
        assertEquals(2, Bench.run(new String[] {"--nope=1"}));
        assertEquals(2, Bench.run(new String[] {"steps"}));
        assertEquals(2, Bench.run(new String[] {"--wait-policy=sometimes"}));
    }

    @Test
    void tableGivesMediansSpreadAndRatiosAgainstOurs() {
        Map<String, Bench.Result> r = new LinkedHashMap<>();
        r.put("ours", new Bench.Result("ours", "ours", new double[] {800, 700, 900, 1000}, new double[] {1, 2, 3}, 100 * 1024, 600 * 1024, null));
        r.put("pytorch", new Bench.Result("pytorch", "torch", new double[] {400, 500, 425}, new double[] {2}, -1, 400 * 1024, null));
        r.put("easytrain", Bench.Result.failed("easytrain", "not run"));
        assertEquals(850, r.get("ours").median(), 1e-9);      // even count: mean of the middle two
        assertEquals(425, r.get("pytorch").median(), 1e-9);
        String t = Bench.table(r);
        assertTrue(t.contains("2.00"), t);                     // 850 / 425
        assertTrue(t.contains("700-1000"), t);
        assertTrue(t.contains("600 MiB") && t.contains("100 MiB"), t);
        assertTrue(t.contains("skipped: not run"), t);
    }

    @Test
    void mergingRoundsPoolsTheRepeatsAndKeepsThePeakMemory() {
        var a = new Bench.Result("ours", "ours", new double[] {1, 2}, new double[] {5}, 10, 20, null);
        var b = new Bench.Result("ours", "ours", new double[] {3}, new double[] {6}, 30, 5, null);
        var m = a.merge(b);
        assertArrayEquals(new double[] {1, 2, 3}, m.rates());
        assertEquals(30, m.peakHeapKib());
        assertEquals(20, m.peakRssKib());
    }

    @Test
    void bothJavaPeersTrainAndReportPositiveRates() {
        var data = Peers.syntheticImages(64);
        var plan = new Peers.Plan(16, 1, 2, 2);
        for (Peers.Timing t : new Peers.Timing[] {Peers.ours(plan, data), Peers.easyTrain(plan, data)}) {
            assertEquals(2, t.imagesPerSecond().length);
            for (double v : t.imagesPerSecond()) assertTrue(v > 0 && Double.isFinite(v));
            for (double v : t.cpuMsPerImage()) assertTrue(v > 0 && Double.isFinite(v));
        }
        assertTrue(Bench.peakRssKib() > 0, "VmHWM readable on Linux");
        assertTrue(Bench.peakHeapKib() > 0);
    }
}
