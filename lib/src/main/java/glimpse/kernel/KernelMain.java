package glimpse.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the Glimpse kernel: {@code java -cp ... glimpse.kernel.KernelMain CONNECTION_FILE}.
 * Environment: GLIMPSE_KERNEL_CLASSPATH (the notebooks' classpath, path-separator separated),
 * GLIMPSE_KERNEL_SOURCEPATH (source folders or jars whose javadoc Shift-Tab and {@code name?} show: the
 * library's own sources), GLIMPSE_STARTUP (the import script every cell may assume,
 * environment/startup/startup.jsh) and GLIMPSE_HOME (the history goes to build/kernel/history/ there).
 *
 * <p>Why not rapaio-jupyter-kernel 3.0.1 (read in its sources, reproduced with jupyter_client):
 * {@code Channels.connect} binds the sockets and starts the shell/control threads first and only
 * then assigns and fills its handler map, so a kernel_info_request sent at once (classic Notebook
 * does) finds {@code handlers} null (the NullPointerException kills the shell thread) or not yet
 * holding the type ("Unhandled message", the request is dropped; the server waits 60 s); its
 * LoopThread sets {@code running} after {@code Thread.start}, so a loop can exit before its first
 * turn (only the heartbeat left); and the shell and control threads share one parent message id
 * and one stack of after-actions, so an interrupt's handler sends the running cell's reply with
 * the wrong parent and unbinds its output. Here everything is in place before the first socket
 * binds: the JShell is built and every handler registered, then {@code connect()} (a client
 * that connects earlier has its requests queued by ZeroMQ); cells wait for the startup script.
 */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0])))
            throw new IllegalArgumentException("usage: glimpse.kernel.KernelMain CONNECTION_FILE (Jupyter passes {connection_file}); got "
                    + Arrays.toString(args));
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));

        long t0 = System.nanoTime();
        JShellCells cells = new JShellCells(classpath(System.getenv("GLIMPSE_KERNEL_CLASSPATH")),
                classpath(System.getenv("GLIMPSE_KERNEL_SOURCEPATH")));
        String home = System.getenv("GLIMPSE_HOME");
        // a kernel started outside a checkout keeps its history in memory only
        CellHistory history = new CellHistory(home == null || home.isBlank() ? null : GlimpseKernel.historyDir(Path.of(home)));
        GlimpseKernel kernel = new GlimpseKernel(cells, history);
        kernel.onStartup();
        JupyterConnection connection = new GlimpseConnection(props);
        kernel.becomeHandlerForConnection(connection);
        // Cells wait for the startup imports: BaseKernel runs execute requests synchronized on the kernel, and
        // JShellCells serialises completion requests. kernel_info is answered meanwhile, so the client sees the kernel
        // at once. The monitor is taken before the sockets bind, so no cell can slip in before the imports.
        synchronized (kernel) {
            connection.connect();
            System.err.printf("glimpse kernel: listening %.1f s after start%n", (System.nanoTime() - t0) / 1e9);
            runStartup(cells, System.getenv("GLIMPSE_STARTUP"));
            System.err.printf("glimpse kernel: startup script done %.1f s after start%n", (System.nanoTime() - t0) / 1e9);
        }
        connection.waitUntilClose();
        // JShell's and ZeroMQ's threads must not keep a shut-down kernel alive
        System.exit(0);
    }

    private static void runStartup(JShellCells cells, String startup) throws java.io.IOException {
        if (startup == null || startup.isBlank()) return;
        try {
            cells.runStartup(Files.readString(Path.of(startup)));
        } catch (CellError e) {
            // the kernel still serves; the log names the script and the first cell shows what is missing
            System.err.println("glimpse kernel: the startup script " + startup + " failed: " + String.join("\n", e.lines));
        }
    }

    static List<Path> classpath(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}
