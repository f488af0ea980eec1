package glimpse.kernel;

import java.util.List;

/**
 * A cell that did not run to its end: it did not compile, threw, or was interrupted. The lines
 * are what the notebook shows under the cell (the error reply's traceback).
 */
final class CellError extends RuntimeException {
    final String name;
    final List<String> lines;

    CellError(String name, String message, List<String> lines) {
        super(message);
        this.name = name;
        this.lines = List.copyOf(lines);
    }

    /** The error reply's evalue: the name (the exception class for a runtime error) and the message. */
    @Override
    public String getLocalizedMessage() { return name + ": " + getMessage(); }

    static CellError interrupted() {
        return new CellError("Interrupted", "the cell was interrupted (Kernel > Interrupt)",
                List.of("Interrupted: the cell was stopped; the kernel keeps its state and runs the next cell"));
    }
}
