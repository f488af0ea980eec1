package glimpse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A file written by AtomicWrites is the old one or the new one, never a part, and no temporary file stays. */
class AtomicWritesTest {
    @TempDir Path dir;

    @Test
    void writesIntoNewFoldersAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a/b/result.json");
        AtomicWrites.writeString(file, "first");
        AtomicWrites.writeString(file, "second");
        assertEquals("second", Files.readString(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(java.util.List.of(file), s.toList());
        }
        assertNotEquals(file.getParent().resolve(file.getFileName() + ".tmp"), AtomicWrites.temporaryFor(file),
                "the temporary name is this process's own, so two processes writing one file do not write into each other's");
    }

    @Test
    void aWriteThatFailsLeavesTheOldFileAsItWasAndNoTemporaryFile() throws IOException {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full to simulate a full disk");
        Path file = dir.resolve("claims.json");
        AtomicWrites.writeString(file, "old");
        Path tmp = AtomicWrites.temporaryFor(file);
        Files.createSymbolicLink(tmp, Path.of("/dev/full"));
        IOException e = assertThrows(IOException.class, () -> AtomicWrites.writeString(file, "new"));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("old", Files.readString(file));
        assertFalse(Files.exists(tmp, LinkOption.NOFOLLOW_LINKS));
    }
}
