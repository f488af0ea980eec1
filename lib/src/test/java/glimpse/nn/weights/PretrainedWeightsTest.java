package glimpse.nn.weights;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainedWeightsTest {
    @AfterEach
    void clear() { System.clearProperty("glimpse.weights.dir"); }

    /** A safetensors file by the format's definition: u64 little-endian header length, JSON header, then the tensor bytes. */
    static void writeSafetensors(Path file, String headerJson, int dataBytes) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Files.write(file, b.array());
    }

    @Test
    void aSafetensorsFileIsFoundWithItsTensorCountMetadataAside(@TempDir Path dir) throws IOException {
        System.setProperty("glimpse.weights.dir", dir.toString());
        PretrainedWeights.Entry deit = PretrainedWeights.entry("deit-small-imagenet");
        writeSafetensors(dir.resolve(deit.fileName()), "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"cls_token\":{\"dtype\":\"F32\",\"shape\":[1,1,2],\"data_offsets\":[0,8]},"
                + "\"pos_embed\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]}}", 16);
        PretrainedWeights.Status s = PretrainedWeights.status(deit);
        assertTrue(s.usable(), s.summary());
        assertTrue(s.summary().contains("2 tensors"), s.summary());
    }

    @Test
    void missingTruncatedAndForeignFilesAreNotUsableAndSayWhy(@TempDir Path dir) throws IOException {
        System.setProperty("glimpse.weights.dir", dir.toString());
        PretrainedWeights.Entry r50 = PretrainedWeights.entry("resnet50-imagenet");
        assertEquals("missing", PretrainedWeights.status(r50).summary());
        Files.write(dir.resolve(r50.fileName()), new byte[] {1, 2, 3});
        assertTrue(PretrainedWeights.status(r50).summary().contains("truncated: 3 bytes"), PretrainedWeights.status(r50).summary());
        // a torch.save file is a zip: refused unread, with the conversion command (the same check as a load)
        Files.write(dir.resolve(r50.fileName()), "PK\u0003\u0004 a zip archive, not safetensors".getBytes(StandardCharsets.ISO_8859_1));
        PretrainedWeights.Status s = PretrainedWeights.status(r50);
        assertFalse(s.usable());
        assertTrue(s.summary().startsWith("unreadable: ") && s.summary().contains("a PyTorch checkpoint")
                && s.summary().contains("./glimpse weights convert"), s.summary());
    }

    @Test
    void everyEntryNamesAnExistingNotebookAndThePaperItServes() {
        for (PretrainedWeights.Entry e : PretrainedWeights.CATALOG) {
            assertTrue(Files.isRegularFile(glimpse.Glimpse.home().resolve("notebooks").resolve(e.notebook() + ".ipynb")), e.toString());
            assertTrue(e.why().contains("arXiv"), e.toString());
        }
    }
}
