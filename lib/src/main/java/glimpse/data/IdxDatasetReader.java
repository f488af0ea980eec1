package glimpse.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MNIST-style IDX files (Fashion-MNIST, MNIST). The manifest's {@code splits} map a split name to
 * "images-file labels-file"; every file is verified against the manifest before it is decoded.
 */
public final class IdxDatasetReader implements DatasetReader {
    static final int IMAGES_MAGIC = 0x00000803, LABELS_MAGIC = 0x00000801;

    @Override
    public Dataset read(Manifest m) {
        Path dir = SourceFiles.resolveDir(m);
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.splits().entrySet()) {
            String[] files = e.getValue().trim().split("\\s+");
            if (files.length != 2)
                throw DatasetException.of("Split '" + e.getKey() + "' is \"" + e.getValue() + "\"", m,
                        "write it as \"<images file> <labels file>\" (reader idx, data-manifests/README.md)");
            byte[] images = load(dir, files[0], m), labels = load(dir, files[1], m);
            splits.put(e.getKey(), decode(m, e.getKey(), dir.resolve(files[0]), images, dir.resolve(files[1]), labels));
        }
        return new Dataset(m, splits);
    }

    @Override
    public CheckReport check(Manifest m) {
        return checkByReading(m, m.filesOrEmpty().size() + " verified (sha256 of decoded content)");
    }

    private static byte[] load(Path dir, String name, Manifest m) {
        Path file = dir.resolve(name);
        byte[] content = SourceFiles.readContent(file, m);
        Manifest.FileEntry entry = m.filesOrEmpty().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> DatasetException.of("A split uses " + name + ", which \"files\" does not list", file, m,
                        "add {\"name\": \"" + name + "\", \"contentSha256\": …, \"contentBytes\": …} to \"files\", or correct the split"));
        SourceFiles.verify(content, file, entry, m);
        return content;
    }

    /** Decodes an IDX image file and its label file; public for tests on hand-made files. */
    public static ImageSet decode(Manifest m, String split, Path imageFile, byte[] images, Path labelFile, byte[] labels) {
        ByteBuffer ib = ByteBuffer.wrap(images), lb = ByteBuffer.wrap(labels);
        if (images.length < 16 || ib.getInt(0) != IMAGES_MAGIC)
            throw DatasetException.of(String.format("Not an IDX image file (magic number 0x%08x, expected 0x%08x)",
                    images.length < 4 ? 0 : ib.getInt(0), IMAGES_MAGIC), imageFile, m, SourceFiles.fixForDamaged(imageFile, m));
        if (labels.length < 8 || lb.getInt(0) != LABELS_MAGIC)
            throw DatasetException.of(String.format("Not an IDX label file (magic number 0x%08x, expected 0x%08x)",
                    labels.length < 4 ? 0 : lb.getInt(0), LABELS_MAGIC), labelFile, m, SourceFiles.fixForDamaged(labelFile, m));
        int n = ib.getInt(4), h = ib.getInt(8), w = ib.getInt(12);
        if (lb.getInt(4) != n)
            throw DatasetException.of("Label file has " + lb.getInt(4) + " labels for " + n + " images", labelFile, m, SourceFiles.fixForDamaged(labelFile, m));
        if (images.length != 16 + (long) n * h * w)
            throw DatasetException.of("Truncated IDX image file: its header promises " + n + " images of " + h + "x" + w + " ("
                    + (16 + (long) n * h * w) + " bytes), it holds " + images.length, imageFile, m, SourceFiles.fixForDamaged(imageFile, m));
        if (labels.length != 8 + n)
            throw DatasetException.of("Truncated IDX label file: its header promises " + n + " labels (" + (8 + n) + " bytes), it holds "
                    + labels.length, labelFile, m, SourceFiles.fixForDamaged(labelFile, m));
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) ys[i] = labels[8 + i] & 0xff;
        byte[] px = Arrays.copyOfRange(images, 16, images.length);
        List<String> names = m.classNames(), texts = m.classTexts() != null ? m.classTexts() : m.classNames();
        return new ImageSet(m.id() + "/" + split, 1, h, w, px, ys, names, texts);
    }
}
