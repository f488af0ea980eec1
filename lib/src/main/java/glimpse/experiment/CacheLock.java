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
 * this process's threads. The lock file is removed before the lock is released, so a run leaves no
 * files but its result: a process still waiting on the removed file, and a third that takes a fresh
 * lock beside it, may then both hold "the" lock — which is why {@link ResultCache} looks for the
 * stored result again once it holds the lock. After a success both find it and read it; only after a
 * failed computation may two of them compute at once (results are written atomically, so even then
 * nothing half-written is read).
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private CacheLock(ReentrantLock threads, FileChannel channel, FileLock lock, Path file) {
        this.threads = threads;
        this.channel = channel;
        this.lock = lock;
        this.file = file;
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
            return new CacheLock(threads, channel, lock, file);
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
            Files.deleteIfExists(file);   // while still held: see the class comment
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            threads.unlock();
        }
    }
}
