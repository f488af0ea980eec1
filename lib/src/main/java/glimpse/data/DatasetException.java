package glimpse.data;

/**
 * A dataset could not be read. The message always names what failed (a file), which manifest
 * describes it, and what the user can do about it.
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) { super(message); }
    public DatasetException(String message, Throwable cause) { super(message, cause); }

    public static DatasetException of(String problem, java.nio.file.Path file, Manifest manifest, String fix) {
        return new DatasetException(problem + "\n  file:     " + file
                + "\n  manifest: " + (manifest == null ? "(none)" : manifest.location())
                + "\n  fix:      " + fix);
    }
}
