package glimpse.data.image;

/**
 * A decoded image as ImageIO delivered it, without a copy: 8-bit samples, {@code stride} bytes per
 * pixel, rows packed ({@code width * stride} bytes each), and where its red, green and blue samples
 * sit from the pixel's first byte: inside the pixel when interleaved, a plane apart when planar
 * ({@link #ofImageSet}); {@code red == green == blue} for a grayscale image: its one channel is
 * repeated, as PIL's {@code convert("RGB")} does.
 */
public record Pixels(int width, int height, byte[] data, int stride, int red, int green, int blue) {

    public Pixels {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if ((long) width * height * stride > data.length)
            throw new IllegalArgumentException(width + "x" + height + "x" + stride + " pixels need more than the " + data.length + " bytes given");
        // the last pixel's farthest sample (a plane apart when planar) must lie inside the data too
        long last = Math.max(red, Math.max(green, blue)) + ((long) width * height - 1) * stride;
        if (Math.min(red, Math.min(green, blue)) < 0 || last >= data.length)
            throw new IllegalArgumentException("channel offsets red " + red + ", green " + green + ", blue " + blue + " of " + width + "x" + height
                    + " pixels (stride " + stride + ") reach byte " + last + ", past the " + data.length + " bytes given");
    }

    /** Interleaved RGB bytes. */
    public static Pixels rgb(int width, int height, byte[] rgb) { return new Pixels(width, height, rgb, 3, 0, 1, 2); }

    /**
     * Image {@code i} of an in-memory set (planar C×H×W bytes, 1 or 3 channels), copied: planes are
     * pixels of stride 1 whose channels sit a plane apart.
     */
    public static Pixels ofImageSet(glimpse.data.ImageSet set, int i) {
        int n = set.height() * set.width(), c = set.channels();
        if (c != 1 && c != 3) throw new IllegalArgumentException(set.name() + ": " + c + " channels; RGB or grayscale expected");
        byte[] one = java.util.Arrays.copyOfRange(set.pixelsUnsafe(), i * c * n, (i + 1) * c * n);
        return c == 1 ? new Pixels(set.width(), set.height(), one, 1, 0, 0, 0) : new Pixels(set.width(), set.height(), one, 1, 0, n, 2 * n);
    }

    public boolean gray() { return red == green && green == blue; }

    /** Sample {@code c} (0 red, 1 green, 2 blue) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int c) {
        return data[(y * width + x) * stride + (c == 0 ? red : c == 1 ? green : blue)] & 0xff;
    }
}
