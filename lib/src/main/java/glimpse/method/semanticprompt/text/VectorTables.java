package glimpse.method.semanticprompt.text;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** A table of named float vectors written atomically (a temporary file beside it, then a move): the text-feature and word-vector caches. */
final class VectorTables {
    private VectorTables() {}

    /** {@code [header UTF] dim count (key UTF, dim floats)*}; {@code header} null writes none; {@code what} names the file in errors. */
    static void write(Path file, String header, int dim, Map<String, float[]> rows, String what) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                if (header != null) out.writeUTF(header);
                out.writeInt(dim);
                out.writeInt(rows.size());
                for (Map.Entry<String, float[]> e : rows.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (float x : e.getValue()) out.writeFloat(x);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
