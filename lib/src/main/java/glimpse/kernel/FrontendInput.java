package glimpse.kernel;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;

/**
 * A cell's System.in: each read past what the frontend sent asks it for a line (input_request on
 * the stdin channel) and waits for the input_reply. The wait polls the socket instead of blocking
 * in it, as JJava's protocol library does: a blocked ZeroMQ receive cannot be stopped, so an
 * unanswered request held the cell, and the kernel, until the frontend answered (an interrupt did
 * nothing, the next cell stayed queued). Here an interrupt ({@link #cancel}) ends the wait and the
 * cell. Replies carry no parent (jupyter_client sends none), so, as ipykernel does, what is waiting
 * on the channel before a request (a late answer to a cancelled one) is dropped, and the first
 * reply after it is the answer.
 */
final class FrontendInput extends InputStream {
    private static final long POLL_MS = 20;
    private final StdinChannel stdin;
    private final MessageContext parent;
    private final boolean allowed;
    private volatile boolean cancelled;
    private byte[] line = new byte[0];
    private int at;

    /** @param stdin the kernel's stdin channel (null: no frontend, reads see end of input) */
    FrontendInput(StdinChannel stdin, MessageContext parent, boolean allowed) {
        this.stdin = stdin;
        this.parent = parent;
        this.allowed = allowed;
    }

    private volatile boolean waiting;

    /**
     * Kernel > Interrupt: a read waiting for the frontend ends with an InterruptedIOException. Returns once the
     * wait has ended (at most a second), so that the kernel stops the cell's thread in the cell's code and
     * never inside ZeroMQ, whose socket a Thread.stop there could leave unusable for the next read.
     */
    void cancel() {
        cancelled = true;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (waiting && System.nanoTime() < deadline) Thread.onSpinWait();
    }

    @Override
    public synchronized int read() throws IOException {
        if (at >= line.length && !fill()) return -1;
        return line[at++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (at >= line.length && !fill()) return -1;
        int n = Math.min(len, line.length - at);
        System.arraycopy(line, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public synchronized int available() { return line.length - at; }

    private boolean fill() throws IOException {
        if (stdin == null) return false;
        if (!allowed) throw new IOException("this frontend does not accept input (the execute_request has allow_stdin=false)");
        String value = ask("");
        line = (value + "\n").getBytes(StandardCharsets.UTF_8);
        at = 0;
        return true;
    }

    private String ask(String prompt) throws IOException {
        waiting = true;
        try (Selector selector = Selector.open()) {
            ZMQ.PollItem[] items = {new ZMQ.PollItem(stdin, ZMQ.Poller.POLLIN)};
            while (ZMQ.poll(selector, items, 0) > 0 && items[0].isReadable()) stdin.readMessage();   // stale: answers to cancelled requests
            stdin.sendMessage(new Message<>(parent, MessageType.INPUT_REQUEST, new InputRequest(prompt, false)));
            while (true) {
                // a short poll, then a look at the flag: the wait ends on an interrupt (and Thread.stop reaches Java code)
                if (ZMQ.poll(selector, items, POLL_MS) > 0 && items[0].isReadable()) {
                    if (stdin.readMessage().getContent() instanceof InputReply r) return r.getValue();
                } else if (cancelled) {
                    throw new InterruptedIOException("input cancelled: the cell was interrupted while waiting for input");
                }
            }
        } finally {
            waiting = false;
        }
    }
}
