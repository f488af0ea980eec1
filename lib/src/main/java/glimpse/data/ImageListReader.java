package glimpse.data;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Image-list datasets such as ImageNet-LT (Liu et al. 2019): a text file per split whose lines are
 * {@code relative/path/to/image.JPEG label}, the paths relative to an image root. Images are decoded
 * with ImageIO, the shorter side scaled to {@code imageSize} and centre-cropped to a square, RGB.
 *
 * <p>Manifest: {@code splits} map a split to its list file (listed in {@code files});
 * {@code options.imageSize} (default 64), {@code options.imageRoot} (a folder under the source
 * folder holding the images; default the source folder itself). Class names: the manifest's
 * {@code classNames} if given, else the parent folder of a class's first image (the WordNet id
 * for ImageNet-LT, e.g. n01440764). Classes are 0..max label over all splits.
 */
public final class ImageListReader implements DatasetReader {

    /** One parsed line of a list file. */
    record Entry(String path, int label, int line) {}

    @Override
    public Dataset read(Manifest m) {
        Path dir = SourceFiles.resolveDir(m);
        int size = CifarBinaryReader.option(m, "imageSize", 64);
        Path root = imageRoot(m, dir);
        Map<String, List<Entry>> lists = new LinkedHashMap<>();
        Map<String, Path> listFiles = new LinkedHashMap<>();
        TreeMap<Integer, String> folderOfLabel = new TreeMap<>();
        for (Map.Entry<String, String> s : m.splits().entrySet()) {
            Path listFile = dir.resolve(s.getValue().trim());
            List<Entry> entries = parse(listFile, m);
            for (Entry e : entries) folderOfLabel.putIfAbsent(e.label(), parentName(e.path()));
            lists.put(s.getKey(), entries);
            listFiles.put(s.getKey(), listFile);
        }
        int classes = folderOfLabel.isEmpty() ? 0 : folderOfLabel.lastKey() + 1;
        List<String> names = classNames(m, classes, folderOfLabel);
        List<String> texts = m.classTexts() != null && m.classTexts().size() == names.size() ? m.classTexts() : names;
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        for (var s : lists.entrySet()) {
            List<Entry> entries = s.getValue();
            int bytes = 3 * size * size;
            byte[] px = new byte[Math.multiplyExact(entries.size(), bytes)];
            int[] ys = new int[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                decodeInto(root, e, listFiles.get(s.getKey()), m, size, px, i * bytes);
                ys[i] = e.label();
            }
            splits.put(s.getKey(), new ImageSet(m.id() + "/" + s.getKey(), 3, size, size, px, ys, names, texts));
        }
        return new Dataset(m, splits);
    }

    /** Listed images checked for existence before a stream starts: the first, the last and this many spread between. */
    static final int SAMPLE_CHECKED = 32;

    /**
     * The files and labels of {@code split}, in line order, to stream at paper resolution (ImageNet-LT's
     * 115,846 training images are not decoded up front). Class names and count as {@link #read} gives
     * them (0..max label over every split the manifest lists). Whether the listed images are there is
     * checked on a sample ({@value #SAMPLE_CHECKED} spread over the list, the first and last included),
     * not all of them: a missing image that escapes the sample is named by the loader when it is reached.
     */
    static ImageFileList files(Manifest m, String split) {
        Path dir = SourceFiles.resolveDir(m);
        Path root = imageRoot(m, dir);
        TreeMap<Integer, String> folderOfLabel = new TreeMap<>();
        List<Entry> wanted = null;
        Path wantedFile = null;
        for (Map.Entry<String, String> s : m.splits().entrySet()) {
            Path listFile = dir.resolve(s.getValue().trim());
            List<Entry> entries = parse(listFile, m);
            for (Entry e : entries) folderOfLabel.putIfAbsent(e.label(), parentName(e.path()));
            if (s.getKey().equals(split)) { wanted = entries; wantedFile = listFile; }
        }
        if (wanted == null) throw DatasetException.of("No split '" + split + "' in the manifest", m, "use one of " + String.join(", ", m.splits().keySet()));
        if (wanted.isEmpty())
            throw DatasetException.of("The image list of split '" + split + "' has no lines", wantedFile, m, "restore the list file from the dataset's release");
        checkSample(root, wanted, wantedFile, m);
        int classes = folderOfLabel.lastKey() + 1;
        return new ImageFileList(m.id() + "/" + split, wanted.stream().map(e -> root.resolve(e.path())).toList(),
                wanted.stream().mapToInt(Entry::label).toArray(), classNames(m, classes, folderOfLabel));
    }

