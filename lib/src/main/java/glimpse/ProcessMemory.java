package glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory of a process, read from the Linux proc file system: the bench peers and a notebook kernel both need it. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /**
     * VmHWM of the process status file in KiB — the peak resident set, native allocations
     * included; -1 when unreadable (not Linux, or the process is gone). {@code process} is a pid or "self".
     */
    public static long peakRssKiB(String process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", process, "status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // no /proc here, or the process ended between listing and reading
        }
        return -1;
    }
}
