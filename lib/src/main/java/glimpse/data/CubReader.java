package glimpse.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader "cub": Caltech-UCSD Birds-200-2011 (Wah et al. 2011) in its release layout: in the source
 * folder {@code images.txt} ({@code id relpath}), {@code image_class_labels.txt} ({@code id class}),
 * {@code train_test_split.txt} ({@code id 1|0}, 1 = train), {@code classes.txt} ({@code id name}),
 * {@code bounding_boxes.txt} ({@code id x y w h}, floats, pixels), ids and classes 1-based, the images
 * under {@code images/}. Splits "train" (5,994 images) and "test" (5,794), 200 classes renumbered
 * 0..199. Images (a few are grayscale JPEGs: their one channel is repeated) are optionally cropped
 * to their box ({@code options.cropToBox}), then shorter side to {@code options.imageSize} (default
 * 64) and centre-cropped, RGB.
 */
public final class CubReader implements DatasetReader {

    /** One image: its 1-based id, path under images/, 0-based class, split flag and box. */
    record Entry(int id, String path, int label, boolean train, float[] box) {}

    @Override
    public Dataset read(Manifest m) {
        Path dir = SourceFiles.resolveDir(m);
        int size = CifarBinaryReader.option(m, "imageSize", 64);
        boolean crop = ImageFiles.cropToBox(m);
        List<String> names = new ArrayList<>(columns(dir.resolve("classes.txt"), m, 2).values().stream().map(c -> c[1]).toList());
        List<Entry> entries = entries(dir, m, names.size());
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            List<Entry> in = entries.stream().filter(e -> e.train() == split.equals("train")).toList();
            splits.put(split, ImageFiles.squareSet(m.id() + "/" + split, size, in.stream().mapToInt(Entry::label).toArray(), i -> {
                BufferedImage img = decode(dir.resolve("images").resolve(in.get(i).path()), m);
                return crop ? cropTo(img, in.get(i).box()) : img;
            }, names));
        }
        return new Dataset(m, splits);
    }

    /** The joined annotation files, in images.txt order. */
    static List<Entry> entries(Path dir, Manifest m, int classes) {
        Map<Integer, String[]> images = columns(dir.resolve("images.txt"), m, 2);
        Map<Integer, String[]> labels = columns(dir.resolve("image_class_labels.txt"), m, 2);
        Map<Integer, String[]> split = columns(dir.resolve("train_test_split.txt"), m, 2);
        Path boxFile = dir.resolve("bounding_boxes.txt");
        Map<Integer, String[]> boxes = Files.isRegularFile(boxFile) ? columns(boxFile, m, 5) : Map.of();
        List<Entry> out = new ArrayList<>();
        for (var e : images.entrySet()) {
            int id = e.getKey();
            String[] l = labels.get(id), s = split.get(id), b = boxes.get(id);
            if (l == null || s == null)
                throw DatasetException.of("Image id " + id + " of images.txt has no " + (l == null ? "class in image_class_labels.txt" : "flag in train_test_split.txt"),
                        dir.resolve(l == null ? "image_class_labels.txt" : "train_test_split.txt"), m, "restore the annotation files from the CUB_200_2011 archive");
            int label = number(l[1], dir.resolve("image_class_labels.txt"), m) - 1;
            if (label < 0 || label >= classes)
                throw DatasetException.of("Image id " + id + " has class " + (label + 1) + ", outside 1.." + classes + " of classes.txt",
                        dir.resolve("image_class_labels.txt"), m, "restore the annotation files from the CUB_200_2011 archive");
            float[] box = b == null ? null : new float[] {Float.parseFloat(b[1]), Float.parseFloat(b[2]), Float.parseFloat(b[3]), Float.parseFloat(b[4])};
            out.add(new Entry(id, e.getValue()[1], label, s[1].equals("1"), box));
        }
        return out;
    }

    /** id → the line's whitespace-separated fields (the first n−1 split off, the rest kept whole); the id must be an integer. */
    static Map<Integer, String[]> columns(Path file, Manifest m, int n) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DatasetException.of("Cannot read a CUB annotation file (" + e.getMessage() + ")", file, m, SourceFiles.fixFor(m));
        }
        Map<Integer, String[]> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+", n);
            if (f.length != n)
                throw DatasetException.of("Line " + (i + 1) + " has " + f.length + " fields, expected " + n + ": '" + line + "'", file, m,
                        "restore the file from the CUB_200_2011 archive");
            out.put(number(f[0], file, m), f);
        }
        return out;
    }

    private static int number(String s, Path file, Manifest m) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw DatasetException.of("'" + s + "' is not an integer id", file, m, "restore the file from the CUB_200_2011 archive");
        }
    }

    private static BufferedImage decode(Path image, Manifest m) {
        return ImageFiles.read(image, m, "images.txt", "extract CUB_200_2011.tgz so that images/ sits next to images.txt");
    }

    /** The box (x, y, w, h), clamped to the image; the whole image when there is none. */
    static BufferedImage cropTo(BufferedImage img, float[] box) {
        if (box == null) return img;
        int x = Math.max(0, Math.round(box[0])), y = Math.max(0, Math.round(box[1]));
        int w = Math.max(1, Math.min(img.getWidth() - x, Math.round(box[2]))), h = Math.max(1, Math.min(img.getHeight() - y, Math.round(box[3])));
        return img.getSubimage(Math.min(x, img.getWidth() - 1), Math.min(y, img.getHeight() - 1), w, h);
    }

    @Override
    public CheckReport check(Manifest m) {
        return checkByReading(m, "images.txt, image_class_labels.txt, train_test_split.txt, classes.txt, bounding_boxes.txt, images/");
    }
}
