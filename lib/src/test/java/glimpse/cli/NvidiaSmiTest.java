package glimpse.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvidiaSmiTest {
    @Test
    void parsesOneGpuPerCsvLineWithUnknownMemoryAsMinusOne() {
        // the shape of `nvidia-smi --query-gpu=index,name,driver_version,memory.total,memory.free --format=csv,noheader,nounits`
        String csv = "0, NVIDIA H100 80GB HBM3, 570.124.06, 81559, 80988\n1, NVIDIA A100-SXM4-40GB MIG 1g.5gb, 535.54.03, [N/A], [N/A]\n";
        List<NvidiaSmi.Gpu> gpus = NvidiaSmi.parse(csv);
        assertEquals(List.of(new NvidiaSmi.Gpu(0, "NVIDIA H100 80GB HBM3", "570.124.06", 81559, 80988),
                new NvidiaSmi.Gpu(1, "NVIDIA A100-SXM4-40GB MIG 1g.5gb", "535.54.03", -1, -1)), gpus);
    }

    @Test
    void aLineOfAnotherShapeIsAnErrorThatQuotesIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> NvidiaSmi.parse("index, name, driver_version\n"));
        assertTrue(e.getMessage().contains("index, name, driver_version"), e.getMessage());
    }

    @Test
    void driverVersionsCompareNumericallyPartByPart() {
        assertTrue(NvidiaSmi.compareVersions("570.124.06", "570.26") > 0);   // 124 > 26, not "1" < "2"
        assertTrue(NvidiaSmi.compareVersions("525.60.13", "570.26") < 0);
        assertTrue(NvidiaSmi.compareVersions("525.60.12", "525.60.13") < 0);
        assertEquals(0, NvidiaSmi.compareVersions("570.26", "570.26.0"));
    }
}
