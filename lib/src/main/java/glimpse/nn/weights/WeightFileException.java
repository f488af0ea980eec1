package glimpse.nn.weights;

/**
 * A weight file that cannot be read or does not fit the model: the message names the file, the
 * tensor where there is one, what was expected and the fix. Weight files are untrusted input, so
 * every way a file can be wrong ends here, never in a crash, an out-of-memory or code being run.
 */
public class WeightFileException extends RuntimeException {
    public WeightFileException(String message) { super(message); }

    public WeightFileException(String message, Throwable cause) { super(message, cause); }
}
