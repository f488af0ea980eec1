package glimpse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peak resident memory of a notebook's kernel, read cheaply from Linux's /proc: every second the
 * runner looks at the executor's descendant processes and keeps the largest VmHWM (the kernel's own
 * high-water mark of resident memory, so a sample taken late still sees an early peak). NaN where
 * /proc is missing (not Linux) or no descendant was seen.
 */
final class KernelMemory implements AutoCloseable {
    private final ProcessHandle executor;
    private final Thread sampler;
    private volatile long peakKiB = -1;

    KernelMemory(ProcessHandle executor) {
        this.executor = executor;
        this.sampler = new Thread(this::loop, "kernel-memory");
        sampler.setDaemon(true);
        if (Files.isDirectory(Path.of("/proc/self"))) sampler.start();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted() && executor.isAlive()) {
            sample();
            try { Thread.sleep(1000); } catch (InterruptedException e) { return; }
        }
    }

    void sample() {
        executor.descendants().forEach(p -> {
            long kib = highWaterKiB(p.pid());
            if (kib > peakKiB) peakKiB = kib;
        });
    }

    /** VmHWM of a process in KiB, -1 when unreadable (gone, not Linux). */
    static long highWaterKiB(long pid) { return glimpse.ProcessMemory.peakRssKiB(Long.toString(pid)); }

    /** The peak seen, in MiB; NaN when none was. */
    double peakMiB() { return peakKiB < 0 ? Double.NaN : peakKiB / 1024.0; }

    @Override public void close() { sampler.interrupt(); }
}
