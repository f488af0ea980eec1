package glimpse.data.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import glimpse.data.DatasetException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Decodes image files (JPEG, PNG, BMP, GIF) to {@link Pixels}. JPEGs go through TwelveMonkeys'
 * ImageIO plugin ({@code com.twelvemonkeys.imageio:imageio-jpeg}), which also reads what the JDK's
 * decoder rejects: CMYK and YCCK JPEGs (converted to RGB through their ICC profile, or a generic
 * CMYK profile when they carry none), and JPEGs with broken ICC profiles. Grayscale images keep one
 * channel (the resampler repeats it). A file is read whole into memory first (one read instead of
 * ImageIO's many small ones), then only its header (for the size) and, where asked, only a region
 * of it is decoded: a random crop of a photo does not pay for colour-converting the rest.
 *
 * <p>Errors are {@link DatasetException}s naming the file and the fix. One decoder per thread: it
 * keeps its JPEG reader between files, and another format's reader until the next file opens
 * ({@link #close} disposes of both).
 */
public final class ImageDecoder implements AutoCloseable {
    static {
        // the plugin registers itself through ServiceLoader when ImageIO first scans the class path;
        // a notebook kernel's class loader may not be the one ImageIO scanned, so scan again with it
        ImageIO.scanForPlugins();
    }

    private ImageReader jpeg;
    /** The reader of the file opened last when it is not a JPEG (made per file): disposed when the next file opens, and by {@link #close}. */
    private ImageReader other;

    /** An opened file: its size is known, its pixels are decoded on {@link #decode}; valid until the decoder opens the next file. */
    public final class Opened {
        private final Path file;
        private final ImageReader reader;
        private final int width, height;

        private Opened(Path file, ImageReader reader) throws IOException {
            this.file = file;
            this.reader = reader;
            this.width = reader.getWidth(0);
            this.height = reader.getHeight(0);
        }

        public Path file() { return file; }
        public int width() { return width; }
        public int height() { return height; }
        ImageReader reader() { return reader; }

        /** The whole image. */
        public Pixels decode() { return decode(null); }

        /**
         * The whole image composited over an opaque {@code background} (0xRRGGBB), source-over: a pixel of alpha a
         * becomes a·colour + (1 − a)·background. For images whose transparent surround holds arbitrary colours
         * (an emoji's PNG), which {@link #decode()} would keep as they are; an image without alpha decodes as by {@link #decode()}.
         */
        public Pixels decodeOver(int background) {
            try {
                BufferedImage img = reader.read(0, reader.getDefaultReadParam());
                if (!img.getColorModel().hasAlpha()) return pixels(img);
                BufferedImage opaque = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                java.awt.Graphics2D g = opaque.createGraphics();
                try {
                    g.setColor(new java.awt.Color(background & 0xffffff));
                    g.fillRect(0, 0, width, height);
                    g.drawImage(img, 0, 0, null);
                } finally {
                    g.dispose();
                }
                return pixels(opaque);
            } catch (IOException | RuntimeException e) {
                throw failed(file, e);
            }
        }

        /** Only {@code region} (x, y, w, h; inside the image), or the whole image when null. */
        public Pixels decode(Rectangle region) {
            try {
                ImageReadParam param = reader.getDefaultReadParam();
                if (region != null && (region.width != width || region.height != height)) param.setSourceRegion(region);
                return pixels(reader.read(0, param));
            } catch (IOException | RuntimeException e) {
                throw failed(file, e);
            }
        }
    }

    /** Reads {@code file}'s bytes and header. */
    public Opened open(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.channels.ClosedByInterruptException e) {
            throw new DatasetException("Interrupted while reading " + file, e);
        } catch (IOException e) {
            throw DatasetException.of("Cannot read image file (" + e + ")", file, (glimpse.data.Manifest) null, "check that the file exists and is readable");
        }
        disposeOther();
        try {
            ImageInputStream in = new ByteArrayImageInputStream(bytes);
            ImageReader reader = isJpeg(bytes) ? jpegReader() : (other = anyReader(in, file));
            reader.setInput(in, true, true);
            return new Opened(file, reader);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException d) throw d;
            throw failed(file, e);
        }
    }

    /** The whole of {@code file} decoded. */
    public Pixels decode(Path file) { return open(file).decode(); }

    @Override public void close() {
        disposeOther();
        if (jpeg != null) jpeg.dispose();
        jpeg = null;
    }

    private void disposeOther() {
        if (other != null) other.dispose();
        other = null;
    }

    private ImageReader jpegReader() {
        if (jpeg == null) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                if (r.getClass().getName().startsWith("com.twelvemonkeys.")) { jpeg = r; break; }
                r.dispose();
            }
            if (jpeg == null) throw new IllegalStateException("TwelveMonkeys' JPEG plugin (com.twelvemonkeys.imageio:imageio-jpeg) is not on the class path");
        }
        return jpeg;
    }

    private static ImageReader anyReader(ImageInputStream in, Path file) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext())
            throw DatasetException.of("Not an image format ImageIO can decode (JPEG, PNG, BMP, GIF)", file, (glimpse.data.Manifest) null,
                    "replace the file with a JPEG or PNG");
        return readers.next();
    }

    static boolean isJpeg(byte[] b) { return b.length > 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8; }

    private static DatasetException failed(Path file, Exception e) {
        return DatasetException.of("Cannot decode image (" + e + ")", file, (glimpse.data.Manifest) null,
                "replace the damaged file from the original archive");
    }

    /** The decoded samples without a copy where the layout allows (byte samples, pixels interleaved); otherwise converted to RGB. */
    static Pixels pixels(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        Raster raster = img.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm) {
            int stride = sm.getPixelStride();
            int[] offsets = sm.getBandOffsets();
            if (sm.getScanlineStride() == w * stride) {
                switch (img.getType()) {
                    case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE:
                        return new Pixels(w, h, buffer.getData(), stride, offsets[0], offsets[1], offsets[2]);
                    case BufferedImage.TYPE_BYTE_GRAY:
                        return new Pixels(w, h, buffer.getData(), 1, 0, 0, 0);
                    case BufferedImage.TYPE_CUSTOM:
                        // JPEG readers hand out RGB rasters as custom types: a standard sRGB colour model is plain RGB
                        if (img.getColorModel().getColorSpace().isCS_sRGB() && offsets.length >= 3 && !img.getColorModel().hasAlpha())
                            return new Pixels(w, h, buffer.getData(), stride, offsets[0], offsets[1], offsets[2]);
                        break;
                    default:
                        break;
                }
            }
        }
        // anything else (indexed PNGs, 16-bit PNGs, other colour spaces): through the colour model to sRGB
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return Pixels.rgb(w, h, rgb);
    }
}
