package glimpse.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CIFAR-10 / CIFAR-100 "binary version" (https://www.cs.toronto.edu/~kriz/cifar.html): fixed
 * records of {@code labelBytes} label bytes followed by 3072 pixel bytes (1024 red, 1024 green,
 * 1024 blue, each 32×32 row-major — already the C×H×W order of {@link ImageSet}).
 * CIFAR-10 has one label byte; CIFAR-100 two (coarse, fine).
 *
 * <p>Manifest: {@code splits} map a split to its files separated by spaces (records are
 * concatenated in that order); {@code options.labelBytes} (1 or 2) and {@code options.labelIndex}
 * (which label byte is the class: 0, or 1 for CIFAR-100's fine labels); class names from
 * {@code classNames}. The long-tailed CIFAR-LT sets are {@link glimpse.data.sampling.LongTail} of the "train" split.
 */
public final class CifarBinaryReader implements DatasetReader {
    static final int SIDE = 32, CHANNELS = 3, PIXELS = SIDE * SIDE * CHANNELS;

    @Override
    public Dataset read(Manifest m) {
        Path dir = SourceFiles.resolveDir(m);
        int labelBytes = option(m, "labelBytes", 1), labelIndex = option(m, "labelIndex", 0);
        if (labelBytes < 1 || labelIndex < 0 || labelIndex >= labelBytes)
            throw new DatasetException("Manifest " + m.location() + ": options.labelIndex " + labelIndex + " must be below options.labelBytes " + labelBytes);
        if (m.classNames() == null || m.classNames().isEmpty())
            throw new DatasetException("Manifest " + m.location() + " must list classNames for the cifar-binary reader");
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.splits().entrySet()) {
            List<byte[]> pixels = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            for (String name : e.getValue().trim().split("\\s+")) {
                Path file = dir.resolve(name);
                byte[] content = SourceFiles.readContent(file, m);
                m.filesOrEmpty().stream().filter(f -> f.name().equals(name)).findFirst()
                        .ifPresent(entry -> SourceFiles.verify(content, file, entry, m));
                decode(content, file, m, labelBytes, labelIndex, pixels, labels);
            }
            splits.put(e.getKey(), concat(m, e.getKey(), pixels, labels));
        }
        return new Dataset(m, splits);
    }

    private static void decode(byte[] content, Path file, Manifest m, int labelBytes, int labelIndex, List<byte[]> pixels, List<int[]> labels) {
        int record = labelBytes + PIXELS;
        if (content.length == 0 || content.length % record != 0)
            throw DatasetException.of(content.length + " bytes is not a whole number of " + record + "-byte CIFAR records ("
                    + labelBytes + " label byte(s) + 3072 pixels): truncated or not a CIFAR binary file", file, m,
                    "re-extract the binary version of the archive; " + SourceFiles.fixForDamaged(file, m));
        int n = content.length / record, classes = m.classNames().size();
        byte[] px = new byte[n * PIXELS];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = content[i * record + labelIndex] & 0xff;
            if (ys[i] >= classes)
                throw DatasetException.of("Record " + i + " has label " + ys[i] + ", but the manifest lists " + classes + " classes",
                        file, m, "check that this is the right CIFAR variant for the manifest");
            System.arraycopy(content, i * record + labelBytes, px, i * PIXELS, PIXELS);
        }
        pixels.add(px);
        labels.add(ys);
    }

    private static ImageSet concat(Manifest m, String split, List<byte[]> pixels, List<int[]> labels) {
        int n = labels.stream().mapToInt(a -> a.length).sum();
        byte[] px = new byte[n * PIXELS];
        int[] ys = new int[n];
        int at = 0;
        for (int k = 0; k < labels.size(); k++) {
            System.arraycopy(pixels.get(k), 0, px, at * PIXELS, pixels.get(k).length);
            System.arraycopy(labels.get(k), 0, ys, at, labels.get(k).length);
            at += labels.get(k).length;
        }
        List<String> texts = m.classTexts() != null ? m.classTexts() : m.classNames();
        return new ImageSet(m.id() + "/" + split, CHANNELS, SIDE, SIDE, px, ys, m.classNames(), texts);
    }

    static int option(Manifest m, String key, int fallback) {
        return m.options() != null && m.options().has(key) ? m.options().get(key).getAsInt() : fallback;
    }

    @Override
    public CheckReport check(Manifest m) {
        return checkByReading(m, null);
    }
}
