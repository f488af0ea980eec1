package glimpse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the NVIDIA driver reports, through {@code nvidia-smi --query-gpu=... --format=csv,noheader,nounits}:
 * one {@link Gpu} per device. The driver's own tool, so it answers whatever libtorch is installed.
 */
final class NvidiaSmi {
    private NvidiaSmi() {}

    static final String QUERY = "index,name,driver_version,memory.total,memory.free";

    record Gpu(int index, String name, String driverVersion, long totalMiB, long freeMiB) {}

    /**
     * @param gpus  the devices listed (empty when the tool failed or is absent)
     * @param error why there is no list: null when the tool answered
     */
    record Report(List<Gpu> gpus, String error) {
        boolean answered() { return error == null; }
    }

    static Report query() {
        Process p;
        try {
            p = new ProcessBuilder("nvidia-smi", "--query-gpu=" + QUERY, "--format=csv,noheader,nounits").redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Report(List.of(), "nvidia-smi is not on PATH (no NVIDIA driver installed)");
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Report(List.of(), "nvidia-smi did not answer within 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) return new Report(List.of(), "nvidia-smi failed (exit " + p.exitValue() + "): " + firstLine(out));
            return new Report(parse(out), null);
        } catch (IOException e) {
            return new Report(List.of(), "nvidia-smi could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(List.of(), "interrupted while waiting for nvidia-smi");
        }
    }

    /** The CSV lines of {@link #QUERY} (no header, no units); a line that does not parse is an error naming it. */
    static List<Gpu> parse(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.strip().split("\\R")) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            if (f.length != 5) throw new IllegalArgumentException("unexpected nvidia-smi line (want " + QUERY + "): " + line);
            try {
                gpus.add(new Gpu(Integer.parseInt(f[0].trim()), f[1].trim(), f[2].trim(), mib(f[3]), mib(f[4])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unexpected nvidia-smi line (want " + QUERY + "): " + line, e);
            }
        }
        return gpus;
    }

    /** "[N/A]" (e.g. a MIG slice) is unknown, -1. */
    private static long mib(String s) {
        String t = s.trim();
        return t.startsWith("[") ? -1 : Long.parseLong(t);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /**
     * Compares dotted driver versions numerically ("570.26" &lt; "570.124.06"); a part that is not a
     * number compares as 0.
     */
    static int compareVersions(String a, String b) {
        String[] x = a.trim().split("\\."), y = b.trim().split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long u = i < x.length ? number(x[i]) : 0, v = i < y.length ? number(y[i]) : 0;
            if (u != v) return Long.compare(u, v);
        }
        return 0;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
