package glimpse.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The environment under which PyTorch's float32 results are the same on every x86-64 machine, so that a
 * golden of trained numbers (bit for bit) can hold on a CPU other than the one that recorded it.
 *
 * <p>Without it, three libraries inside libtorch each pick kernels for the CPU at hand, and kernels with
 * other vector widths sum in another order, so last bits differ (and training amplifies them): ATen's own
 * vectorised kernels (AVX2 / AVX-512 builds), MKL's GEMM (per CPU model and vendor) and oneDNN's
 * convolutions. And a parallel reduction's split depends on the thread count. The variables below put
 * each of them on its baseline path, which every x86-64 CPU runs the same way:
 * <ul>
 *   <li>{@code ATEN_CPU_CAPABILITY=default}: ATen's kernels compiled for the x86-64 baseline;</li>
 *   <li>{@code MKL_CBWR=COMPATIBLE}: MKL's conditional numerical reproducibility mode meant for exactly
 *       this, the same results on any Intel or compatible processor (MKL_VERBOSE shows "CNR:COMPATIBLE");</li>
 *   <li>{@code ONEDNN_MAX_CPU_ISA=SSE41}: oneDNN's JIT kernels at SSE4.1 (ONEDNN_VERBOSE shows "isa:Intel SSE4.1");</li>
 *   <li>{@code OMP_NUM_THREADS=1}, {@code MKL_NUM_THREADS=1}: one thread, one summation order;</li>
 *   <li>{@code GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4}: ATen's baseline kernels call glibc's libm,
 *       which picks an FMA variant where the CPU has FMA. For doubles the variants differ in last bits
 *       (measured here: a hash of 1.4 million exp/log/sin/pow results from Python changes with the tunable);
 *       the float functions compute in double and round, and the goldens here did not move with it, but a
 *       float64 computation would. With it every CPU takes the SSE2 variant. (The JVM's Math is not glibc's.)</li>
 * </ul>
 * The lib module's Surefire execution "pinned-numerics" sets them (lib/pom.xml; they must be set before
 * libtorch loads, so a running JVM cannot set them for itself).
 */
public final class PinnedNumerics {
    private PinnedNumerics() {}

    public static final Map<String, String> ENVIRONMENT = pins();

    private static Map<String, String> pins() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ATEN_CPU_CAPABILITY", "default");
        m.put("MKL_CBWR", "COMPATIBLE");
        m.put("ONEDNN_MAX_CPU_ISA", "SSE41");
        m.put("OMP_NUM_THREADS", "1");
        m.put("MKL_NUM_THREADS", "1");
        m.put("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Which pins {@code env} lacks, as "NAME=value (now: …)"; empty when the numerics are pinned. */
    public static List<String> missing(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        ENVIRONMENT.forEach((name, value) -> {
            if (!value.equals(env.get(name))) out.add(name + "=" + value + " (now: " + env.getOrDefault(name, "unset") + ")");
        });
        return out;
    }

    /** Fails, saying how to run it, a golden test started in a JVM whose numerics are not pinned. */
    public static void require() {
        List<String> missing = missing(System.getenv());
        if (!missing.isEmpty())
            fail("this golden holds only under pinned numerics, and this JVM lacks " + String.join(", ", missing)
                    + "; run it through Maven (the lib module's 'pinned-numerics' Surefire execution sets them), e.g.\n"
                    + "  mvn -pl lib test -Dtest=PlatformGoldenTest -Dsurefire.failIfNoSpecifiedTests=false");
    }
}
