package glimpse.data;

import java.util.List;

/** Reads the dataset a manifest describes. One implementation per manifest {@code reader} value. */
public interface DatasetReader {
    Dataset read(Manifest manifest);

    /** Verifies the files without necessarily decoding everything; each line is a human-readable finding. */
    CheckReport check(Manifest manifest);

    record CheckReport(boolean ok, List<String> lines) {}
}
