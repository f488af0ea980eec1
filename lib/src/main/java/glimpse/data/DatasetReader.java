package glimpse.data;

import java.util.List;

/** Reads the dataset a manifest describes. One implementation per manifest {@code reader} value. */
public interface DatasetReader {
    Dataset read(Manifest manifest);

    /** Verifies the files without necessarily decoding everything; each line is a human-readable finding. */
    CheckReport check(Manifest manifest);

    record CheckReport(boolean ok, List<String> lines) {}

    /**
     * A check that decodes everything: where the files are, an optional line about them, and each
     * split's size and per-class counts; a reading error becomes a failed report with its message.
     */
    default CheckReport checkByReading(Manifest m, String filesLine) {
        List<String> lines = new java.util.ArrayList<>();
        try {
            Dataset d = read(m);
            lines.add("source:  " + SourceFiles.resolveDir(m));
            if (filesLine != null) lines.add("files:   " + filesLine);
            for (var s : d.splits().entrySet())
                lines.add("split " + s.getKey() + ": " + s.getValue() + ", per class " + java.util.Arrays.toString(s.getValue().countsPerClass()));
            return new CheckReport(true, lines);
        } catch (DatasetException e) {
            lines.add(e.getMessage());
            return new CheckReport(false, lines);
        }
    }
}
