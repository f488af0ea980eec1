package glimpse.data.image;

/**
 * A decoded image as ImageIO delivered it, without a copy: 8-bit samples, {@code stride} bytes per
 * pixel, rows packed ({@code width * stride} bytes each), and where in a pixel its red, green and blue
 * samples sit ({@code red == green == blue} for a grayscale image: its one channel is repeated, as
 * PIL's {@code convert("RGB")} does).
 */
public record Pixels(int width, int height, byte[] data, int stride, int red, int green, int blue) {

    public Pixels {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if ((long) width * height * stride > data.length)
            throw new IllegalArgumentException(width + "x" + height + "x" + stride + " pixels need more than the " + data.length + " bytes given");
    }

    /** Interleaved RGB bytes. */
    public static Pixels rgb(int width, int height, byte[] rgb) { return new Pixels(width, height, rgb, 3, 0, 1, 2); }

    public boolean gray() { return red == green && green == blue; }

    /** Sample {@code c} (0 red, 1 green, 2 blue) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int c) {
        return data[(y * width + x) * stride + (c == 0 ? red : c == 1 ? green : blue)] & 0xff;
    }
}
