package glimpse.kernel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** stdout/stderr buffering: a line written in pieces is one stream message (was: one message per print). */
class CellStreamTest {
    @Test
    void piecesOfALineWrittenTogetherAreOneMessage() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        CellStream stream = new CellStream(System.out);
        stream.attach(sent::add);
        PrintStream out = stream.printStream();
        out.print("a");
        Thread.sleep(CellStream.INTERVAL_MS * 3);  // JShell compiles each statement of a cell apart: pieces come slowly
        out.print("b");
        out.flush();                       // libraries flush per word: only schedules the send
        Thread.sleep(CellStream.INTERVAL_MS * 3);
        assertEquals(List.of(), sent, "a line still being written is held");
        out.println("c");
        Thread.sleep(CellStream.INTERVAL_MS * 5);
        assertEquals(List.of("abc" + System.lineSeparator()), sent);
        out.print("tail");
        stream.attach(null);               // the cell ends: what is pending is sent before detaching
        assertEquals(List.of("abc" + System.lineSeparator(), "tail"), sent);
    }

    @Test
    void aPartialLineShowsAfterItHasWaitedLongEnough() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        CellStream stream = new CellStream(System.out);
        stream.attach(sent::add);
        stream.printStream().print("epoch 1 ...");
        Thread.sleep(CellStream.PARTIAL_MS + CellStream.INTERVAL_MS * 5);
        assertEquals(List.of("epoch 1 ..."), sent);
    }

    @Test
    void aCharacterSplitAcrossWritesIsNeverCutInTwo() {
        List<String> sent = new CopyOnWriteArrayList<>();
        CellStream stream = new CellStream(System.out);
        stream.attach(sent::add);
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        stream.write(e, 0, 1);
        stream.send();
        assertEquals(List.of(), sent, "half a character is held back");
        stream.write(e, 1, 1);
        stream.send();
        assertEquals(List.of("é"), sent);
        assertEquals(3, CellStream.wholeCharacters("abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, CellStream.wholeCharacters(new byte[]{'a', 'b', (byte) 0xE2, (byte) 0x82}), "a 3-byte character missing its last byte");
    }

    @Test
    void outsideACellTheTextGoesToTheKernelsOwnStream() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CellStream stream = new CellStream(new PrintStream(log, true, StandardCharsets.UTF_8));
        stream.printStream().print("to the log");
        assertEquals("to the log", log.toString(StandardCharsets.UTF_8));
    }
}
