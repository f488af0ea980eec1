package glimpse.data;

import com.google.gson.JsonObject;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Few-shot benchmarks kept by the user in the layouts they are distributed in:
 * <ul>
 *   <li>{@code "layout": "class-folders"} — one folder per split, one sub-folder per class
 *       (tieredImageNet, CIFAR-FS, FC100, miniImageNet as class folders). A split's value in the
 *       manifest lists candidate folder names separated by {@code |}, e.g. {@code "train|base"};
 *       the first that exists is used.</li>
 *   <li>{@code "layout": "csv"} — miniImageNet's Ravi–Larochelle split files: a split's value names
 *       a CSV with header {@code filename,label}; images live in {@code options.imagesDir}.</li>
 *   <li>{@code "layout": "split-file"} — ImageNet's class folders ({@code options.imagesDir}, one
 *       sub-folder per WordNet id) restricted to the classes a split file lists: Meta-Dataset's ILSVRC
 *       split ({@link MetaDatasetSplit}); a split's value is TRAIN, VALID or TEST.</li>
 * </ul>
 * The dataset root is the folder named by {@code source.env}, else {@code source.path}. Images are
 * decoded with ImageIO and resized to {@code options.size}² (bilinear) with {@code options.channels}
 * (3 = RGB, 1 = luminance); {@code options.maxImagesPerClass} (optional) keeps the first images of
 * each class in file-name order, which makes tieredImageNet fit in memory on a small machine.
 * Each split becomes an {@link ImageSet} over its own classes (few-shot splits are class-disjoint).
 */
public final class ImageFolderReader implements DatasetReader {
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** What the manifest's {@code options} say. */
    record Options(String layout, int size, int channels, String imagesDir, int maxImagesPerClass) {
        static Options of(Manifest m) {
            JsonObject o = m.options() == null ? new JsonObject() : m.options();
            String layout = o.has("layout") ? o.get("layout").getAsString() : "class-folders";
            if (!layout.equals("class-folders") && !layout.equals("csv") && !layout.equals("split-file"))
                throw new DatasetException("Manifest " + m.location() + ": options.layout must be class-folders, csv or split-file, not '" + layout + "'");
            int size = o.has("size") ? o.get("size").getAsInt() : 84;
            int channels = o.has("channels") ? o.get("channels").getAsInt() : 3;
            if (channels != 1 && channels != 3) throw new DatasetException("Manifest " + m.location() + ": options.channels must be 1 or 3");
            String imagesDir = o.has("imagesDir") ? o.get("imagesDir").getAsString() : "images";
            int max = o.has("maxImagesPerClass") ? o.get("maxImagesPerClass").getAsInt() : Integer.MAX_VALUE;
            return new Options(layout, size, channels, imagesDir, max);
        }
    }

    /** One image file of a split and its class. */
    record Item(Path file, String className) {}

