package glimpse.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images in memory as uint8 pixels (N×C×H×W, row-major) with integer labels, class names and a
 * class text (a sentence a text encoder can read). Every reader produces one of these.
 */
public final class ImageSet {
    private final String name;
    private final int channels, height, width;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> classTexts;

    public ImageSet(String name, int channels, int height, int width, byte[] pixels, int[] labels,
                    List<String> classNames, List<String> classTexts) {
        this.name = Objects.requireNonNull(name);
        if (channels <= 0 || height <= 0 || width <= 0) throw new IllegalArgumentException("bad image shape");
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected)
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes, expected " + expected
                    + " for " + labels.length + " images of " + channels + "x" + height + "x" + width);
        if (classTexts.size() != classNames.size())
            throw new IllegalArgumentException(name + ": " + classNames.size() + " class names but " + classTexts.size() + " class texts");
        for (int y : labels) {
            if (y < 0 || y >= classNames.size())
                throw new IllegalArgumentException(name + ": label " + y + " outside 0.." + (classNames.size() - 1));
        }
        this.channels = channels; this.height = height; this.width = width;
        this.pixels = pixels; this.labels = labels;
        this.classNames = List.copyOf(classNames); this.classTexts = List.copyOf(classTexts);
    }

    public String name() { return name; }
    public int size() { return labels.length; }
    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }
    public int imageBytes() { return channels * height * width; }
    public int classCount() { return classNames.size(); }
    public List<String> classNames() { return classNames; }
    public List<String> classTexts() { return classTexts; }
    public int label(int i) { return labels[i]; }
    /** A copy: callers cannot change the set. */
    public int[] labels() { return labels.clone(); }

    /** Direct read access for readers and samplers in this package and the hot paths of training. */
    public byte[] pixelsUnsafe() { return pixels; }

    public int pixel(int image, int c, int y, int x) {
        return pixels[(int) ((long) image * imageBytes() + (long) c * height * width + (long) y * width + x)] & 0xff;
    }

    public int[] countsPerClass() {
        int[] counts = new int[classCount()];
        for (int y : labels) counts[y]++;
        return counts;
    }

    public int[] indicesOfClass(int c) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }

    /** The images at the given indices, same classes. */
    public ImageSet subset(String subsetName, int[] indices) {
        int b = imageBytes();
        byte[] px = new byte[indices.length * b];
        int[] ys = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * b, px, k * b, b);
            ys[k] = labels[indices[k]];
        }
        return new ImageSet(subsetName, channels, height, width, px, ys, classNames, classTexts);
    }

    /**
     * Only the images of the given classes, relabelled 0..k-1 in the order given (class-disjoint
     * splits for few-shot learning and retrieval).
     */
    public ImageSet restrictToClasses(String subsetName, int[] classes) {
        int[] newLabel = new int[classCount()];
        Arrays.fill(newLabel, -1);
        List<String> names = new ArrayList<>(), texts = new ArrayList<>();
        for (int k = 0; k < classes.length; k++) {
            if (newLabel[classes[k]] != -1) throw new IllegalArgumentException("class " + classes[k] + " listed twice");
            newLabel[classes[k]] = k;
            names.add(classNames.get(classes[k]));
            texts.add(classTexts.get(classes[k]));
        }
        int[] keep = java.util.stream.IntStream.range(0, labels.length).filter(i -> newLabel[labels[i]] >= 0).toArray();
        int b = imageBytes();
        byte[] px = new byte[keep.length * b];
        int[] ys = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            System.arraycopy(pixels, keep[k] * b, px, k * b, b);
            ys[k] = newLabel[labels[keep[k]]];
        }
        return new ImageSet(subsetName, channels, height, width, px, ys, names, texts);
    }

    /** Images at {@code indices} as a float32 tensor (n, C, H, W) scaled to [0, 1]. */
    public NDArray toTensor(NDManager manager, int[] indices) {
        int b = imageBytes();
        byte[] px = new byte[indices.length * b];
        for (int k = 0; k < indices.length; k++) System.arraycopy(pixels, indices[k] * b, px, k * b, b);
        NDArray u8 = manager.create(java.nio.ByteBuffer.wrap(px), new Shape(indices.length, channels, height, width), DataType.UINT8);
        return u8.toType(DataType.FLOAT32, false).divi(255f);
    }

    /** Labels at {@code indices} as an int64 tensor (n). */
    public NDArray labelsTensor(NDManager manager, int[] indices) {
        long[] ys = new long[indices.length];
        for (int k = 0; k < indices.length; k++) ys[k] = labels[indices[k]];
        return manager.create(ys);
    }

    @Override public String toString() {
        return name + " [" + size() + " images " + channels + "x" + height + "x" + width + ", " + classCount() + " classes]";
    }
}
