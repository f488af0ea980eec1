package glimpse.data;

/**
 * Shrinks every image of a set by an integer factor, averaging each factor×factor block (exact box
 * filter, no aliasing). Used to run CPU experiments on 64 px renderings at 32 px.
 */
public final class ImageResize {
    private ImageResize() {}

    public static ImageSet downsample(ImageSet set, int factor) {
        if (factor == 1) return set;
        if (factor < 1 || set.height() % factor != 0 || set.width() % factor != 0)
            throw new IllegalArgumentException(set.name() + ": " + set.height() + "x" + set.width() + " is not divisible by " + factor);
        int c = set.channels(), h = set.height() / factor, w = set.width() / factor, n = set.size();
        byte[] src = set.pixelsUnsafe(), dst = new byte[n * c * h * w];
        int area = factor * factor;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < c; k++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        int sum = 0;
                        for (int dy = 0; dy < factor; dy++)
                            for (int dx = 0; dx < factor; dx++) sum += set.pixel(i, k, y * factor + dy, x * factor + dx);
                        dst[((i * c + k) * h + y) * w + x] = (byte) ((sum + area / 2) / area);
                    }
        return new ImageSet(set.name() + "@" + h + "px", c, h, w, dst, set.labels(), set.classNames(), set.classTexts());
    }
}