    @Override
    public Dataset read(Manifest m) {
        Path root = root(m);
        Options opt = Options.of(m);
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.splits().entrySet()) {
            List<Item> items = items(m, root, e.getValue(), opt);
            splits.put(e.getKey(), decode(m, e.getKey(), limit(items, opt.maxImagesPerClass()), opt));
        }
        return new Dataset(m, splits);
    }

    @Override
    public CheckReport check(Manifest m) {
        List<String> lines = new ArrayList<>();
        try {
            Path root = root(m);
            Options opt = Options.of(m);
            lines.add("root:    " + root + " (layout " + opt.layout() + ", decoded to " + opt.size() + "x" + opt.size() + "x" + opt.channels() + ")");
            for (Map.Entry<String, String> e : m.splits().entrySet()) {
                List<Item> items = items(m, root, e.getValue(), opt);
                long classes = items.stream().map(Item::className).distinct().count();
                lines.add("split " + e.getKey() + ": " + items.size() + " images in " + classes + " classes");
            }
            return new CheckReport(true, lines);
        } catch (DatasetException e) {
            lines.add(e.getMessage());
            return new CheckReport(false, lines);
        }
    }

    static Path root(Manifest m) {
        Manifest.Source s = m.source();
        Path fromEnv = SourceFiles.userDir(m);
        Path root = fromEnv != null ? fromEnv : s.path() != null ? Path.of(s.path()) : null;
        if (root == null || !Files.isDirectory(root))
            throw DatasetException.of("Dataset '" + m.id() + "' is not on this machine", root == null ? Path.of("(unset " + s.env() + ")") : root, m,
                    "download " + m.title() + " yourself (" + m.homepage() + ") and set " + s.env() + " (or -Dglimpse.dir." + m.id()
                            + ") to its folder, laid out as: " + s.layout());
        return root;
    }

    /** The images of one split, by the manifest's layout. */
    static List<Item> items(Manifest m, Path root, String where, Options opt) {
        return switch (opt.layout()) {
            case "csv" -> csvItems(m, root, where, opt);
            case "split-file" -> splitFileItems(m, root, where, opt);
            default -> folderItems(m, root, where);
        };
    }

    /**
     * {@code "layout": "split-file"}: the classes of Meta-Dataset's split {@code split} (TRAIN, VALID or
     * TEST of {@link MetaDatasetSplit}), each a folder of images in {@code options.imagesDir} (ILSVRC-2012's
     * {@code train/n01440764/*.JPEG}: Meta-Dataset draws all three splits from the training images).
     */
    static List<Item> splitFileItems(Manifest m, Path root, String split, Options opt) {
        Path images = root.resolve(opt.imagesDir());
        if (!Files.isDirectory(images))
            throw DatasetException.of("No images folder " + opt.imagesDir() + "/ (options.imagesDir)", images, m, "lay the dataset out as " + m.source().layout());
        List<Item> items = new ArrayList<>();
        for (String wnid : MetaDatasetSplit.of(m, root, images).classes(split)) {
            Path c = images.resolve(wnid);
            try (Stream<Path> files = Files.list(c)) {
                List<Path> found = files.filter(ImageFolderReader::isImage).sorted().toList();
                if (found.isEmpty()) throw DatasetException.of("Class folder " + wnid + " holds no images", c, m, "restore it from ILSVRC2012_img_train.tar");
                for (Path f : found) items.add(new Item(f, wnid));
            } catch (IOException e) {
                throw DatasetException.of("Cannot list (" + e.getMessage() + ")", c, m, "check the folder's permissions");
            }
        }
        return items;
    }

    static List<Item> folderItems(Manifest m, Path root, String candidates) {
        Path dir = null;
        for (String name : candidates.split("\\|")) {
            if (Files.isDirectory(root.resolve(name.trim()))) { dir = root.resolve(name.trim()); break; }
        }
        if (dir == null)
            throw DatasetException.of("No split folder named " + candidates.replace("|", " or "), root.resolve(candidates.split("\\|")[0]), m,
                    "lay the dataset out as " + m.source().layout());
        List<Item> items = new ArrayList<>();
        try (Stream<Path> classes = Files.list(dir)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(c)) {
                    for (Path f : files.filter(ImageFolderReader::isImage).sorted().toList())
                        items.add(new Item(f, c.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw DatasetException.of("Cannot list (" + e.getMessage() + ")", dir, m, "check the folder's permissions");
        }
        if (items.isEmpty()) throw DatasetException.of("No images in the class folders of this split", dir, m, "lay the dataset out as " + m.source().layout());
        return items;
    }

    static List<Item> csvItems(Manifest m, Path root, String csvName, Options opt) {
        Path csv = root.resolve(csvName.trim());
        Path images = root.resolve(opt.imagesDir());
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw DatasetException.of("Cannot read split file (" + e.getMessage() + ")", csv, m,
                    "put the Ravi-Larochelle split files (train.csv, val.csv, test.csv with header filename,label) in " + root);
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("filename"))) continue;
            String[] parts = line.split(",");
            if (parts.length != 2)
                throw DatasetException.of("Line " + (i + 1) + " is not 'filename,label': " + line, csv, m, "restore the original split file");
            Path f = images.resolve(parts[0].trim());
            if (!Files.isRegularFile(f))
                throw DatasetException.of("Image listed on line " + (i + 1) + " of " + csv.getFileName() + " is missing", f, m,
                        "put all images in " + images + " (options.imagesDir)");
            items.add(new Item(f, parts[1].trim()));
        }
        if (items.isEmpty()) throw DatasetException.of("Split file lists no images", csv, m, "restore the original split file");
        return items;
    }

    static List<Item> limit(List<Item> items, int perClass) {
        if (perClass == Integer.MAX_VALUE) return items;
        Map<String, Integer> seen = new TreeMap<>();
        List<Item> out = new ArrayList<>();
        for (Item it : items) if (seen.merge(it.className(), 1, Integer::sum) <= perClass) out.add(it);
        return out;
    }

    static ImageSet decode(Manifest m, String split, List<Item> items, Options opt) {
        List<String> classes = items.stream().map(Item::className).distinct().sorted().toList();
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        int b = opt.channels() * opt.size() * opt.size();
        if ((long) items.size() * b > Integer.MAX_VALUE - 8)   // one Java array holds a split's pixels
            throw DatasetException.of("Split " + split + " has " + items.size() + " images: " + ((long) items.size() * b >> 20) + " MiB of pixels at "
                    + opt.size() + " px, more than one in-memory image set holds (2 GiB)", m,
                    "set options.maxImagesPerClass in the manifest (keeps the first images of each class) or a smaller options.size");
        byte[] px = new byte[items.size() * b];
        int[] ys = new int[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            Item it = items.get(i);
            System.arraycopy(pixels(m, it.file(), opt.size(), opt.channels()), 0, px, i * b, b);
            ys[i] = index.get(it.className());
        });
        return new ImageSet(m.id() + "/" + split, opt.channels(), opt.size(), opt.size(), px, ys, classes, classes);
    }

    /** One image file decoded, resized to size×size bilinearly, as planar C×H×W bytes. */
    static byte[] pixels(Manifest m, Path file, int size, int channels) {
        BufferedImage src;
        try {
            src = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw DatasetException.of("Cannot decode image (" + e.getMessage() + ")", file, m, "replace the damaged file from the original archive");
        }
        if (src == null) throw DatasetException.of("Not a readable image (ImageIO knows no decoder for it)", file, m,
                "replace the damaged file from the original archive");
        BufferedImage dst = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, size, size, null);
        g.dispose();
        byte[] out = new byte[channels * size * size];
        int n = size * size;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int rgb = dst.getRGB(x, y), r = (rgb >> 16) & 0xff, gg = (rgb >> 8) & 0xff, bb = rgb & 0xff;
                int p = y * size + x;
                if (channels == 3) { out[p] = (byte) r; out[n + p] = (byte) gg; out[2 * n + p] = (byte) bb; }
                else out[p] = (byte) Math.round(0.299 * r + 0.587 * gg + 0.114 * bb);
            }
        return out;
    }

    private static boolean isImage(Path f) {
        String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(f) && IMAGE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

}
