package glimpse.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * JShell execution in this JVM on ONE long-lived thread, like the main thread of a program. JShell's
 * own "local" engine starts a new thread per snippet, which loses thread-local native state between
 * cells: PyTorch's grad mode is per thread (DJL turns it off on the thread that loads the engine),
 * so a later cell on a fresh thread records autograd history where the library expects none (seen:
 * "a view ... has been modified inplace" in 00-tour). Interrupt stops the running snippet with
 * {@link Thread#stop()} (the JDK 17 mechanism JShell itself uses); the ThreadDeath is caught around
 * the snippet, so the thread, and its state, survive for the next cell.
 */
final class CellThread extends DirectExecutionControl {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "glimpse-cells");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread running;

    /** The provider JShell's builder takes. */
    static ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override public String name() { return "glimpse-cell-thread"; }
            @Override public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) { return new CellThread(); }
        };
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Future<Object> result = thread.submit(() -> {
            running = Thread.currentThread();
            try {
                return doit.invoke(null);
            } finally {
                running = null;
            }
        });
        try {
            return valueString(result.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Throwable thrown = cause instanceof InvocationTargetException ite ? ite.getCause() : cause;
            if (thrown instanceof ThreadDeath) throw new StoppedException();
            if (cause instanceof InvocationTargetException ite) throw ite;
            if (cause instanceof Exception ex) throw ex;
            throw new InvocationTargetException(cause);
        }
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread t = running;
        if (t != null) t.stop();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        super.close();
    }
}
