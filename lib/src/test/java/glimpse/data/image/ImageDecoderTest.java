package glimpse.data.image;

import glimpse.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
    @TempDir Path dir;

    /** |a − b| ≤ tol for each of the three samples of pixel (x, y). */
    private static void assertRgb(int r, int g, int b, Pixels px, int x, int y, int tol) {
        int[] want = {r, g, b};
        for (int c = 0; c < 3; c++)
            assertTrue(Math.abs(px.sample(x, y, c) - want[c]) <= tol,
                    "pixel (" + x + "," + y + ") channel " + c + ": " + px.sample(x, y, c) + ", expected " + want[c] + " ± " + tol);
    }

    @Test void rgbJpegDecodesToItsColours() {
        // four flat quadrants: JPEG keeps flat 8x8 blocks nearly exact away from the edges
        Path f = JpegFixtures.rgb(dir.resolve("q.jpg"), 32, 32, (x, y) -> x < 16 ? (y < 16 ? 0xFF0000 : 0x00FF00) : (y < 16 ? 0x0000FF : 0x808080), 0.95f);
        try (ImageDecoder d = new ImageDecoder()) {
            Pixels px = d.decode(f);
            assertEquals(32, px.width());
            assertEquals(32, px.height());
            assertFalse(px.gray());
            assertRgb(255, 0, 0, px, 4, 4, 8);
            assertRgb(0, 255, 0, px, 4, 27, 8);
            assertRgb(0, 0, 255, px, 27, 4, 8);
            assertRgb(128, 128, 128, px, 27, 27, 4);
        }
    }

    @Test void grayscaleJpegKeepsOneChannelRepeated() {
        Path f = JpegFixtures.gray(dir.resolve("g.jpg"), 24, 16, (x, y) -> x < 8 ? 30 : 200);
        try (ImageDecoder d = new ImageDecoder()) {
            Pixels px = d.decode(f);
            assertTrue(px.gray(), "one channel, repeated");
            assertRgb(30, 30, 30, px, 3, 8, 3);
            assertRgb(200, 200, 200, px, 20, 8, 3);
            // PIL's convert("RGB") repeats the luminance as is; the JDK's getRGB would gamma-convert it (30 -> ~95)
            assertEquals(px.sample(3, 8, 0), px.sample(3, 8, 2));
        }
    }

    @Test void cmykJpegConvertsToRgb() {
        // cyan | white (no ink) | black (K) | red (M + Y)
        Path f = JpegFixtures.cmyk(dir.resolve("c.jpg"), 32, 16,
                (x, y) -> x < 8 ? 0xFF000000 : x < 16 ? 0 : x < 24 ? 0x000000FF : 0x00FFFF00);
        try (ImageDecoder d = new ImageDecoder()) {
            ImageDecoder.Opened o = d.open(f);
            assertEquals(32, o.width());
            Pixels px = o.decode();
            // a naive conversion gives exactly these; an ICC conversion would move them a little: the tolerance allows it
            assertRgb(0, 255, 255, px, 4, 8, 40);
            assertRgb(255, 255, 255, px, 12, 8, 12);
            assertRgb(0, 0, 0, px, 20, 8, 40);
            assertRgb(255, 0, 0, px, 28, 8, 40);
        }
    }

    @Test void regionDecodesTheSamePixelsAsACropOfTheWhole() {
        Path f = JpegFixtures.rgb(dir.resolve("r.jpg"), 40, 30, (x, y) -> (x * 6) << 16 | (y * 8) << 8 | ((x + y) * 3), 0.9f);
        try (ImageDecoder d = new ImageDecoder()) {
            Pixels whole = d.decode(f);
            Pixels part = d.open(f).decode(new Rectangle(5, 7, 20, 11));
            assertEquals(20, part.width());
            assertEquals(11, part.height());
            for (int y = 0; y < 11; y++)
                for (int x = 0; x < 20; x++)
                    for (int c = 0; c < 3; c++) assertEquals(whole.sample(x + 5, y + 7, c), part.sample(x, y, c), "(" + x + "," + y + "," + c + ")");
        }
    }

    @Test void pngGoesThroughImageIo() throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(1, 1, 0xFF102030);
        Path f = dir.resolve("p.png");
        ImageIO.write(img, "png", f.toFile());
        try (ImageDecoder d = new ImageDecoder()) {
            Pixels px = d.decode(f);
            assertRgb(0x10, 0x20, 0x30, px, 1, 1, 0);
        }
    }

    @Test void anotherFormatsReaderIsDisposedWhenTheNextFileOpensAndOnClose() throws Exception {
        // a reader made per file (not a JPEG) for a format of the test's own, so its dispose() calls can be counted
        CountingReaders spi = new CountingReaders();
        javax.imageio.spi.IIORegistry.getDefaultInstance().registerServiceProvider(spi);
        try {
            Path a = JpegFixtures.bytes(dir.resolve("a.cnt"), CountingReaders.MAGIC), b = JpegFixtures.bytes(dir.resolve("b.cnt"), CountingReaders.MAGIC);
            try (ImageDecoder d = new ImageDecoder()) {
                assertEquals(2, d.open(a).decode().width());
                assertEquals(0, spi.disposed.get(), "in use until the next file opens");
                d.open(b).decode();
                assertEquals(1, spi.disposed.get(), "the first file's reader is disposed when the next opens");
            }
            assertEquals(2, spi.disposed.get(), "close() disposes of the last one");
            assertEquals(2, spi.made.get());
        } finally {
            javax.imageio.spi.IIORegistry.getDefaultInstance().deregisterServiceProvider(spi);
        }
    }

    /** Readers of 2x1 gray images in files that start with {@link #MAGIC}; counts the readers made and disposed. */
    static final class CountingReaders extends javax.imageio.spi.ImageReaderSpi {
        static final byte[] MAGIC = "GLIMPSE-COUNTING".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger(), disposed = new java.util.concurrent.atomic.AtomicInteger();

        CountingReaders() {
            super("glimpse", "1", new String[] {"glimpse-counting"}, new String[] {"cnt"}, new String[0], CountingReaders.class.getName(),
                    new Class<?>[] {javax.imageio.stream.ImageInputStream.class}, null, false, null, null, null, null, false, null, null, null, null);
        }

        @Override public boolean canDecodeInput(Object source) throws java.io.IOException {
            if (!(source instanceof javax.imageio.stream.ImageInputStream in)) return false;
            byte[] head = new byte[MAGIC.length];
            in.mark();
            try {
                return in.read(head) == head.length && java.util.Arrays.equals(head, MAGIC);
            } finally {
                in.reset();
            }
        }

        @Override public String getDescription(java.util.Locale locale) { return "test format counting its readers"; }

        @Override public javax.imageio.ImageReader createReaderInstance(Object extension) {
            made.incrementAndGet();
            return new javax.imageio.ImageReader(this) {
                @Override public int getNumImages(boolean allowSearch) { return 1; }
                @Override public int getWidth(int i) { return 2; }
                @Override public int getHeight(int i) { return 1; }
                @Override public java.util.Iterator<javax.imageio.ImageTypeSpecifier> getImageTypes(int i) {
                    return java.util.List.of(javax.imageio.ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY)).iterator();
                }
                @Override public javax.imageio.metadata.IIOMetadata getStreamMetadata() { return null; }
                @Override public javax.imageio.metadata.IIOMetadata getImageMetadata(int i) { return null; }
                @Override public BufferedImage read(int i, javax.imageio.ImageReadParam param) { return new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY); }
                @Override public void dispose() { disposed.incrementAndGet(); }
            };
        }
    }

    @Test void aDamagedFileIsNamedInTheError() {
        Path f = JpegFixtures.bytes(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 3, 1, 2, 3, 4});
        try (ImageDecoder d = new ImageDecoder()) {
            DatasetException e = assertThrows(DatasetException.class, () -> d.decode(f));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            Path text = JpegFixtures.bytes(dir.resolve("notes.txt.jpg"), "not an image".getBytes());
            DatasetException e2 = assertThrows(DatasetException.class, () -> d.decode(text));
            assertTrue(e2.getMessage().contains(text.toString()), e2.getMessage());
            DatasetException e3 = assertThrows(DatasetException.class, () -> d.decode(dir.resolve("missing.jpg")));
            assertTrue(e3.getMessage().contains("missing.jpg"), e3.getMessage());
        }
    }
}
