package glimpse.data;

import java.nio.file.Path;

/**
 * A dataset could not be read. The message always names what failed (a file, or the manifest
 * itself), which manifest describes it, and what the user can do about it:
 * <pre>
 * PROBLEM
 *   file:     FILE            (absent when the problem is in the manifest itself)
 *   manifest: MANIFEST
 *   fix:      FIX
 * </pre>
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) { super(message); }
    public DatasetException(String message, Throwable cause) { super(message, cause); }

    public static DatasetException of(String problem, Path file, Manifest manifest, String fix) {
        return of(problem, file, manifest == null ? null : String.valueOf(manifest.location()), fix, null);
    }

    /** A problem in the manifest itself (a field, a split, the reader it names). */
    public static DatasetException of(String problem, Manifest manifest, String fix) {
        return of(problem, null, manifest == null ? null : String.valueOf(manifest.location()), fix, null);
    }

    /** The general form; {@code manifest} is where the manifest is (or would be), {@code file} may be null. */
    static DatasetException of(String problem, Path file, String manifest, String fix, Throwable cause) {
        return new DatasetException(problem
                + (file == null ? "" : "\n  file:     " + file)
                + "\n  manifest: " + (manifest == null ? "(none)" : manifest)
                + "\n  fix:      " + fix, cause);
    }
}
