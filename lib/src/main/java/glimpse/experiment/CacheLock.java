package glimpse.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock under which one result is computed: an exclusive lock on a file in the cache (fcntl on
 * Linux, so it holds across the nodes of a cluster whose shared filesystem supports POSIX locks, as
 * NFSv4 and Lustre do), and, because such a lock belongs to the whole process, a lock per file among
 * this process's threads. The lock file itself stays: removing it while another process waits on it
 * would let a third one take a fresh lock beside it.
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(ReentrantLock threads, FileChannel channel, FileLock lock) {
        this.threads = threads;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code file}, waiting (and saying so) while another process or thread holds it. */
    static CacheLock take(Path file, String what) {
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(file.toAbsolutePath(), k -> new ReentrantLock());
        threads.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                System.out.println("[cache] " + what + ": another process is computing this result (lock " + file + "); waiting for it");
                lock = channel.lock();
            }
            return new CacheLock(threads, channel, lock);
        } catch (IOException | RuntimeException e) {
            try { if (channel != null) channel.close(); } catch (IOException ignored) { /* the first error is what matters */ }
            threads.unlock();
            if (e instanceof RuntimeException r) throw r;
            throw new UncheckedIOException("Cannot lock " + file + " to compute '" + what + "': " + e.getMessage()
                    + ". The cache folder must be writable (GLIMPSE_CACHE), and on a cluster on a filesystem with POSIX locks", (IOException) e);
        }
    }

    @Override public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            threads.unlock();
        }
    }
}
