package glimpse.data.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;

/** JPEG files written by the tests themselves: RGB, grayscale and Adobe CMYK. */
final class JpegFixtures {
    private JpegFixtures() {}

    /** An RGB JPEG whose pixel (x, y) is {@code rgb.applyAsInt(x, y)} (0xRRGGBB) before compression. */
    static Path rgb(Path file, int w, int h, IntBinaryOperator rgb, float quality) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb.applyAsInt(x, y));
        return write(file, new IIOImage(img, null, null), quality);
    }

    /** A one-channel (grayscale) JPEG with luminance {@code value.applyAsInt(x, y)}. */
    static Path gray(Path file, int w, int h, IntBinaryOperator value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, value.applyAsInt(x, y));
        return write(file, new IIOImage(img, null, null), 0.95f);
    }

    /**
     * A CMYK JPEG as Photoshop writes them: four components, an Adobe APP14 segment (transform 0:
     * no colour transform) and the ink amounts stored inverted (255 = no ink). {@code cmyk} gives
     * the ink of pixel (x, y) as 0xCCMMYYKK.
     */
    static Path cmyk(Path file, int w, int h, IntBinaryOperator cmyk) {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = cmyk.applyAsInt(x, y);
                r.setPixel(x, y, new int[] {255 - (v >>> 24), 255 - ((v >> 16) & 0xff), 255 - ((v >> 8) & 0xff), 255 - (v & 0xff)});
            }
        byte[] plain = encode(new IIOImage(r, null, null), 0.95f);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[plain.length + adobe.length];
        System.arraycopy(plain, 0, out, 0, 2);                  // SOI
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(plain, 2, out, 2 + adobe.length, plain.length - 2);
        return bytes(file, out);
    }

    static Path bytes(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, IIOImage image, float quality) { return bytes(file, encode(image, quality)); }

    private static byte[] encode(IIOImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
