package glimpse.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A cell's stdout or stderr, buffered by line and interval: every {@link #INTERVAL_MS} the whole
 * lines written since the last send go out as one stream message; a line still being written is
 * held until its newline, or until it has waited {@link #PARTIAL_MS} (a progress line ending in
 * "..." still shows), and everything goes out at once before any display, result or error and when
 * the cell ends. So {@code print("a"); print("b"); println("c")} is one message even though JShell
 * compiles the three statements one by one (a tenth of a second each), and a saved notebook holds
 * whole lines, where JJava's protocol library sends every print (its PrintStream flushes on each)
 * as its own message: dozens of one-word outputs per line. An explicit flush() only schedules the
 * send, for the same reason (libraries flush per word). Written to outside a cell (no sink), it
 * passes through to the kernel's own stream (its log).
 */
final class CellStream extends OutputStream {
    static final long INTERVAL_MS = 100;
    static final long PARTIAL_MS = 2000;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "glimpse-stream-flush");
        t.setDaemon(true);
        return t;
    });

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final PrintStream fallback;
    private Consumer<String> sink;
    private ScheduledFuture<?> scheduled;
    /** When the unsent text after the last newline began (nanoTime), or -1 when there is none. */
    private long partialSince = -1;

    CellStream(PrintStream fallback) { this.fallback = fallback; }

    /** A PrintStream over this stream; not auto-flushing, the interval decides. */
    PrintStream printStream() { return new PrintStream(this, false, StandardCharsets.UTF_8); }

    /** Where the text goes while a cell runs (a stream message to the cell's parent); null: to the kernel's log. */
    synchronized void attach(Consumer<String> sink) {
        send();
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        schedule();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        schedule();
    }

    @Override
    public synchronized void flush() {
        schedule();
    }

    private void schedule() {
        if (sink == null) { passThrough(); return; }
        if (partialSince < 0 && pending.size() > 0) partialSince = System.nanoTime();
        if (scheduled == null && pending.size() > 0) scheduled = TIMER.schedule(this::tick, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void passThrough() {
        if (pending.size() == 0) return;
        fallback.write(pending.toByteArray(), 0, pending.size());
        fallback.flush();
        pending.reset();
    }

    /** Sends what is pending now (up to the last whole UTF-8 character). */
    synchronized void send() {
        if (scheduled != null) { scheduled.cancel(false); scheduled = null; }
        if (sink == null) { passThrough(); return; }
        byte[] bytes = pending.toByteArray();
        sendUpTo(bytes, wholeCharacters(bytes));
    }

    /** The timer: the whole lines, and a partial line once it has waited long enough. */
    private synchronized void tick() {
        scheduled = null;
        if (sink == null) { passThrough(); return; }
        byte[] bytes = pending.toByteArray();
        boolean stale = partialSince >= 0 && System.nanoTime() - partialSince >= PARTIAL_MS * 1_000_000L;
        int end = stale ? wholeCharacters(bytes) : lastNewline(bytes) + 1;
        sendUpTo(bytes, end);
        if (pending.size() > 0) scheduled = TIMER.schedule(this::tick, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void sendUpTo(byte[] bytes, int end) {
        if (end <= 0) return;
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
        partialSince = pending.size() > 0 ? System.nanoTime() : -1;
        sink.accept(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) if (b[i] == '\n') return i;
        return -1;
    }

    /** The length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
    static int wholeCharacters(byte[] b) {
        int n = b.length;
        int i = n - 1;
        while (i >= 0 && i > n - 4 && (b[i] & 0xC0) == 0x80) i--;    // back over continuation bytes
        if (i < 0) return 0;
        int lead = b[i] & 0xFF;
        int need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }
}