    /** Fails naming the first sampled listed image that is not a file (see {@link #files}). */
    static void checkSample(Path root, List<Entry> entries, Path listFile, Manifest m) {
        int n = entries.size(), k = Math.min(n, SAMPLE_CHECKED);
        for (int i = 0; i < k; i++) {
            Entry e = entries.get(k == 1 ? 0 : (int) ((long) i * (n - 1) / (k - 1)));
            Path image = root.resolve(e.path());
            if (!Files.isRegularFile(image))
                throw DatasetException.of("Image listed at line " + e.line() + " of " + listFile.getFileName() + " is missing (checked a sample of "
                                + k + " of the " + n + " listed images, not all)", image, m,
                        "the list's paths are relative to " + root + "; extract the images there (" + SourceFiles.fixFor(m) + ")");
        }
    }

    private static Path imageRoot(Manifest m, Path dir) {
        return m.options() != null && m.options().has("imageRoot") ? dir.resolve(m.options().get("imageRoot").getAsString()) : dir;
    }

    static List<Entry> parse(Path listFile, Manifest m) {
        List<String> lines;
        try {
            lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DatasetException.of(Files.exists(listFile) ? "Cannot read the image list (" + e.getMessage() + ")" : "The image list is missing",
                    listFile, m, SourceFiles.fixFor(m));
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            int space = line.lastIndexOf(' ');
            int label;
            try {
                if (space <= 0) throw new NumberFormatException();
                label = Integer.parseInt(line.substring(space + 1).trim());
                if (label < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw DatasetException.of("Line " + (i + 1) + " is not \"relative/path label\" with a label >= 0: '" + line + "'",
                        listFile, m, "restore the list file from the dataset's release");
            }
            out.add(new Entry(line.substring(0, space).trim(), label, i + 1));
        }
        return out;
    }

    private static List<String> classNames(Manifest m, int classes, TreeMap<Integer, String> folderOfLabel) {
        if (m.classNames() != null && !m.classNames().isEmpty()) {
            if (m.classNames().size() < classes)
                throw new DatasetException("Manifest " + m.location() + " lists " + m.classNames().size() + " class names, the lists use labels up to " + (classes - 1));
            return m.classNames();
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add(folderOfLabel.getOrDefault(c, "class " + c));
        return names;
    }

    private static String parentName(String path) {
        Path p = Path.of(path).getParent();
        return p == null ? path : p.getFileName().toString();
    }

    private static void decodeInto(Path root, Entry e, Path listFile, Manifest m, int size, byte[] px, int offset) {
        Path image = root.resolve(e.path());
        BufferedImage img;
        try {
            if (!Files.isRegularFile(image))
                throw DatasetException.of("Image listed at line " + e.line() + " of " + listFile.getFileName() + " is missing", image, m,
                        "the list's paths are relative to " + root + "; extract the images there (" + SourceFiles.fixFor(m) + ")");
            img = ImageIO.read(image.toFile());
        } catch (IOException ex) {
            throw DatasetException.of("Cannot decode image (" + ex.getMessage() + ")", image, m, "re-extract the image archive");
        }
        if (img == null)
            throw DatasetException.of("Not an image ImageIO can decode (line " + e.line() + " of " + listFile.getFileName() + ")", image, m,
                    "re-extract the image archive");
        toPlanes(centreSquare(img, size), size, px, offset);
    }

    /** A size×size image's R, G, B planes into {@code px} at {@code offset} (grayscale images give three equal planes). */
    static void toPlanes(BufferedImage square, int size, byte[] px, int offset) {
        int plane = size * size;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int rgb = square.getRGB(x, y);
                px[offset + y * size + x] = (byte) (rgb >> 16);
                px[offset + plane + y * size + x] = (byte) (rgb >> 8);
                px[offset + 2 * plane + y * size + x] = (byte) rgb;
            }
    }

    /** Shorter side scaled to {@code size} (bilinear), then the central size×size square. */
    static BufferedImage centreSquare(BufferedImage img, int size) {
        double scale = size / (double) Math.min(img.getWidth(), img.getHeight());
        int w = Math.max(size, (int) Math.round(img.getWidth() * scale)), h = Math.max(size, (int) Math.round(img.getHeight() * scale));
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, -(w - size) / 2, -(h - size) / 2, w, h, null);
        g.dispose();
        return out;
    }

    @Override
    public CheckReport check(Manifest m) {
        List<String> lines = new ArrayList<>();
        try {
            Path dir = SourceFiles.resolveDir(m);
            lines.add("source:  " + dir);
            for (var s : m.splits().entrySet()) {
                List<Entry> entries = parse(dir.resolve(s.getValue().trim()), m);
                int[] counts = new int[entries.stream().mapToInt(Entry::label).max().orElse(-1) + 1];
                for (Entry e : entries) counts[e.label()]++;
                lines.add("split " + s.getKey() + ": " + entries.size() + " images listed, " + counts.length + " classes, most/least per class "
                        + Arrays.stream(counts).max().orElse(0) + "/" + Arrays.stream(counts).min().orElse(0));
            }
            return new CheckReport(true, lines);
        } catch (DatasetException e) {
            lines.add(e.getMessage());
            return new CheckReport(false, lines);
        }
    }
}
