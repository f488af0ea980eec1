package glimpse.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The headless runner's live echo of training progress. In a notebook, training progress is one
 * display redrawn in place (glimpse.train.Progress), which the executor's stream echo does not see;
 * the kernel also appends each report to a file (GLIMPSE_PROGRESS_LOG), and this prints the new
 * lines as they arrive, indented like the executor's own echo.
 */
final class ProgressEcho implements AutoCloseable {
    private final Path file;
    private final Thread tail;
    private long offset;

    ProgressEcho(Path file) throws IOException {
        this.file = file;
        Files.deleteIfExists(file);
        tail = new Thread(this::loop, "progress-echo");
        tail.setDaemon(true);
        tail.start();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            drain();
            try { Thread.sleep(500); } catch (InterruptedException e) { return; }
        }
    }

    /** Prints every complete line added since the last call. */
    synchronized void drain() {
        if (!Files.isRegularFile(file)) return;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() <= offset) return;
            f.seek(offset);
            byte[] b = new byte[(int) (f.length() - offset)];
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) return;
            for (String line : text.substring(0, end).split("\n"))
                if (!line.isBlank()) System.out.println("          | " + line);
            offset += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException ignored) {
            // a file being written: the next round reads it
        }
    }

    @Override public void close() {
        tail.interrupt();
        drain();
    }
}
