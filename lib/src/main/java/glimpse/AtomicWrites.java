package glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files that a reader (another cell, another process, a node of a cluster) sees whole or not at all:
 * written beside their place under a name of this process's own, then moved into place in one step.
 */
public final class AtomicWrites {
    private AtomicWrites() {}

    /**
     * Writes {@code text} to {@code file} (creating its folder), replacing what was there only once all of it
     * is written; on failure the temporary file is removed and {@code file} is as it was.
     */
    public static void writeString(Path file, String text) throws IOException {
        Path tmp = temporaryFor(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* the original error is what matters */ }
            throw e;
        }
    }

    /** Where {@link #writeString} writes {@code file} first: beside it, named for this process, so two processes never share one. */
    public static Path temporaryFor(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }
}
