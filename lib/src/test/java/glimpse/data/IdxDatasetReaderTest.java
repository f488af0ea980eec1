package glimpse.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The IDX reader on tiny hand-made files: decoding. Bad files and manifests are rows of glimpse.cli.BadInputMatrixTest. */
class IdxDatasetReaderTest {
    @TempDir Path dir;

    static byte[] idxImages(int n, int h, int w, int magic) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w);
        b.putInt(magic).putInt(n).putInt(h).putInt(w);
        for (int i = 0; i < n * h * w; i++) b.put((byte) (i * 7));
        return b.array();
    }

    static byte[] idxLabels(int[] ys) {
        ByteBuffer b = ByteBuffer.allocate(8 + ys.length);
        b.putInt(IdxDatasetReader.LABELS_MAGIC).putInt(ys.length);
        for (int y : ys) b.put((byte) y);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) { gz.write(raw); }
        return out.toByteArray();
    }

    Manifest manifest(byte[] images, byte[] labels, boolean withChecksums) {
        return new Manifest("tiny", "Tiny", null, null, null, List.of("test"),
                new Manifest.Source("debian-package", "dataset-tiny", dir.toString(), null, null, "IDX", null),
                List.of(new Manifest.FileEntry("img.gz", withChecksums ? SourceFiles.sha256(images) : null, withChecksums ? (long) images.length : null),
                        new Manifest.FileEntry("lab.gz", withChecksums ? SourceFiles.sha256(labels) : null, null)),
                "idx", Map.of("train", "img.gz lab.gz"), List.of("a", "b", "c"), List.of("class a", "class b", "class c"), null,
                dir.resolve("tiny.json"));
    }

    @Test
    void decodesPixelsAndLabelsInFileOrder() throws IOException {
        byte[] img = idxImages(3, 2, 2, IdxDatasetReader.IMAGES_MAGIC), lab = idxLabels(new int[]{2, 0, 1});
        Files.write(dir.resolve("img.gz"), gzip(img));
        Files.write(dir.resolve("lab.gz"), gzip(lab));
        ImageSet s = new IdxDatasetReader().read(manifest(img, lab, true)).split("train");
        assertEquals(3, s.size());
        assertArrayEquals(new int[]{2, 0, 1}, s.labels());
        // image 1, pixel (y=1, x=0) is the 1*4 + 2 = 6th pixel overall, written as (byte)(6*7)
        assertEquals(42, s.pixel(1, 0, 1, 0));
        assertEquals("class c", s.classTexts().get(s.label(0)));
    }

    @Test
    void labelOutsideTheClassListIsRejected() throws IOException {
        byte[] img = idxImages(2, 2, 2, IdxDatasetReader.IMAGES_MAGIC), lab = idxLabels(new int[]{0, 7});
        Files.write(dir.resolve("img.gz"), gzip(img));
        Files.write(dir.resolve("lab.gz"), gzip(lab));
        var e = assertThrows(IllegalArgumentException.class, () -> new IdxDatasetReader().read(manifest(img, lab, true)));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
    }

    @Test
    void everyCommittedManifestParsesAndHasAKnownReader() throws IOException {
        Path manifests = glimpse.Glimpse.manifestsDir();
        try (var s = Files.list(manifests)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".json")).toList();
            assertFalse(files.isEmpty());
            for (Path f : files) {
                Manifest m = Manifest.read(f);
                assertEquals(f.getFileName().toString(), m.id() + ".json", "manifest id must match its file name");
                assertNotNull(Datasets.reader(m));
            }
        }
    }
}
