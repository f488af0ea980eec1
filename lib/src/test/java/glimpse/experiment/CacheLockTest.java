package glimpse.experiment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Two computations that want the same result compute it once; the other waits and reads it. */
class CacheLockTest {
    @TempDir Path cache;

    record Spec(int n) {}
    record Result(double value) {}

    @BeforeEach void useTempCache() {
        System.setProperty("glimpse.cache", cache.toString());
        System.setProperty("glimpse.codeVersion", "lock-test");
    }

    @AfterEach void restore() {
        System.clearProperty("glimpse.cache");
        System.clearProperty("glimpse.codeVersion");
    }

    @Test
    void theSecondWaitsForTheFirstAndReadsItsResult() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch firstInside = new CountDownLatch(1);
        Result[] got = new Result[2];
        Thread first = new Thread(() -> got[0] = ResultCache.getOrCompute("lock", new Spec(1), Result.class, c -> {
            computed.incrementAndGet();
            firstInside.countDown();
            try { Thread.sleep(500); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return new Result(42);
        }));
        first.start();
        firstInside.await();
        assertFalse(Files.exists(ResultCache.fileFor("lock", new Spec(1))), "the first is still computing");
        got[1] = ResultCache.getOrCompute("lock", new Spec(1), Result.class, c -> { computed.incrementAndGet(); return new Result(-1); });
        first.join();
        assertEquals(1, computed.get(), "computed once");
        assertEquals(new Result(42), got[0]);
        assertEquals(new Result(42), got[1], "the second read what the first stored");
        assertFalse(Files.exists(cache.resolve("locks").resolve(ResultCache.label("lock", new Spec(1)) + ".lock")),
                "the lock file goes with the lock: a run leaves nothing but its result");
    }

    @Test
    void differentResultsDoNotWaitForEachOther() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        Runnable[] runs = new Runnable[2];
        for (int k = 0; k < 2; k++) {
            int n = k;
            runs[k] = () -> ResultCache.getOrCompute("lock", new Spec(10 + n), Result.class, c -> {
                bothInside.countDown();
                try {
                    assertTrue(bothInside.await(10, java.util.concurrent.TimeUnit.SECONDS), "the other result's computation was held up");
                } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                return new Result(n);
            });
        }
        Thread a = new Thread(runs[0]), b = new Thread(runs[1]);
        a.start(); b.start(); a.join(); b.join();
        assertEquals(0, bothInside.getCount());
    }
}
